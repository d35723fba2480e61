"""Payload schemas on event pages, and the envelope's own page.

Each schema file is read and flattened once per build (SchemaLoader caches files); the same documents
give the field tables, the example checks and the problems that `contracts check` reports.
"""

from __future__ import annotations

import dataclasses

from markupsafe import Markup

from ..core.problems import Problem
from ..model.catalog import EventType, SchemaVersion
from ..render.field_table import PageShown
from ..render.renderer import GeneratedPage, Section
from ..render.schema_html import render_payload
from ..schema.document import SchemaDoc
from .base import CatalogView

ENVELOPE_PAGE = "envelope/index.md"


class PayloadView(CatalogView):
    _page: tuple[str, PageShown] = (
        "",
        PageShown(),
    )  # the page whose versions are being shown, what they show

    def document(self, path: str, version: int) -> SchemaDoc:
        return self.context.schemas.document(path, version)

    def _versions_with_schema(self) -> list[SchemaVersion]:
        return [v for v in self.context.catalog.versions if v.payload_schema and v.schema_path_ok]

    def version_sections(self, event: EventType, version: SchemaVersion, src_uri: str) -> list[Section]:
        if not (version.payload_schema and version.schema_path_ok):
            return []
        doc = self.document(version.payload_schema, version.version or 0)
        shown = [v for v in event.versions if v.payload_schema and v.schema_path_ok]
        newest = max(shown, key=lambda v: (v.version or 0, v.index))
        if (
            self._page[0] != src_uri or version is newest
        ):  # a page shows its versions one after another, newest first
            self._page = (src_uri, PageShown())
        html = render_payload(
            self.context.renderer,
            doc,
            schema_url=self.context.urls.href(src_uri, version.payload_schema),
            page=self._page[1],
        )
        return [
            Section(title=f"{version.label} payload", anchor=f"payload-{version.anchor}", html=html, order=20)
        ]

    def pages(self) -> list[GeneratedPage]:
        envelope = self.context.catalog.envelope_schema
        if envelope is None:
            return []
        doc = self.document(envelope, 1)
        # The page leads with the envelope's description; the field part does not print it a second time.
        fields_part = dataclasses.replace(doc, description=None)
        html = render_payload(
            self.context.renderer,
            fields_part,
            schema_url=self.context.urls.href(ENVELOPE_PAGE, envelope),
            subject="Envelope",
        )
        return [
            self.context.renderer.render(
                "envelope.md.j2",
                ENVELOPE_PAGE,
                source_path=envelope,
                doc=doc,
                payload_html=Markup(html),
                envelope_path=envelope,
            ).titled(
                "Event envelope",
                "The envelope every event travels in: its fields, with the event's payload "
                "as its payload field",
            )
        ]

    def nav_entries(self) -> list[tuple[str, str]]:
        return [("Envelope", ENVELOPE_PAGE)] if self.context.catalog.envelope_schema else []

    def problems(self) -> list[Problem]:
        found: dict[str, Problem] = {}
        paths = [(v.payload_schema, v.version or 0) for v in self._versions_with_schema()]
        if self.context.catalog.envelope_schema:
            paths.append((self.context.catalog.envelope_schema, 1))
        for path, version in paths:
            for problem in self.context.schemas.summary(path, version).problems:
                found.setdefault(f"{problem.location} {problem.message}", problem)
        return list(found.values())
