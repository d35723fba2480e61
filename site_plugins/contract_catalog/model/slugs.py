"""Page names from registry names: URL-safe, no longer than a file system allows, one per name."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_CHARS = 100  # a page is a folder named after its slug; file systems allow 255 bytes


def slugify(name: str) -> str:
    """A URL path segment for a name: lower case ASCII letters, digits, '.', '_' and '-' only, 100 at most."""
    return full_slug(name)[:MAX_SLUG_CHARS].rstrip(".-") or "unnamed"


def full_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"\.{2,}", ".", re.sub(r"[^a-z0-9._-]+", "-", ascii_name)).strip(".-")


def name_too_long(kind: str, name: str, url: str) -> str | None:
    """A problem message when a name is cut to make its page's URL."""
    if len(full_slug(name)) <= MAX_SLUG_CHARS:
        return None
    return (
        f"{kind} name is {len(name):,} characters long; page names are cut at {MAX_SLUG_CHARS}, "
        f"so its page is {url}"
    )


def folder_url(folder: str, name: str) -> str:
    """The URL a name asks for in a folder of pages: `events/a.b/`, or `events/` for one slugged `index`."""
    slug = slugify(name)
    return f"{folder}/" if slug == "index" else f"{folder}/{slug}/"


def unique_slug(name: str, taken: dict[str, str], index_page: str) -> tuple[str, str | None]:
    """A slug no other name of the same kind has, nor the folder's index page; and who had it, if anyone.

    `taken` maps slugs to the names that hold them and is updated. A name whose slug is taken gets a numbered
    one (`-2`, `-3`, ...), so that both pages are published and neither replaces the other.
    """
    slug = slugify(name)
    if slug not in taken and slug != "index":
        taken[slug] = name
        return slug, None
    holder = f"'{taken[slug]}'" if slug in taken else index_page
    suffix = 2
    while f"{slug}-{suffix}" in taken:
        suffix += 1
    taken[f"{slug}-{suffix}"] = name
    return f"{slug}-{suffix}", holder
