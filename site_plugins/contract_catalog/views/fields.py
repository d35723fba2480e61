"""/fields/: every field of every payload schema and the envelope, a page per shared field name, and drift.

The index is filled while event pages are rendered, from the rows each page has just flattened (see
`version_sections`), so the field index adds no second pass over the schemas in a build. What a page did
not show (`contracts check` renders none) is flattened on demand in `_complete`.

- `/fields/` lists the first rows in its HTML (usable without script); `assets/fields.js` loads the rest
  from `/fields.json` and filters them by name, type, domain and status.
- `/fields/<name>/` shows each definition of a name carried by several event types once, with its places.
- Drift findings are on both pages; `contracts check` and the build report them as notes by default, or
  as warnings or errors with the `field_drift` option (see `core.problems` and `info_findings`).
- Event pages give the search index one entry per field path, landing on the field's row (`search_entries`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..core.problems import Problem, Severity
from ..model import urls
from ..model.catalog import EventType, SchemaVersion
from ..prose.text import render_markdown
from ..render.renderer import GeneratedPage, PendingPage, Section
from ..schema.field_index import (
    ENVELOPE,
    VALUE_KINDS,
    Definition,
    FieldIndex,
    Finding,
    Occurrence,
    leaf_name,
    occurrences_of,
)
from ..schema.field_names import name_slugs, names_in_several_events, pointer_of
from .base import CatalogView, SearchEntry
from .payload import ENVELOPE_PAGE

FIELDS_INDEX = "fields/index.md"
FIELDS_JSON = "fields.json"
FIELDS_SCHEMA = "fields.schema.json"
SCHEMA_FILE = Path(__file__).parent.parent / FIELDS_SCHEMA
FORMAT_VERSION = "2.0"  # 2.0: field rows as arrays in the order of `columns` (1.0 repeated every key per row)
COLUMNS = (
    "name",
    "path",
    "event",
    "version",
    "type",
    "format",
    "required",
    "kind",
    "domain",
    "status",
    "url",
    "page",
)
FIRST_ROWS = 200  # rows in the page's own HTML; the script shows the rest from fields.json
JSON_ROWS_PER_CHUNK = 2_000  # rows of fields.json made and written at a time
SHOWN_PLACES = 12  # places listed under a definition before the rest fold away
SEVERITIES = {"warning": Severity.WARNING, "error": Severity.ERROR, "note": Severity.NOTE}


class FieldsView(CatalogView):
    def __init__(self, context) -> None:
        super().__init__(context)
        self.index = FieldIndex()
        self._completed = False
        self._described: dict[
            str, Markup
        ] = {}  # one field's description, rendered once for every page showing it

    # ------------------------------------------------------------------ collecting

    def version_sections(self, event: EventType, version: SchemaVersion, src_uri: str) -> list[Section]:
        """Nothing to show: the page has flattened this version's schema, and its rows join the index."""
        if version.payload_schema and version.schema_path_ok:
            self._add(event, version, src_uri)
        return []

    def _add(self, event: EventType, version: SchemaVersion, page: str) -> None:
        path, number = version.payload_schema, version.version or 0
        if self.index.has(path, number):
            return
        self.index.add(
            path,
            number,
            self.context.remembered(
                ("occurrences", path, number, event.name, version.status, event.producer, page),
                lambda: occurrences_of(
                    self.context.schemas.document(path, number).all_rows(),
                    event=event.name,
                    version=number,
                    status=version.status,
                    domain=event.producer,
                    page=page,
                    schema=path,
                    known=self.index.known,
                ),
            ),
        )

    def _complete(self) -> FieldIndex:
        """The index with every version, also those no page has shown yet (in `contracts check`, say)."""
        if self._completed:
            return self.index
        self._completed = True
        for event in self.context.catalog.events.values():
            for version in event.versions:
                key = (version.payload_schema, version.version or 0)
                if version.payload_schema and version.schema_path_ok and not self.index.has(*key):
                    self._add(event, version, urls.event_page(event))
                    self.context.schemas.release([key])
        envelope = self.context.catalog.envelope_schema
        if envelope and not self.index.has(envelope, 1):
            self.index.add(
                envelope,
                1,
                self.context.remembered(
                    ("occurrences", envelope, 1, ENVELOPE),
                    lambda: occurrences_of(
                        self.context.schemas.document(envelope, 1).all_rows(),
                        event=ENVELOPE,
                        version=1,
                        status=None,
                        domain=None,
                        page=ENVELOPE_PAGE,
                        schema=envelope,
                        known=self.index.known,
                    ),
                ),
            )
        return self.index

    @cached_property
    def findings(self) -> list[Finding]:
        return self._complete().findings()

    @cached_property
    def by_name(self) -> dict[str, list[Occurrence]]:
        return self._complete().by_name()

    @cached_property
    def findings_by_name(self) -> dict[str, list[Finding]]:
        """Each name's findings, an inline copy under the name of every field it holds."""
        found: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            for name in dict.fromkeys([finding.name, *(o.name for o in finding.occurrences)]):
                found[name].append(finding)
        return found

    @cached_property
    def slugs(self) -> dict[str, str]:
        """Name -> URL segment of the names that get a page, planned before any schema is flattened."""
        return name_slugs(names_in_several_events(self.context.catalog, self.context.remembered))

    def page_inputs(self, src_uri: str) -> tuple | None:
        """What a field name page shows (its occurrences, findings and the names with pages): a live preview
        compares this instead of rendering hundreds of such pages on every build."""
        name = self._names_by_page.get(src_uri)
        if name is None:
            return None
        return (
            name,
            self.by_name.get(name, []),
            self.findings_by_name.get(name, []),
            sorted(self.slugs.items()),
        )

    @cached_property
    def _names_by_page(self) -> dict[str, str]:
        return {f"fields/{slug}.md": name for name, slug in self.slugs.items()}

    def name_page(self, name: str) -> str | None:
        slug = self.slugs.get(name)
        return f"fields/{slug}.md" if slug else None

    # ------------------------------------------------------------------ pages and files

    def pages(self) -> list[GeneratedPage | PendingPage]:
        # Rendered when MkDocs reads them, after the event pages have filled the index.
        pages: list[GeneratedPage | PendingPage] = [PendingPage(FIELDS_INDEX, self._index_page)]
        pages += [
            PendingPage(f"fields/{slug}.md", partial(self._name_page, name))
            for name, slug in self.slugs.items()
        ]
        return pages

    def nav_entries(self) -> list[tuple[str, str]]:
        return [("Fields", FIELDS_INDEX)]

    def static_files(self) -> list[tuple[str, bytes | Callable[[], bytes | Iterable[bytes]]]]:
        return [(FIELDS_JSON, self.fields_json_chunks), (FIELDS_SCHEMA, SCHEMA_FILE.read_bytes())]

    def _sorted(self) -> list[Occurrence]:
        """By name, path, event, newest version first, anchor. Sorted per path: a key for each of 700,000
        occurrences at once took 70 MB."""
        by_path: dict[str, list[Occurrence]] = defaultdict(list)
        for o in self._complete().occurrences:
            by_path[o.path].append(o)
        rows: list[Occurrence] = []
        for path in sorted(by_path, key=lambda path: (leaf_name(path).casefold(), path)):
            rows.extend(sorted(by_path[path], key=lambda o: (o.event, -o.version, o.anchor)))
        return rows

    def _index_page(self) -> GeneratedPage:
        occurrences = self._sorted()
        return self.context.renderer.render(
            "fields_index.md.j2",
            FIELDS_INDEX,
            rows=occurrences[:FIRST_ROWS],
            total=len(occurrences),
            first_rows=FIRST_ROWS,
            names=len({o.name for o in occurrences}),
            shared=len(self.slugs),
            schemas=len({(o.schema, o.version) for o in occurrences}),
            findings=self.findings,
            value_kinds=VALUE_KINDS,
            name_page=self.name_page,
            json_file=FIELDS_JSON,
            schema_file=FIELDS_SCHEMA,
            envelope=ENVELOPE,
            **self._links(FIELDS_INDEX),
        )

    def _name_page(self, name: str) -> GeneratedPage:
        occurrences = self.by_name.get(name, [])
        src = f"fields/{self.slugs[name]}.md"
        return self.context.renderer.render(
            "field_name.md.j2",
            src,
            name=name,
            occurrences=occurrences,
            groups=by_definition(occurrences),
            shown_places=SHOWN_PLACES,
            places_html=partial(self._places_html, name, src),
            events=sorted({o.event for o in occurrences}),
            findings=self.findings_by_name.get(name, []),
            describe=self.describe,
            fields_index=FIELDS_INDEX,
            envelope=ENVELOPE,
            **self._links(src),
        )

    def _links(self, src_uri: str) -> dict[str, Any]:
        """Links to rows as root + URL: a relative path worked out per link took 13 s of 1,000-event
        builds."""
        root = self.context.urls.href(src_uri, "/index.md").removesuffix(
            "index.html"
        )  # the site root: URLs carry the prefix
        return {"root": "" if root == "./" else root, "url_of": self.context.urls.url}

    def _places_html(self, name: str, src_uri: str, places: list[Occurrence]) -> Markup:
        """A link to each place a definition is used, with the path where it is not the name and a badge for
        a version that is not active. Made here, not by a macro call per place, and kept short: a name in
        2,000 events has 2,000 of them."""
        links = self._links(src_uri)
        root, url_of = links["root"], links["url_of"]
        made = []
        for o in places:
            label = (
                Markup("envelope")
                if o.event == ENVELOPE
                else Markup("<code>%s</code> v%s") % (o.event, o.version)
            )
            html = Markup('<a href="%s%s#%s">%s</a>') % (root, url_of(o.page), o.anchor, label)
            extra = Markup(" <code>%s</code>") % o.path if o.path != name else Markup("")
            if o.status and o.status != "active":
                extra += Markup(' <span class="cc-badge cc-badge--%s">%s</span>') % (o.status, o.status)
            made.append(Markup('<span class="cc-place">%s%s</span>') % (html, extra) if extra else html)
        return Markup(", ").join(made)

    def describe(self, description: str | None) -> Markup:
        """A description as HTML; a name shared by 1,000 events often repeats one description 1,000 times."""
        if not description:
            return Markup("")
        if description not in self._described:
            self._described[description] = render_markdown(description)
        return self._described[description]

    def fields_json_chunks(self) -> Iterator[bytes]:
        """fields.json, compact (the page loads it), in pieces: at 700,000 rows the whole text and the lists
        it is made from took hundreds of megabytes at once."""
        site = self.context.urls
        head = {
            "$schema": FIELDS_SCHEMA,
            "format_version": FORMAT_VERSION,
            "build_date": self.context.build_date.isoformat(),
            "columns": list(COLUMNS),
        }
        yield _compact(head)[:-1].encode("utf-8") + b',"fields":['
        rows = self._sorted()
        for start in range(0, len(rows), JSON_ROWS_PER_CHUNK):
            chunk = [
                _entry(
                    o,
                    site.url(o.page) + "#" + o.anchor,
                    site.url(self.name_page(o.name)) if o.named and self.name_page(o.name) else None,
                )
                for o in rows[start : start + JSON_ROWS_PER_CHUNK]
            ]
            yield (b"," if start else b"") + _compact(chunk)[1:-1].encode("utf-8")
        yield b'],"findings":['
        for number, f in enumerate(self.findings):  # one at a time: an inline copy may name 1,000 fields
            finding = {
                "name": f.name,
                "kind": f.kind,
                "message": f.message,
                "page": site.url(self.name_page(f.name)) if self.name_page(f.name) else None,
                "fields": [site.url(o.page) + "#" + o.anchor for o in f.occurrences],
            }
            yield (b"," if number else b"") + _compact(finding).encode("utf-8")
        yield b"]}\n"

    # ------------------------------------------------------------------ search

    @cached_property
    def _by_page(self) -> dict[str, list[Occurrence]]:
        pages: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in self._complete().occurrences:
            pages[occurrence.page].append(occurrence)
        return pages

    def release(self) -> None:
        """The index and what was made from it: 165 MB at 1,000 wide event types, no longer needed once the
        pages and fields.json are written."""
        self.index = FieldIndex()
        for made in ("findings", "by_name", "findings_by_name", "_by_page"):
            self.__dict__.pop(made, None)  # cached properties

    def search_entries(self, src_uri: str) -> list[SearchEntry]:
        """One result per field path of the page, landing on its row in the newest version that has it: a path
        in five versions is one result, not five alike; the entry names the versions."""
        versions: dict[str, list[Occurrence]] = defaultdict(list)
        for o in self._by_page.get(src_uri, ()):
            versions[o.path].append(o)
        return [_search_entry(max(found, key=_version), found) for found in versions.values()]

    # ------------------------------------------------------------------ problems

    def problems(self) -> list[Problem]:
        mode = self.context.field_drift
        return self._drift_problems(SEVERITIES[mode]) if mode in ("warning", "error") else []

    def info_findings(self) -> list[Problem]:
        return self._drift_problems(Severity.NOTE) if self.context.field_drift == "note" else []

    def _drift_problems(self, severity: Severity) -> list[Problem]:
        reported = [
            (finding, finding.occurrences[0])
            for finding in self.findings
            # descriptions differ for good reasons too often to fail a build: pages show them
            if finding.kind in VALUE_KINDS or finding.kind == "inline-copy"
        ]
        # A schema file often holds many findings: each is read once, and let go before the next.
        pointers: dict[int, str | None] = {}
        by_file = sorted(range(len(reported)), key=lambda index: reported[index][1].schema)
        parsed: dict[str, Any] = {}
        for index in by_file:
            first = reported[index][1]
            if first.schema not in parsed:
                parsed.clear()
            pointers[index] = pointer_of(self.context.catalog.tree, first.schema, first.path, parsed)
        return [
            Problem(
                first.schema,
                finding.message,
                pointer=pointers[index],
                severity=severity,
                code=f"field-drift-{finding.kind}",
            )
            for index, (finding, first) in enumerate(reported)
        ]


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def by_definition(occurrences: list[Occurrence]) -> list[tuple[Definition, list[Occurrence]]]:
    """Occurrences grouped by what they say, the most used definition first: a name in 1,000 events is
    one or a few definitions, and side by side 1,000 times it was a page of megabytes."""
    groups: dict[Definition, list[Occurrence]] = defaultdict(list)
    for o in occurrences:
        groups[o.definition].append(o)
    return sorted(groups.items(), key=lambda item: -len(item[1]))  # stable: first met first among equals


def _entry(o: Occurrence, url: str, page: str | None) -> list[Any]:
    """One row of fields.json, its values in the order of COLUMNS: at 10,000s of rows, keys repeated in every
    row were most of the file."""
    return [
        o.name,
        o.path,
        None if o.event == ENVELOPE else o.event,
        o.version,
        o.type_label,
        o.format,
        o.required,
        o.kind,
        o.domain,
        o.status,
        url,
        page,
    ]


def _version(o: Occurrence) -> int:
    return o.version


def _search_entry(o: Occurrence, found: list[Occurrence]) -> SearchEntry:
    facts = [o.type_label] + ([o.format] if o.format else []) + ["required" if o.required else "optional"]
    description = " ".join((o.description or "").split())
    versions = ", ".join(f"v{n}" for n in sorted({other.version for other in found}))
    where = "envelope" if o.event == ENVELOPE else f"{o.event} {versions}"
    return SearchEntry(o.anchor, o.path, f"{where} field: {', '.join(facts)}. {description}")
