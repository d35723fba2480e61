"""Views add sections and pages to the catalog: payload schemas, graphs, timelines, changes, mentions.

Each view is a small class that knows nothing of MkDocs. The page builder asks every view for its sections
of an event, version, domain, contract or the home page, and for whole pages of its own. A new capability
is a new view listed in `views/__init__.py`, not an edit of the page templates. This module knows no view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar, cast

from ..core.problems import Problem
from ..history.url_history import UrlHistory, history_of_catalog
from ..model.catalog import Catalog, Contract, ContractDocument, Domain, EventType, SchemaVersion
from ..model.lifecycle import EventLifecycle, Standing, catalog_lifecycles, standing
from ..model.urls import SiteUrls
from ..render.renderer import GeneratedPage, PageRenderer, PendingPage, Section
from ..schema.cache import SchemaDocuments
from ..schema.loading import SchemaLoader

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markupsafe import Markup

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One search result a view adds to a page, landing on the element with id `anchor`; plain text."""

    anchor: str
    title: str
    text: str


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
    # In a live preview: the digest of a schema file and what it reaches (input_digests), and what the
    # previous build found out about each file under its digest; `carry_out` is what this build hands to the
    # next one.
    schema_digest: Callable[[str], str] | None = None
    shared_digest: str | None = None  # the registry, documents and file list with the build's settings
    carry_in: dict[tuple, object] = field(default_factory=dict, repr=False)
    carry_out: dict[tuple, object] = field(default_factory=dict, repr=False)

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
    def url_history(self) -> UrlHistory:
        """What the site once published and the contracts tree no longer has: read from git once per build."""
        return history_of_catalog(self.catalog)

    @cached_property
    def schemas(self) -> SchemaDocuments:
        """The build's payload schemas: each file read and flattened once, whichever view asks (see
        schema/cache.py).

        In a live preview a version's summary is carried over from the previous build while its files are
        unchanged.
        """
        return SchemaDocuments(SchemaLoader(self.catalog.tree), remember=self.remembered)

    def remembered(self, key: tuple, compute: Callable[[], T], inputs: str | None = None) -> T:
        """What `compute` finds about the schema file `key[1]`, carried over from the previous build of a live
        preview while that file and everything it reaches are unchanged (or while `inputs`, a digest of what
        it depends on instead, is); computed otherwise, and always in a plain build, which has no digests."""
        if self.schema_digest is None:
            return compute()
        full = (*key, inputs if inputs is not None else self.schema_digest(key[1]))
        value = cast(T, self.carry_in[full]) if full in self.carry_in else compute()
        self.carry_out[full] = value
        return value

    def remembered_shared(self, key: tuple, compute: Callable[[], T]) -> T:
        """What `compute` finds from the shared part of the tree (registry, documents, file list), carried
        over from the previous build of a live preview while that part is unchanged."""
        return self.remembered(key, compute, self.shared_digest)


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

    def events_index_sections(self, src_uri: str) -> list[Section]:
        return []

    def pages(self) -> Sequence[GeneratedPage | PendingPage]:
        return []

    def static_files(self) -> Sequence[tuple[str, bytes | Callable[[], bytes | Iterable[bytes]]]]:
        """Files published as they are, e.g. ("graph.json", b"..."): data for other tools, feeds.

        Content may be a function: the file is then written after every page is rendered, from what the
        pages left behind (see SchemaDocuments.summary), instead of computing it all up front. It may return
        the bytes in pieces, written one at a time, so a large file is never held whole.
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

    def document_markdown(self, document: ContractDocument, markdown: str) -> str:
        """A contract document's Markdown before MkDocs converts it; a view may rewrite it (link its
        references)."""
        return markdown

    def notes_html(self, version: SchemaVersion, src_uri: str) -> Markup | None:
        """A version's registry notes as HTML on the page `src_uri`, if this view renders notes; None if
        not."""
        return None

    def release(self) -> None:
        """Every page is written: let go of what only the pages needed, before the search index is."""

    def search_entries(self, src_uri: str) -> list[SearchEntry]:
        """Search results added to the page `src_uri` (never shown on it): e.g. one per payload field."""
        return []

    def page_inputs(self, src_uri: str) -> tuple | None:
        """Everything one of this view's pages shows, when that is cheaper to compare than the rendered page
        (a live preview rebuilds a page whose inputs changed); None: compare the rendered text."""
        return None


def collect(views: Sequence[CatalogView], method: str, *args) -> list[Section]:
    sections = [section for view in views for section in getattr(view, method)(*args)]
    return sorted(sections, key=lambda section: section.order)
