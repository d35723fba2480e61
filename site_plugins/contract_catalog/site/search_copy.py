"""The lighter copy of a catalog page that the search plugin reads, lent for the time it reads it.

The search plugin reads `page.content` between the priorities 100 and -100 of `on_page_context`. The copy has
the page's text and headings without the tags search drops anyway, plus what views add (one entry per payload
field); the real HTML is held here meanwhile and handed back before the theme renders the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .search_html import search_html
from .search_sections import searchable

if TYPE_CHECKING:
    from ..views.base import CatalogView


class SearchCopy:
    """Holds one page's real HTML while the search plugin reads the copy in its place."""

    def __init__(self, views: Sequence[CatalogView]) -> None:
        self.views = views
        self._held: tuple[object, str, str] | None = None  # (page, its HTML, the copy lent)

    def clear(self) -> None:
        self._held = None

    def lend(self, page: object, src_uri: str, html: str) -> str:
        """What the search plugin should read of `page` instead of `html` (`html` itself when no copy is needed)."""
        self._held = None
        searched = search_html(searchable(html))
        added = "".join(view.search_html(src_uri) for view in self.views)
        if searched is html and not added:
            return html
        searched += added
        self._held = (page, html, searched)
        return searched

    def take_back(self, page: object, content: str | None) -> tuple[str, bool] | None:
        """The real HTML of `page` if a copy was lent for it, and whether another plugin changed the copy meanwhile."""
        held, self._held = self._held, None
        if held is None or held[0] is not page:
            return None
        _, html, searched = held
        return html, content != searched
