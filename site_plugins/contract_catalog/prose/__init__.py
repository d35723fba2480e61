"""Markdown prose: code and text zones, headings, names in text, cross-references, safe rendering."""
