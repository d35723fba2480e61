"""The catalog's own pages: home, event, domain and contract indexes and pages, from templates.

Contract documents themselves are the Markdown files of the tree (MkDocs renders them); this module only
renders what is added around them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cached_property, partial

from markupsafe import Markup

from ..core.problems import Severity
from ..model import urls
from ..model.catalog import Contract, ContractDocument, EventType, SchemaVersion
from ..model.lifecycle import FILTER_STATES, filter_states, payload_to_code_against
from ..prose.text import render_markdown
from ..render.renderer import GeneratedPage, PendingPage, Section
from ..views.base import BuildContext, CatalogView, collect
from .page_heads import contract_description, domain_description, domain_title, event_description


class CatalogPages:
    """Renders every generated page of one build."""

    def __init__(self, context: BuildContext, views: list[CatalogView]):
        self.context = context
        self.catalog = context.catalog
        self.renderer = context.renderer
        self.views = views

    def plan(self, has_contracts_readme: bool) -> list[GeneratedPage | PendingPage]:
        """Every generated page: indexes and views' pages rendered now, one-per-item pages when they are
        read."""
        pages: list[GeneratedPage | PendingPage] = [
            self.home(),
            PendingPage(urls.EVENTS_INDEX, self.events_index),  # keyed by events_index_inputs
            self.domains_index(),
        ]
        if not has_contracts_readme:
            pages.append(self.contracts_index_page())
        pages += [
            PendingPage(urls.event_page(e), partial(self.event, e)) for e in self.catalog.events.values()
        ]
        pages += [
            PendingPage(urls.domain_page(d), partial(self.domain, d)) for d in self.catalog.domains.values()
        ]
        pages += [
            PendingPage(urls.contract_page(c), partial(self.contract_without_readme, c))
            for c in self.catalog.contracts.values()
            if not c.readme
        ]
        for view in self.views:
            pages += view.pages()
        return pages

    def counts(self) -> dict[str, int]:
        versions = self.catalog.versions
        return {
            "events": len(self.catalog.events),
            "versions": len(versions),
            "deprecated": sum(1 for v in versions if v.status == "deprecated"),
            "contracts": len(self.catalog.contracts),
            "domains": len(self.catalog.domains),
            "problems": len(self.catalog.all_problems),
        }

    def home(self) -> GeneratedPage:
        src = urls.HOME
        counts = self.counts()
        page = self.renderer.render(
            "home.md.j2",
            src,
            catalog=self.catalog,
            counts=self.counts(),
            event_page=urls.event_page,
            sections=collect(self.views, "home_sections", src),
            problems=self.catalog.all_problems,
            registry_version=self.catalog.metadata.get("registry_version"),
        )
        page.description = (
            f"{counts['events']} event types, {counts['contracts']} contracts and "
            f"{counts['domains']} domains: who produces and consumes each event, and its contract"
        )
        return page

    @cached_property
    def _events_index_sections(self) -> list[Section]:
        return collect(self.views, "events_index_sections", urls.EVENTS_INDEX)

    def events_index_inputs(self) -> tuple:
        """What the events index shows besides the registry and the build's settings (the shared part every
        key holds): the views' sections, such as event types retired in git history, which is outside the
        tree."""
        return (
            "events index",
            [(s.title, s.anchor, str(s.html), s.order) for s in self._events_index_sections],
        )

    def events_index(self) -> GeneratedPage:
        by_producer: dict[str, list[EventType]] = defaultdict(list)
        for event in sorted(self.catalog.events.values(), key=lambda e: e.name):
            by_producer[event.producer or "(no producer)"].append(event)
        page = self.renderer.render(
            "events_index.md.j2",
            urls.EVENTS_INDEX,
            groups=sorted(by_producer.items()),
            catalog=self.catalog,
            lifecycles=self.context.lifecycles,
            filter_states=filter_states,
            filter_states_json=json.dumps(FILTER_STATES),
            event_page=urls.event_page,
            domain_page=urls.domain_page,
            contract_page=urls.contract_page,
            sections=self._events_index_sections,
        )
        return page.titled(
            "Events",
            f"All {len(self.catalog.events)} event types: producer, consumers, the "
            "version to use now and the owning contract, filterable by version state",
        )

    def event(self, event: EventType) -> GeneratedPage:
        src = urls.event_page(event)
        contract = self.catalog.contracts.get(event.contract_id) if event.contract_id else None
        versions = sorted(event.versions, key=lambda v: (v.version or 0, v.index), reverse=True)
        life = self.context.lifecycles[event.name]
        today = {lc.version.anchor: lc for lc in life.versions}
        now = self.context.standing(event)
        payload_version = payload_to_code_against(life, now)
        version_sections = {
            version.anchor: collect(self.views, "version_sections", event, version, src)
            for version in versions
        }
        page = self.renderer.render(
            "event.md.j2",
            src,
            source_path=self.catalog.registry_path,
            event=event,
            contract=contract,
            versions=versions,
            catalog=self.catalog,
            version_sections=version_sections,
            notes_html={
                version.anchor: self.notes_html(version, src) for version in versions if version.notes
            },
            sections=collect(self.views, "event_sections", event, src),
            problems=event.all_problems,
            Severity=Severity,
            domain_page=urls.domain_page,
            contract_page=urls.contract_page,
            registry_source=self.renderer.source_url(self.catalog.registry_path),
            envelope_page="envelope/index.md" if self.catalog.envelope_schema else None,
            today=today,
            build_date=self.context.build_date,
            use_now=now.use_now,
            planned=now.planned,
            in_window=now.in_window,
            payload_version=payload_version,
            payload_fields=self.context.schemas.summary(
                payload_version.payload_schema, payload_version.version or 0
            ).field_count
            if payload_version
            else None,
        )
        self.context.schemas.release(
            (v.payload_schema, v.version or 0) for v in versions if v.payload_schema and v.schema_path_ok
        )
        return page.titled(event.name, event_description(event, now))

    def notes_html(self, version: SchemaVersion, src_uri: str) -> Markup:
        """A version's registry notes as the first view that renders notes does (references linked), else as
        Markdown."""
        for view in self.views:
            html = view.notes_html(version, src_uri)
            if html is not None:
                return html
        return render_markdown(version.notes or "")

    def domains_index(self) -> GeneratedPage:
        page = self.renderer.render(
            "domains_index.md.j2",
            urls.DOMAINS_INDEX,
            domains=sorted(self.catalog.domains.values(), key=lambda d: d.name),
            domain_page=urls.domain_page,
        )
        return page.titled(
            "Domains",
            f"The {len(self.catalog.domains)} domains and the event types each produces and consumes",
        )

    def domain(self, domain) -> GeneratedPage:
        src = urls.domain_page(domain)
        page = self.renderer.render(
            "domain.md.j2",
            src,
            domain=domain,
            catalog=self.catalog,
            sections=collect(self.views, "domain_sections", domain, src),
            event_page=urls.event_page,
            domain_page=urls.domain_page,
            contract_page=urls.contract_page,
        )
        return page.titled(domain_title(domain), domain_description(domain))

    def contracts_index_page(self) -> GeneratedPage:
        page = self.renderer.render(
            "contracts_index.md.j2", "contracts/index.md", with_title=True, **self.contracts_index_context()
        )
        return page.titled(
            "Contracts", f"The {len(self.catalog.contracts)} contracts and the event types each owns"
        )

    def contracts_index_fragment(self, src_uri: str) -> GeneratedPage:
        """The contract table appended to the tree's own contracts/README.md."""
        page = self.renderer.render(
            "contracts_index.md.j2", src_uri, with_title=False, **self.contracts_index_context()
        )
        return page.titled(
            "Contracts", f"The {len(self.catalog.contracts)} contracts and the event types each owns"
        )

    def contracts_index_context(self) -> dict:
        return {
            "contracts": sorted(self.catalog.contracts.values(), key=lambda c: c.id),
            "contract_page": urls.contract_page,
            "document_page": urls.document_page,
            "event_page": urls.event_page,
        }

    def contract_additions(self, contract: Contract, src_uri: str) -> tuple[str, GeneratedPage]:
        """What the catalog adds to a contract's README page: the events it owns right under its title
        (Markdown), and its documents, drafts and views' sections at its end (a page holding the fragments of
        both)."""
        summary = self.renderer.render(
            "contract_summary.md.j2",
            src_uri,
            contract=contract,
            catalog=self.catalog,
            event_page=urls.event_page,
            domain_page=urls.domain_page,
        )
        return summary.markdown, self.renderer.render(
            "contract_extras.md.j2",
            src_uri,
            fragments=summary.fragments,
            contract=contract,
            sections=collect(self.views, "contract_sections", contract, src_uri),
            event_page=urls.event_page,
            document_page=urls.document_page,
            domain_page=urls.domain_page,
        )

    def contract_document(
        self, contract: Contract, document: ContractDocument, src_uri: str, markdown: str
    ) -> tuple[str, GeneratedPage]:
        """A contract document's page as MkDocs should convert it, and the generated page holding its
        fragments.

        Views rewrite its Markdown first (references become links); a README gets the events its contract owns
        under its title and the catalog's sections at its end, any other document a banner under its title.
        """
        for view in self.views:
            markdown = view.document_markdown(document, markdown)
        if document.kind == "readme":
            summary, addition = self.contract_additions(contract, src_uri)
            return _after_title(markdown, summary) + "\n\n" + addition.markdown, addition
        banner = self.document_banner(contract, document, src_uri)
        return _after_title(markdown, banner.markdown), banner

    def document_banner(self, contract: Contract, document, src_uri: str) -> GeneratedPage:
        """A line above a contract's sub-document or draft saying where it belongs."""
        return self.renderer.render(
            "document_banner.md.j2",
            src_uri,
            contract=contract,
            document=document,
            contract_page=urls.contract_page,
        )

    def contract_without_readme(self, contract: Contract) -> GeneratedPage:
        src = urls.contract_page(contract)
        summary, extras = self.contract_additions(contract, src)
        extras.markdown = f"# {contract.id}\n\n" + summary + "\n\n" + extras.markdown
        return extras.titled(contract.id, contract_description(contract))


def _after_title(markdown: str, addition: str) -> str:
    """Insert text right after a document's first heading line, or at the top when it has none."""
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "".join(lines[: index + 1]) + "\n" + addition + "\n" + "".join(lines[index + 1 :])
    return addition + "\n\n" + markdown
