"""Which names of files and folders can become URLs of the site, and why the others cannot.

Every file of the contracts tree is published at its path, and links between pages are relative paths
made from names. A name with ':' could make such a link read as a URL scheme (a document named
`javascript:alert(1).md` would become `<a href="javascript:alert(1)/">`), a control character or a NUL
cannot be written into a page or a file name, and a component longer than file systems allow cannot be
written into site/. Such names are reported and the file is neither read nor published.
"""

from __future__ import annotations

MAX_NAME_BYTES = 255  # the longest file name ext4, APFS and NTFS accept


def unsafe_name(path: str) -> str | None:
    """Why a path (parts separated by '/') cannot be published under its name, or None when it can."""
    for part in path.split("/"):
        reason = _unsafe_part(part)
        if reason:
            return reason
    return None


def _unsafe_part(part: str) -> str | None:
    try:
        size = len(part.encode("utf-8"))
    except UnicodeEncodeError:  # bytes that are not UTF-8 come back from the file system as surrogates
        return "has a name that is not UTF-8"
    if "\0" in part:
        return "contains a NUL byte"
    if any(ord(char) < 32 or 127 <= ord(char) < 160 for char in part):
        return "contains a control character"
    if ":" in part:
        return "contains ':', so a link to it could be read as a URL scheme (like javascript:)"
    if size > MAX_NAME_BYTES:
        return f"has a name of {size:,} bytes; file systems allow {MAX_NAME_BYTES}"
    return None


def safe_relative_href(href: str) -> str:
    """A relative link that no browser reads as a scheme: './' before a first segment holding ':'."""
    first = href.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]
    return "./" + href if ":" in first else href
