"""Views add sections and pages to the catalog: payload schemas, graphs, timelines, changes, mentions.

Each view is a small class that knows nothing of MkDocs. The page builder asks every view for its sections
of an event, version, domain, contract or the home page, and for whole pages of its own. A new capability
is a new view listed in `views/__init__.py`, not an edit of the page templates. This module knows no view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from ..core.problems import Problem
from ..model.catalog import Catalog, Contract, Domain, EventType, SchemaVersion
from ..model.lifecycle import EventLifecycle, Standing, catalog_lifecycles, standing
from ..model.urls import SiteUrls
from ..render.renderer import GeneratedPage, PageRenderer, Section
from ..schema.document import SchemaDoc, read_document
from ..schema.loading import SchemaLoader

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


@dataclass
class BuildContext:
    """What every view may read: the catalog and the build's settings."""

    catalog: Catalog
    renderer: PageRenderer
    urls: SiteUrls
    build_date: date
    deprecation_window_days: int = 14
    adr_url: str | None = None
    adr_pages: dict[int, str] = field(default_factory=dict)  # ADR number -> src_uri of its page in docs/
    domain_graph_threshold: int = 150
    field_drift: str = "note"  # how field drift is reported: note (never fails), warning, error, or off
    _documents: dict[tuple[str, int], SchemaDoc] = field(default_factory=dict, repr=False)
    _summaries: dict[tuple[str, int], SchemaSummary] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.renderer.env.globals["standing"] = self.standing  # templates show the same answer as the files

    @cached_property
    def lifecycles(self) -> dict[str, EventLifecycle]:
        """Every event type's versions on the build date, computed once for every page, file and feed."""
        return catalog_lifecycles(self.catalog, self.build_date, self.deprecation_window_days)

    def standing(self, event: EventType) -> Standing:
        """The version to use now and what else is live: the one lifecycle answer every place shows."""
        return standing(self.lifecycles[event.name])

    @cached_property
    def schema_loader(self) -> SchemaLoader:
        """One loader per build: each schema file is read and parsed once, whichever view asks."""
        return SchemaLoader(self.catalog.tree)

    def schema_document(self, path: str, version: int) -> SchemaDoc:
        """The flattened payload schema of a version, kept until the page showing it lets it go."""
        key = (path, version)
        if key not in self._documents:
            self._documents[key] = read_document(self.schema_loader, path, version)
        return self._documents[key]

    def schema_summary(self, path: str, version: int) -> SchemaSummary:
        """What stays known of a version's schema once its page has let the document go: fields, problems."""
        key = (path, version)
        if key not in self._summaries:
            self._summaries[key] = SchemaSummary.of(self.schema_document(path, version))
        return self._summaries[key]

    def release_schema_documents(self, keys: Iterable[tuple[str, int]]) -> None:
        """A page has shown these documents: keep their summaries, free the rest (files are read again if asked).

        Holding every flattened schema from the first page to the last took 100 MB at 2,000 event types.
        """
        for key in keys:
            document = self._documents.pop(key, None)
            if document is not None:
                self._summaries.setdefault(key, SchemaSummary.of(document))
                self.schema_loader.forget(key[0])


@dataclass(frozen=True)
class SchemaSummary:
    """The part of a schema document that outlives its page."""

    field_paths: frozenset[str]
    field_count: int
    problems: tuple[Problem, ...]

    @classmethod
    def of(cls, document: SchemaDoc) -> SchemaSummary:
        paths = document.all_paths()
        return cls(frozenset(paths), len(paths), tuple(document.problems))


class CatalogView:
    """A view contributes nothing unless it overrides a method."""

    def __init__(self, context: BuildContext):
        self.context = context

    def event_sections(self, event: EventType, src_uri: str) -> list[Section]:
        return []

    def version_sections(self, event: EventType, version: SchemaVersion, src_uri: str) -> list[Section]:
        return []

    def domain_sections(self, domain: Domain, src_uri: str) -> list[Section]:
        return []

    def contract_sections(self, contract: Contract, src_uri: str) -> list[Section]:
        return []

    def home_sections(self, src_uri: str) -> list[Section]:
        return []

    def events_index_columns(self) -> list[str]:
        return []

    def pages(self) -> list[GeneratedPage]:
        return []

    def static_files(self) -> list[tuple[str, bytes | Callable[[], bytes]]]:
        """Files published as they are, e.g. ("graph.json", b"..."): data for other tools, feeds.

        Content may be a function: the file is then written after every page is rendered, from what the
        pages left behind (see BuildContext.schema_summary), instead of computing it all up front.
        """
        return []

    def nav_entries(self) -> list[tuple[str, str]]:
        """(title, src_uri) pairs for the top navigation, e.g. ("Graph", "graph/index.md")."""
        return []

    def problems(self) -> list[Problem]:
        return []

    def info_findings(self) -> list[Problem]:
        """Findings worth reading that fail nothing: logged as information, listed by `contracts check`."""
        return []

    def search_html(self, src_uri: str) -> str:
        """HTML added to the copy of a page the search plugin reads (never shown): e.g. one entry per field."""
        return ""


def collect(views: Sequence[CatalogView], method: str, *args) -> list[Section]:
    sections = [section for view in views for section in getattr(view, method)(*args)]
    return sorted(sections, key=lambda section: section.order)
