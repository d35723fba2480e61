"""Handing memory the build no longer needs back to the system,
so the peak stays low at thousands of pages."""

from __future__ import annotations

import ctypes
import gc
import zlib


def return_freed_memory() -> None:
    """Collect garbage, then ask the C allocator to give freed pages back (glibc's malloc_trim;
    elsewhere a no-op).

    Page HTML lives in blocks the allocator keeps for reuse after they are freed; without the trim, the search
    index written at the end of the build is allocated on top of them and sets the peak.
    """
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def compact_html(html: str) -> str:
    """The same HTML in half the memory when it has a character past U+00FF (a dash, an arrow).

    MkDocs holds every page's HTML until the build ends, and one such character makes Python store the whole
    page at 2 bytes a character. As character references it stays at 1, and browsers, the search index and
    HTML parsers read them as the same characters; not inside script or style, so those are left alone.
    """
    if html.isascii() or "<script" in html or "<style" in html:
        return html
    return html.encode("ascii", "xmlcharrefreplace").decode("ascii")


PACKED = "<!-- contract-catalog: this page's HTML is packed until MkDocs writes the page -->"


class PackedPages:
    """The HTML of catalog pages, compressed from when MkDocs has read a page until it writes it.

    MkDocs reads every page before it writes the first one, so the whole site's HTML is held at once:
    138 MB of the 440 MB a 2,000-event build holds then. Pages of generated tables compress about tenfold,
    at a cost of about 1% of the build. The page holds `PACKED` meanwhile; nothing of MkDocs or the theme
    reads a page's HTML in between (plugins that do so in `on_env` see the marker, not the page).
    """

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def pack(self, key: str, html: str) -> str:
        self._packed[key] = zlib.compress(html.encode("utf-8"), 1)
        return PACKED

    def unpack(self, key: str, content: str | None) -> str | None:
        """The page's HTML, if it was packed and still holds the marker (else `content` as it is)."""
        packed = self._packed.pop(key, None)
        if packed is None or content != PACKED:
            return content
        return zlib.decompress(packed).decode("utf-8")
