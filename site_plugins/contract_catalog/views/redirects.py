"""Old URLs that send the reader on: a renamed event type, a moved contract document.

A redirect page is a small HTML file at the old URL, written the way mkdocs-redirects writes them (a meta
refresh and a visible link), so it needs no script. It also lists every anchor the old page published
(`#v2`, `#v2-<field>`), each an element with that id and a link to the same place on the new page, so a link
to a version or a field still leads there by hand and passes an anchor check; a small script only carries
the `#fragment` along on the automatic redirect.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from ..history.url_history import Commit, RetiredEvent, field_paths_at, version_entries
from ..model import urls
from ..model.catalog import EventType
from .base import CatalogView
from .retired import removal_text, retired_event_page

STYLESHEET = "assets/contract-catalog/retired.css"  # at the site root, as the plugin publishes its assets


@dataclass(frozen=True)
class Redirect:
    old_src: str
    new_src: str
    old_name: str
    new_name: str
    what: str  # "was renamed to" / "was moved to"
    verb: str  # "Renamed" / "Moved", the banner's first word
    removed: Commit | None
    anchors: tuple[tuple[str, str | None], ...] = ()  # old anchor -> the anchor it lands on (None: the page)


class RedirectsView(CatalogView):
    def redirects(self) -> list[Redirect]:
        catalog = self.context.catalog
        history = self.context.url_history
        taken = {urls.event_page(event) for event in catalog.events.values()}
        found = []
        for retired in sorted(history.renamed_events.values(), key=lambda r: r.name):
            new = catalog.events.get(retired.renamed_to or "")  # else retired too: its own page
            old_src = retired_event_page(retired.name)
            new_src = urls.event_page(new) if new else retired_event_page(retired.renamed_to or "")
            if old_src not in taken:
                found.append(
                    Redirect(
                        old_src,
                        new_src,
                        retired.name,
                        retired.renamed_to or "",
                        "was renamed to",
                        "Renamed",
                        retired.removed,
                        self._event_anchors(retired, new),
                    )
                )
        for document in sorted(history.documents.values(), key=lambda d: d.rel):
            if document.moved_to:
                old_src, new_src = f"contracts/{document.rel}", f"contracts/{document.moved_to}"
                found.append(
                    Redirect(
                        old_src,
                        new_src,
                        document.rel,
                        document.moved_to,
                        "was moved to",
                        "Moved",
                        document.removed,
                    )
                )
        return found

    def _event_anchors(
        self, retired: RetiredEvent, new: EventType | None
    ) -> tuple[tuple[str, str | None], ...]:
        """Every anchor the old page had (from its last revision) or the new one has, with where it lands; a
        new name that is itself retired keeps the old anchors on its own page."""
        history = self.context.url_history
        landing: dict[str, str] = {}
        for version in new.versions if new else []:
            landing[version.anchor] = version.anchor
            if version.payload_schema and version.schema_path_ok and version.version is not None:
                for path in self.context.schemas.summary(version.payload_schema, version.version).field_paths:
                    landing[f"{version.anchor}-{path}"] = f"{version.anchor}-{path}"
        old: list[str] = []
        for number, item in version_entries(retired.entry).items():
            old.append(f"v{number}")
            path = item.get("payload_schema")
            if retired.last and isinstance(path, str):
                old += [f"v{number}-{field}" for field in field_paths_at(history, retired.last, path, number)]
        if new is None:
            landing = {anchor: anchor for anchor in old}
        anchors = {
            anchor: landing.get(
                anchor, anchor.split("-", 1)[0] if anchor.split("-", 1)[0] in landing else None
            )
            for anchor in old
        }
        anchors.update(landing)
        return tuple(sorted(anchors.items(), key=lambda item: _anchor_order(item[0])))

    def static_files(self) -> list[tuple[str, bytes | Callable[[], bytes]]]:
        # Written after the pages: the new pages' field anchors come from what they rendered.
        return [(self._dest(redirect.old_src), _later(self.page, redirect)) for redirect in self.redirects()]

    def _dest(self, src_uri: str) -> str:
        """The file a page at `src_uri` is written to, inside the catalog (the plugin adds the prefix)."""
        url = self.context.urls.url(src_uri)[len(self.context.urls.prefix) :]
        return url + "index.html" if url.endswith("/") or not url else url

    def page(self, redirect: Redirect) -> bytes:
        site_urls = self.context.urls
        target = site_urls.href(redirect.old_src, redirect.new_src)
        here = posixpath.dirname("/" + site_urls.file(self._dest(redirect.old_src)))
        html = self.context.renderer.env.get_template("redirect.html.j2").render(
            redirect=redirect,
            target=target,
            banner=removal_text(redirect.removed, redirect.verb) if redirect.removed else None,
            stylesheet=posixpath.relpath("/" + STYLESHEET, here),
        )
        return html.encode("utf-8")


def _later(make: Callable[[Redirect], bytes], redirect: Redirect) -> Callable[[], bytes]:
    return lambda: make(redirect)


def _anchor_order(anchor: str) -> tuple:
    version, _, path = anchor.partition("-")
    number = version[1:]
    return (-int(number) if number.isdigit() else 0, path)
