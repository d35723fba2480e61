"""Handing memory the build no longer needs back to the system, so the peak stays low at thousands of pages."""

from __future__ import annotations

import ctypes
import gc


def return_freed_memory() -> None:
    """Collect garbage, then ask the C allocator to give freed pages back (glibc's malloc_trim; elsewhere a no-op).

    Page HTML lives in blocks the allocator keeps for reuse after they are freed; without the trim, the search
    index written at the end of the build is allocated on top of them and sets the peak.
    """
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)
