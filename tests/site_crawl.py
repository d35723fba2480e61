"""Every link and anchor of a built site, checked the way a reader's browser would follow them."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.ids.add(attributes[name])
        for name in ("href", "src"):
            if attributes.get(name) and not (tag == "link" and attributes.get("rel") in ("canonical",)):
                self.links.append(attributes[name])


def _target(site: Path, page: Path, link: str, site_url: str | None) -> tuple[Path, str] | None:
    """The file and anchor a link leads to, or None for a link leaving the site (another host, mailto:)."""
    site_path = urlsplit(site_url).path if site_url else "/"  # where the site is served: /platform/
    if site_url and link.startswith(site_url):
        link = site_path + link[len(site_url) :]  # an absolute URL of the site: as a root-relative one
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    if path.startswith("/"):  # root-relative: must stay under the site's path
        if not path.startswith(site_path):
            return site / "(outside the site's path)" / path.lstrip("/"), ""
        resolved = "/" + path[len(site_path) :]
    else:
        here = "/" + page.parent.relative_to(site).as_posix() + "/"
        resolved = posixpath.normpath(posixpath.join(here, path)) + ("/" if path.endswith("/") else "")
    file = site / resolved.lstrip("/")
    if resolved.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(parts.fragment)


def broken_links(site: Path, site_url: str | None = None) -> list[str]:
    """`page: link (why)` for every link or anchor of the site's HTML that leads nowhere."""
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            links = _Links()
            links.feed(path.read_text(encoding="utf-8"))
            parsed[path] = links
        return parsed[path]

    misses = []
    for page in sorted(site.rglob("*.html")):
        for link in parse(page).links:
            found = _target(site, page, link, site_url)
            if found is None:
                continue
            file, anchor = found
            where = f"{page.relative_to(site)}: {link}"
            if not file.is_file():
                misses.append(
                    f"{where} (no file {file.relative_to(site) if file.is_relative_to(site) else file})"
                )
            elif anchor and file.suffix == ".html" and anchor not in parse(file).ids:
                misses.append(f"{where} (no #{anchor})")
    return misses
