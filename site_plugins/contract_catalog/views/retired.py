"""Pages that outlive what they describe: tombstones of removed event types, versions and documents.

An event type removed from the registry keeps its page, built from the last revision that had it (its
producer, consumers and last field tables, the same anchors), under a banner saying when and in which commit
it was removed. A version removed from a registered event type keeps its anchors in a "Retired versions"
section of the event page; a field dropped from a schema file in place keeps its anchor as a note, shown
when a link targets it, saying where it went. What is found comes from `url_history`; renames and moved
documents are `redirects_view`'s.
"""

from __future__ import annotations

import posixpath
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..core.problems import Problem
from ..history.url_history import (
    Commit,
    DroppedField,
    GoneDocument,
    RetiredEvent,
    dropped_fields,
    loader_at,
    version_entries,
)
from ..model import urls
from ..model.catalog import EventType, SchemaVersion, slugify
from ..render.field_table import PageShown
from ..render.renderer import GeneratedPage, Section
from ..render.schema_html import render_payload
from ..schema.document import read_document
from .base import CatalogView

RETIRED_ANCHOR = "retired"


def retired_event_page(name: str) -> str:
    """The page an event type had: its URL is derived from its name only, so it is the same after removal."""
    return f"events/{slugify(name)}.md"


def removal_text(commit: Commit | None, verb: str = "Removed") -> str:
    """`Removed on 2026-05-20 in 1a2b3c4d5e:
    Retire payment.failed`, the banner every retired page leads with."""
    if commit is None:
        return verb
    return f"{verb} on {commit.day} in {commit.short}: {commit.subject}"


class RetiredView(CatalogView):
    @property
    def history(self):
        return self.context.url_history

    @cached_property
    def tombstones(self) -> list[RetiredEvent]:
        """Removed event types whose page is not taken by a registered one (names map to pages one to one)."""
        taken = {urls.event_page(event) for event in self.context.catalog.events.values()}
        return sorted(
            (
                retired
                for retired in self.history.tombstoned_events.values()
                if retired.last and retired_event_page(retired.name) not in taken
            ),
            key=lambda r: r.name,
        )

    @cached_property
    def deleted_documents(self) -> list[GoneDocument]:
        return sorted((d for d in self.history.documents.values() if d.moved_to is None), key=lambda d: d.rel)

    def payload_html(self, src_uri: str, path: Any, number: int, commit: str | None) -> Markup | None:
        """A version's field table as its last revision had it: the same rendering, so the same anchors."""
        if not isinstance(path, str) or commit is None:
            return None
        loader = loader_at(self.history, commit)
        if loader.load(path) is None:
            return None
        published = self._published_file(path)
        schema_url = self.context.urls.href(src_uri, published) if published else ""
        return render_payload(
            self.context.renderer,
            read_document(loader, path, number),
            schema_url=schema_url,
            page=PageShown(),
        )

    def _published_file(self, path: str) -> str | None:
        """The raw file's catalog path when the site publishes one there (now, or its last content)."""
        parts = posixpath.normpath(path).split("/")
        rel = "/".join(parts[1:])
        if parts[0] != self.context.catalog.tree.root.name or ".." in parts:
            return None
        if rel in self.history.gone_json or (self.context.catalog.tree.root / rel).is_file():
            return f"contracts/{rel}"
        return None

    def _versions(self, src_uri: str, entry: dict, commit: str | None) -> list[dict[str, Any]]:
        shown = []
        for number, item in sorted(version_entries(entry).items(), reverse=True):
            shown.append(
                {
                    "number": number,
                    "anchor": f"v{number}",
                    "item": item,
                    "payload": self.payload_html(src_uri, item.get("payload_schema"), number, commit),
                }
            )
        return shown

    def static_files(self) -> list[tuple[str, bytes]]:
        """The last content of each schema file no longer in the tree, at its old path:
        raw links keep answering."""
        return [(f"contracts/{rel}", data) for rel, data in sorted(self.history.gone_json.items())]

    def pages(self) -> list[GeneratedPage]:
        pages = [self._event_tombstone(retired) for retired in self.tombstones]
        pages += [self._document_tombstone(document) for document in self.deleted_documents]
        return pages

    def _event_tombstone(self, retired: RetiredEvent) -> GeneratedPage:
        src = retired_event_page(retired.name)
        entry = retired.entry
        catalog = self.context.catalog
        contract_path = entry.get("owning_contract")
        contract_id = (
            contract_path.split("/")[1]
            if isinstance(contract_path, str) and contract_path.count("/") > 1
            else None
        )
        page = self.context.renderer.render(
            "retired_event.md.j2",
            src,
            retired=retired,
            banner=removal_text(retired.removed),
            producer=entry.get("producer") if isinstance(entry.get("producer"), str) else None,
            consumers=[c for c in entry.get("consumers", []) if isinstance(c, str)]
            if isinstance(entry.get("consumers"), list)
            else [],
            contract=catalog.contracts.get(contract_id) if contract_id else None,
            contract_path=contract_path,
            replacement=catalog.events.get(retired.replaced_by or ""),
            replaced_by=retired.replaced_by,
            versions=self._versions(src, entry, retired.last),
            catalog=catalog,
            domain_page=urls.domain_page,
            contract_page=urls.contract_page,
            event_page=urls.event_page,
        )
        return page.titled(
            retired.name,
            f"{retired.name}, removed from the registry on "
            f"{retired.removed.day if retired.removed else 'an unknown date'}: its last "
            "producer, consumers and payload",
        )

    def _document_tombstone(self, document: GoneDocument) -> GeneratedPage:
        contract = self.context.catalog.contracts.get(document.rel.split("/")[0])
        title = document.title or Path(document.rel).stem.replace("-", " ").replace("_", " ").capitalize()
        page = self.context.renderer.render(
            "retired_document.md.j2",
            f"contracts/{document.rel}",
            document=document,
            title=title,
            banner=removal_text(document.removed),
            contract=contract,
            contract_page=urls.contract_page,
            path=f"{self.context.catalog.tree.root.name}/{document.rel}",
        )
        return page.titled(title, f"{title}: a contract document removed on {document.removed.day}")

    def events_index_sections(self, src_uri: str) -> list[Section]:
        if not self.tombstones and not self.history.renamed_events:
            return []
        html = self.context.renderer.render_fragment(
            "partials/retired_index.html.j2",
            src_uri,
            tombstones=self.tombstones,
            renamed=sorted(self.history.renamed_events.values(), key=lambda r: r.name),
            page_of=retired_event_page,
            removal_text=removal_text,
            events=self.context.catalog.events,
            event_page=urls.event_page,
        )
        return [Section(title="Retired", anchor=RETIRED_ANCHOR, html=html)]

    def event_sections(self, event: EventType, src_uri: str) -> list[Section]:
        retired = sorted(self.history.versions.get(event.name, []), key=lambda r: r.version, reverse=True)
        replacement = self.context.catalog.events.get(event.replaced_by or "")
        if not retired and replacement is None:
            return []
        html = self.context.renderer.render_fragment(
            "partials/retired_versions.html.j2",
            src_uri,
            replacement=replacement,
            event_page=urls.event_page,
            retired=[
                (
                    r,
                    removal_text(r.removed),
                    self.payload_html(src_uri, r.entry.get("payload_schema"), r.version, r.last),
                )
                for r in retired
            ],
        )
        title = "Retired versions" if retired else "Replaced by"
        return [
            Section(title=title, anchor="retired-versions" if retired else "replaced-by", html=html, order=90)
        ]

    def version_sections(self, event: EventType, version: SchemaVersion, src_uri: str) -> list[Section]:
        """A note, shown only when a link targets it,
        for each field anchor this version's schema file once had."""
        dropped = self.dropped_fields(event, version)
        if not dropped:
            return []
        others = [v for v in event.versions if v is not version and v.payload_schema and v.schema_path_ok]
        still = {
            field.path: next(
                (v for v in sorted(others, key=lambda v: -(v.version or 0)) if field.path in self._paths(v)),
                None,
            )
            for field in dropped
        }
        html = self.context.renderer.render_fragment(
            "partials/gone_anchors.html.j2",
            src_uri,
            version=version,
            dropped=dropped,
            still=still,
            removal_text=removal_text,
        )
        return [Section(title="", anchor="", html=html, order=1)]

    def _paths(self, version: SchemaVersion) -> frozenset[str]:
        return self.context.schemas.summary(version.payload_schema, version.version or 0).field_paths

    def dropped_fields(self, event: EventType, version: SchemaVersion) -> list[DroppedField]:
        """Field paths the version's schema file had in earlier commits and lacks now,
        newest removal first."""
        if not (
            self.history.available
            and version.payload_schema
            and version.schema_path_ok
            and version.version is not None
        ):
            return []
        return dropped_fields(self.history, version.payload_schema, version.version, self._paths(version))

    def problems(self) -> list[Problem]:
        """A shallow clone is named once, by /changes/ (changes_view), for both; a tree outside git is not: it
        has no history to lose (catalog.json says `"history": "none"`)."""
        found = self._link_problems()
        return found

    def _link_problems(self) -> list[Problem]:
        """`replaced_by` must name a registered event type;
        `renamed_from` a name the registry had (when known)."""
        catalog = self.context.catalog
        found = []
        for event in catalog.events.values():
            target = event.replaced_by
            if target is not None and (target not in catalog.events or target == event.name):
                why = "this event type itself" if target == event.name else "no registered event type"
                found.append(
                    Problem(
                        catalog.registry_path,
                        f"'replaced_by' names '{target}', {why}",
                        pointer=f"{event.pointer}/replaced_by",
                        code="unknown-replacement",
                    )
                )
            old = event.renamed_from
            known = self.history.events.get(old or "")
            complete = self.history.available and not self.history.shallow
            if (
                old is not None
                and old not in catalog.events
                and complete
                and (known is None or known.last is None)
            ):
                found.append(
                    Problem(
                        catalog.registry_path,
                        f"'renamed_from' names '{old}', an event type the registry's history never had",
                        pointer=f"{event.pointer}/renamed_from",
                        code="unknown-renamed-from",
                    )
                )
        return found
