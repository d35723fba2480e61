"""The lighter copy of a catalog page that the search plugin reads, lent for the time it reads it.

The search plugin reads `page.content` between the priorities 100 and -100 of `on_page_context`. The copy has
the page's text and headings without the tags search drops anyway, plus what views add (one entry per payload
field); the real HTML is held here meanwhile and handed back before the theme renders the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from .search_html import search_html
from .search_sections import searchable

if TYPE_CHECKING:
    from ..views.base import CatalogView, SearchEntry


class SearchCopy:
    """Holds one page's real HTML while the search plugin reads the copy in its place."""

    def __init__(self, views: Sequence[CatalogView]) -> None:
        self.views = views
        self._held: tuple[object, str, str] | None = None  # (page, its HTML, the copy lent)

    def clear(self) -> None:
        self._held = None

    def lend(self, page: object, src_uri: str, html: str, *, with_entries: bool = True) -> str:
        """What the search plugin should read of `page` instead of `html` (`html` itself when no copy is
        needed).

        With `with_entries`, the views' own results go into the copy as headings the plugin makes entries of;
        without, the caller adds them to the index itself (`index_entries`), which saves parsing them.
        """
        self._held = None
        searched = search_html(searchable(html))
        added = "".join(_as_html(entry) for entry in self._entries(src_uri)) if with_entries else ""
        if searched is html and not added:
            return html
        searched += added
        self._held = (page, html, searched)
        return searched

    def index_entries(self, url: str, src_uri: str) -> list[dict[str, str]]:
        """The views' results for the page at `url`, as Material's search index holds its entries: what its
        HTML parser would make of `_as_html` (the text escaped as the parser escapes it)."""
        return [
            {
                "location": f"{url}#{entry.anchor}",
                "title": escape(entry.title, quote=False),
                "text": f"<p>{escape(_one_line(entry.text), quote=False)}</p>",
            }
            for entry in self._entries(src_uri)
        ]

    def _entries(self, src_uri: str) -> list[SearchEntry]:
        return [entry for view in self.views for entry in view.search_entries(src_uri)]

    def take_back(self, page: object, content: str | None) -> tuple[str, bool] | None:
        """The real HTML of `page` if a copy was lent for it, and whether another plugin changed the copy
        meanwhile."""
        held, self._held = self._held, None
        if held is None or held[0] is not page:
            return None
        _, html, searched = held
        return html, content != searched


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _as_html(entry: SearchEntry) -> str:
    """A heading with the entry's anchor and its text: the search plugin makes an entry of each."""
    return f'<h6 id="{escape(entry.anchor)}">{escape(entry.title)}</h6><p>{escape(_one_line(entry.text))}</p>'
