"""Handing memory the build no longer needs back to the system,
so the peak stays low at thousands of pages."""

from __future__ import annotations

import ctypes
import gc


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
