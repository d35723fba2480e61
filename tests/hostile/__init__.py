"""Broken and hostile contracts trees, and the helpers that build them (see README.md in this folder)."""
