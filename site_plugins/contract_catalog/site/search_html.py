"""The HTML a search plugin reads for a catalog page: the same text and headings, without the other tags.

Material's search plugin (and MkDocs' own) feeds every page's HTML to Python's HTMLParser and keeps only
headings, text and a few tags (paragraphs, code, lists). Catalog pages are mostly tables and pictures, whose
tags it parses one by one only to drop them: at 2,000 event types that was a third of the build. One regex
pass drops those tags first, so the parser sees the same text and headings in a fraction of the tags.
A test checks that both give the same index on every page of the bundled catalog.
"""

from __future__ import annotations

import re

# Tags the search index keeps (Material's `keep` set), headings, and the block containers a heading may sit
# in: the parser reads section boundaries from how deep a heading is nested, so those stay as they are.
_KEPT = (
    "p|code|pre|li|ol|ul|sub|sup|h[1-6]|"
    "div|details|summary|section|article|figure|figcaption|blockquote|dl|dt|dd"
)
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_DROPPED_TAG = re.compile(rf"</?(?!(?:{_KEPT})\b)[a-zA-Z][a-zA-Z0-9:-]*{_ATTRIBUTES}>")
# A heading's permalink: the parser leaves its text out of the title, so it goes as a whole.
_PERMALINK = re.compile(rf'<a class="headerlink"{_ATTRIBUTES}>[^<]*</a>')
# What makes the parser skip a whole element or treat text specially; a page with any of these is left as it
# is.
_SPECIAL = ("data-search-", "<script", "<style", "<object", "linenodiv", "<!", "<?")
_EXCLUDED = "data-search-exclude"
# Elements the catalog marks excluded; none holds another of its kind (the field pages' lists of places and
# drift values, and the first rows of /fields/, each reachable through its own entry).
_WHOLE = ("svg", "pre", "table", "p", "ul", "details", "span")


def search_html(html: str) -> str:
    """`html` with only the tags the search index can use; `html` itself when it has markup this cannot
    judge."""
    html = _without_excluded(html)
    if any(marker in html for marker in _SPECIAL):
        return html
    return _DROPPED_TAG.sub("", _PERMALINK.sub("", html))


def _without_excluded(html: str) -> str:
    """Remove each element of `_WHOLE` marked data-search-exclude: the parser would skip all of it."""
    parts = []
    start = 0
    while (found := html.find(_EXCLUDED, start)) != -1:
        opening = html.rfind("<", start, found)
        name = next((tag for tag in _WHOLE if _opens(html, opening, tag)), None) if opening != -1 else None
        closing = html.find(f"</{name}>", found) if name else -1
        if closing == -1:
            return html  # another element: leave the page to the parser
        parts.append(html[start:opening])
        start = closing + len(f"</{name}>")
    return "".join(parts) + html[start:] if parts else html


def _opens(html: str, position: int, tag: str) -> bool:
    end = position + 1 + len(tag)
    return html.startswith(tag, position + 1) and html[end : end + 1] in (" ", ">", "\n")
