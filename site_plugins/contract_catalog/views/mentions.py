"""Prose that links itself, and backlinks: where each event type is discussed, who refers to each contract.

Every contract document and every registry note is scanned once (by `prose.xref`), straight from the files, so
the backlinks and the problems do not depend on which pages have been rendered: `contracts check` reports a
broken cross-reference without building the site. Contract documents are linked when MkDocs reads them
(`document_markdown`); registry notes are linked on event pages (`notes_html`): both are hooks of every view.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, partial

from markupsafe import Markup

from ..core.problems import Problem, Severity
from ..model import urls
from ..model.catalog import Contract, ContractDocument, EventType, SchemaVersion
from ..prose.headings import Heading
from ..prose.text import render_markdown
from ..prose.xref import CrossReferences, Scan, Source, Target, markdown_href
from ..render.renderer import Section
from .base import BuildContext, CatalogView

MENTIONS_ORDER = 80
REFERENCED_BY_ORDER = 80


@dataclass
class Place:
    """A heading of a page where something is mentioned."""

    title: str
    anchor: str | None


@dataclass
class Backlink:
    """A page that mentions or refers to the subject, with the sections where it does."""

    title: str
    src: str  # the page's source path, for href()
    path: str | None  # the file of a contract document; None for an event type's registry notes
    places: list[Place] = field(default_factory=list)

    def add(self, place: Place) -> None:
        if place not in self.places:
            self.places.append(place)


@dataclass
class DocumentScan:
    contract: Contract
    document: ContractDocument
    text: str  # the file as scanned: linking the same text on its page reuses the scan
    scan: Scan


@dataclass
class NoteScan:
    event: EventType
    version: SchemaVersion
    scan: Scan


class MentionsView(CatalogView):
    """ "Mentioned in" on event pages, "Referenced by" on contract pages, and unresolvable references."""

    def __init__(self, context: BuildContext):
        super().__init__(context)
        self.xref = CrossReferences(context.catalog, context.adr_url, adr_pages=context.adr_pages)

    # -- scanning, once per build ---------------------------------------------------------------------

    @cached_property
    def documents(self) -> list[DocumentScan]:
        scans = []
        for contract in self.context.catalog.contracts.values():
            for document in contract.all_documents:
                text = self.xref.read(document)
                scan = self.context.remembered_shared(
                    ("document-scan", document.rel, text),
                    partial(self.xref.scan, text, self.xref.source_of(document)),
                )
                scans.append(DocumentScan(contract, document, text, scan))
        return scans

    @cached_property
    def _document_scans(self) -> dict[str, DocumentScan]:
        """Each document's scan by its path:
        every document is scanned once, for backlinks and problems too."""
        return {item.document.rel: item for item in self.documents}

    @cached_property
    def notes(self) -> list[NoteScan]:
        scans = [
            NoteScan(
                event,
                version,
                self.context.remembered_shared(
                    ("note-scan", version.pointer, version.notes),
                    partial(self.xref.scan, version.notes, self.note_source(event)),
                ),
            )
            for event in self.context.catalog.events.values()
            for version in event.versions
            if version.notes
        ]
        return scans

    @cached_property
    def _note_scans(self) -> dict[str, Scan]:
        """Each version's notes scan by its registry pointer:
        every note is scanned once, for backlinks too."""
        return {item.version.pointer: item.scan for item in self.notes}

    def note_source(self, event: EventType) -> Source:
        return Source(None, event.contract_id)

    # -- linking --------------------------------------------------------------------------------------

    def document_markdown(self, document: ContractDocument, markdown: str) -> str:
        """A contract document's Markdown with its references linked, as paths MkDocs resolves and checks."""
        scanned = self._document_scans.get(document.rel)
        # the file as scanned for backlinks: no second scan
        if scanned is not None and scanned.text == markdown:
            scan = scanned.scan
        else:  # MkDocs gives the text without front matter
            scan = self.xref.scan(markdown, self.xref.source_of(document))
        return self.xref.link(
            markdown, scan, markdown_href(urls.document_page(document), self.context.urls.file)
        )

    def linked_notes(self, notes: str, version: SchemaVersion, src_uri: str) -> Markup:
        """A registry note as safe HTML, its references linked relative to the page it is shown on."""
        event = self.context.catalog.events.get(version.event_name)
        source = self.note_source(event) if event else Source(None, None)
        scanned = self._note_scans.get(version.pointer)
        scan = (
            scanned if scanned is not None and notes == version.notes else self.xref.scan(notes or "", source)
        )

        def href(target: Target) -> str:
            return target.url or self.context.urls.href(src_uri, target.src, target.anchor)

        return render_markdown(self.xref.link(notes or "", scan, href))

    def notes_html(self, version: SchemaVersion, src_uri: str) -> Markup | None:
        return self.linked_notes(version.notes or "", version, src_uri)

    # -- sections -------------------------------------------------------------------------------------

    def event_sections(self, event: EventType, src_uri: str) -> list[Section]:
        html = self.context.renderer.render_fragment(
            "partials/mentions.html.j2", src_uri, backlinks=self.mentions_of(event.name), subject="event"
        )
        return [Section("Mentioned in", "mentioned-in", html, MENTIONS_ORDER)]

    def contract_sections(self, contract: Contract, src_uri: str) -> list[Section]:
        html = self.context.renderer.render_fragment(
            "partials/mentions.html.j2",
            src_uri,
            backlinks=self.references_to(contract.id),
            subject="contract",
        )
        return [Section("Referenced by", "referenced-by", html, REFERENCED_BY_ORDER)]

    def mentions_of(self, event_name: str) -> list[Backlink]:
        """Contract documents naming the event, then other events' notes naming it, each with its sections."""
        return list(self._mentions.get(event_name, {}).values())

    def references_to(self, contract_id: str) -> list[Backlink]:
        """Documents of other contracts that refer to this one, by section, path or link."""
        return list(self._references.get(contract_id, {}).values())

    @cached_property
    def _mentions(self) -> dict[str, dict[str, Backlink]]:
        found: dict[str, dict[str, Backlink]] = defaultdict(dict)
        for item in self.documents:
            for mention in item.scan.mentions:
                self._document_backlink(found[mention.event], item.document).add(_place(mention.heading))
        for note in self.notes:
            src = urls.event_page(note.event)
            for mention in note.scan.mentions:
                if mention.event != note.event.name:
                    backlink = found[mention.event].setdefault(src, Backlink(note.event.name, src, None))
                    backlink.add(Place(note.version.label, note.version.anchor))
        return found

    @cached_property
    def _references(self) -> dict[str, dict[str, Backlink]]:
        found: dict[str, dict[str, Backlink]] = defaultdict(dict)
        for item in self.documents:
            for referred, _line, heading in item.scan.contracts:
                if referred != item.contract.id:
                    self._document_backlink(found[referred], item.document).add(_place(heading))
        return found

    def _document_backlink(self, found: dict[str, Backlink], document: ContractDocument) -> Backlink:
        src = urls.document_page(document)
        return found.setdefault(src, Backlink(document.title, src, document.path))

    # -- problems -------------------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Every reference that cannot be resolved, in contract documents and registry notes."""
        found = [
            Problem(
                item.document.path,
                f"cross-reference {reference.problem}",
                line=reference.line,
                severity=Severity.WARNING,
                code="unresolved-reference",
            )
            for item in self.documents
            for reference in item.scan.unresolved
        ]
        registry = self.context.catalog.registry_path
        found += [
            Problem(
                registry,
                f"cross-reference in notes {reference.problem}",
                pointer=f"{item.version.pointer}/notes",
                severity=Severity.WARNING,
                code="unresolved-reference",
            )
            for item in self.notes
            for reference in item.scan.unresolved
        ]
        return found


def _place(heading: Heading | None) -> Place:
    return Place(heading.title, heading.anchor) if heading else Place("top of the page", None)
