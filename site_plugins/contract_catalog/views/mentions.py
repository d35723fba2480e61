"""Prose that links itself, and backlinks: where each event type is discussed, who refers to each contract.

Every contract document and every registry note is scanned once (by `prose.xref`), straight from the files, so the
backlinks and the problems do not depend on which pages have been rendered: `contracts check` reports a
broken cross-reference without building the site. Contract documents are linked by the plugin when MkDocs
reads them (`link_document`); registry notes are linked on event pages by the `linked_notes` filter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from jinja2 import pass_context
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
    scan: Scan


@dataclass
class NoteScan:
    event: EventType
    version: SchemaVersion
    scan: Scan


class MentionsView(CatalogView):
    """"Mentioned in" on event pages, "Referenced by" on contract pages, and unresolvable references."""

    def __init__(self, context: BuildContext):
        super().__init__(context)
        self.xref = CrossReferences(context.catalog, context.adr_url, adr_pages=context.adr_pages)
        # Each text is scanned once for backlinks and problems; linking it on its page reuses that scan.
        self._document_scans: dict[str, tuple[str, Scan]] = {}  # document path -> (text scanned, scan)
        self._note_scans: dict[str, Scan] = {}  # pointer of a version in the registry -> scan of its notes
        if context.renderer is not None:
            context.renderer.env.filters["linked_notes"] = self._linked_notes_filter()

    # -- scanning, once per build ---------------------------------------------------------------------

    @cached_property
    def documents(self) -> list[DocumentScan]:
        scans = []
        for contract in self.context.catalog.contracts.values():
            for document in contract.all_documents:
                text = self.xref.read(document)
                scan = self.xref.scan(text, self.xref.source_of(document))
                scans.append(DocumentScan(contract, document, scan))
                self._document_scans[document.rel] = (text, scan)
        return scans

    @cached_property
    def notes(self) -> list[NoteScan]:
        scans = [
            NoteScan(event, version, self.xref.scan(version.notes, self.note_source(event)))
            for event in self.context.catalog.events.values()
            for version in event.versions
            if version.notes
        ]
        self._note_scans.update((item.version.pointer, item.scan) for item in scans)
        return scans

    def note_source(self, event: EventType) -> Source:
        return Source(None, event.contract_id)

    # -- linking --------------------------------------------------------------------------------------

    def link_document(self, document: ContractDocument, markdown: str) -> str:
        """A contract document's Markdown with its references linked, as paths MkDocs resolves and checks."""
        self.documents  # noqa: B018 - scans every document once, so this one's scan is at hand
        scanned = self._document_scans.get(document.rel)
        if scanned is not None and scanned[0] == markdown:  # the file as scanned for backlinks: no second scan
            scan = scanned[1]
        else:  # MkDocs gives the text without front matter
            scan = self.xref.scan(markdown, self.xref.source_of(document))
        return self.xref.link(markdown, scan, markdown_href(urls.document_page(document), self.context.urls.file))

    def linked_notes(self, notes: str, version: SchemaVersion, src_uri: str) -> Markup:
        """A registry note as safe HTML, its references linked relative to the page it is shown on."""
        event = self.context.catalog.events.get(version.event_name)
        source = self.note_source(event) if event else Source(None, None)
        self.notes  # noqa: B018 - scans every note once, for backlinks and problems as well
        scanned = self._note_scans.get(version.pointer)
        scan = scanned if scanned is not None and notes == version.notes else self.xref.scan(notes or "", source)

        def href(target: Target) -> str:
            return target.url or self.context.urls.href(src_uri, target.src, target.anchor)

        return render_markdown(self.xref.link(notes or "", scan, href))

    def _linked_notes_filter(self):
        @pass_context
        def linked_notes(jinja_context, notes: str, version: SchemaVersion) -> Markup:
            return self.linked_notes(notes, version, jinja_context["page"].src_uri)

        return linked_notes

    # -- sections -------------------------------------------------------------------------------------

    def event_sections(self, event: EventType, src_uri: str) -> list[Section]:
        html = self.context.renderer.render_fragment(
            "partials/mentions.html.j2", src_uri, backlinks=self.mentions_of(event.name), subject="event"
        )
        return [Section("Mentioned in", "mentioned-in", html, MENTIONS_ORDER)]

    def contract_sections(self, contract: Contract, src_uri: str) -> list[Section]:
        html = self.context.renderer.render_fragment(
            "partials/mentions.html.j2", src_uri,
            backlinks=self.references_to(contract.id), subject="contract",
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
        for item in self.notes:
            src = urls.event_page(item.event)
            for mention in item.scan.mentions:
                if mention.event != item.event.name:
                    backlink = found[mention.event].setdefault(src, Backlink(item.event.name, src, None))
                    backlink.add(Place(item.version.label, item.version.anchor))
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
            Problem(item.document.path, f"cross-reference {reference.problem}", line=reference.line,
                    severity=Severity.WARNING, code="unresolved-reference")
            for item in self.documents
            for reference in item.scan.unresolved
        ]
        registry = self.context.catalog.registry_path
        found += [
            Problem(registry, f"cross-reference in notes {reference.problem}",
                    pointer=f"{item.version.pointer}/notes", severity=Severity.WARNING,
                    code="unresolved-reference")
            for item in self.notes
            for reference in item.scan.unresolved
        ]
        return found


def _place(heading: Heading | None) -> Place:
    return Place(heading.title, heading.anchor) if heading else Place("top of the page", None)


def link_document(views: Sequence[CatalogView], document: ContractDocument, markdown: str) -> str:
    """The plugin's entry point: the document linked by the build's MentionsView (unchanged without one)."""
    view = next((v for v in views if isinstance(v, MentionsView)), None)
    return view.link_document(document, markdown) if view else markdown
