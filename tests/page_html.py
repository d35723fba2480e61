"""Reading built pages in tests: the whole page, or only its article (what a reader scrolls through)."""

from __future__ import annotations

from bs4 import BeautifulSoup


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def content(html: str) -> BeautifulSoup:
    """The article of a Material page; navigation and search are cut off first to keep parsing fast."""
    start = html.index('<article class="md-content__inner')
    return soup(html[start : html.index("</article>", start) + len("</article>")]).select_one("article")
