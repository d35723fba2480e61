"""The catalog model: the registry and the contracts tree as typed objects, with every problem found.

Loading never raises on bad input. Each registry entry becomes an EventType and each list item a
SchemaVersion, however broken, so that nothing is silently dropped: what cannot be read is kept with its
problems, and the page for it says so.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.markdown_budget import MAX_NOTES_CHARS, markdown_over_budget
from ..core.problems import Problem, Severity, json_pointer
from ..core.safe_files import MAX_REGISTRY_BYTES, ContractsTree, UnsafePath, load_json
from .tree_audit import audit_tree

REGISTRY_FILE = "event-types-registry.json"
ENVELOPE_FOLDER = "event-envelope"
METADATA_KEYS = ("$schema", "$comment", "registry_version", "description", "domains")
EVENT_NAME = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$")
STATUSES = ("active", "deprecated")
EVENT_FIELDS = ("producer", "consumers", "owning_contract", "schema_versions")
LINK_FIELDS = ("replaced_by", "renamed_from")  # optional: where a retired or renamed event type's readers go
VERSION_FIELDS = (
    "version",
    "payload_schema",
    "status",
    "registered_at",
    "active_from",
    "deprecated_at",
    "notes",
)
REQUIRED_VERSION_FIELDS = ("version", "payload_schema", "status", "registered_at")
MAX_SLUG_CHARS = 100  # a page is a folder named after its slug; file systems allow 255 bytes


@dataclass
class SchemaVersion:
    event_name: str
    index: int  # position in schema_versions, so a broken entry still has an address
    pointer: str
    version: int | None = None
    payload_schema: str | None = None
    status: str | None = None
    registered_at: date | None = None
    active_from: date | None = None
    deprecated_at: date | None = None
    notes: str = ""
    schema_path_ok: bool = False  # payload_schema names a readable file inside the tree
    anchor: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"v{self.version}" if self.version is not None else f"entry {self.index + 1}"


@dataclass
class EventType:
    name: str
    slug: str
    pointer: str
    producer: str | None = None
    consumers: list[str] = field(default_factory=list)
    consumer_indices: list[int] = field(
        default_factory=list
    )  # each consumer's position in the registry's list
    owning_contract: str | None = None  # the path as written
    contract_id: str | None = None  # the contract folder, when the path resolves
    versions: list[SchemaVersion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    replaced_by: str | None = None  # the event type that replaces this one (see url_history)
    renamed_from: str | None = None  # the name this event type had before

    @property
    def latest(self) -> SchemaVersion | None:
        numbered = [v for v in self.versions if v.version is not None]
        return max(numbered, key=lambda v: v.version) if numbered else None

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for v in self.versions for p in v.problems]


@dataclass
class ContractDocument:
    path: str  # from the repository root: contracts/orders/order-states.md
    rel: str  # inside the contracts folder: orders/order-states.md
    kind: str  # readme | draft | document | validation
    title: str


@dataclass
class Contract:
    id: str  # the folder name
    readme: ContractDocument | None = None
    drafts: list[ContractDocument] = field(default_factory=list)
    documents: list[ContractDocument] = field(default_factory=list)
    validation: list[ContractDocument] = field(default_factory=list)
    schema_files: list[str] = field(default_factory=list)  # paths from the repository root
    events: list[EventType] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.readme.title if self.readme else self.id

    @property
    def all_documents(self) -> list[ContractDocument]:
        head = [self.readme] if self.readme else []
        return head + self.drafts + self.documents + self.validation


@dataclass
class Domain:
    name: str
    slug: str
    description: str = ""
    owner_team: str = ""
    declared: bool = False
    produces: list[EventType] = field(default_factory=list)
    consumes: list[EventType] = field(default_factory=list)


@dataclass
class Catalog:
    tree: ContractsTree
    registry_path: str
    metadata: dict[str, Any] = field(default_factory=dict)
    events: dict[str, EventType] = field(default_factory=dict)
    contracts: dict[str, Contract] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # problems of the registry file as a whole
    envelope_schema: str | None = None  # the newest contracts/event-envelope/schema/envelope-v<N>.json

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for e in self.events.values() for p in e.all_problems]

    @property
    def versions(self) -> list[SchemaVersion]:
        return [v for e in self.events.values() for v in e.versions]


def slugify(name: str) -> str:
    """A URL path segment for a name: lower case ASCII letters, digits, '.', '_' and '-' only, 100 at most."""
    return _full_slug(name)[:MAX_SLUG_CHARS].rstrip(".-") or "unnamed"


def _full_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"\.{2,}", ".", re.sub(r"[^a-z0-9._-]+", "-", ascii_name)).strip(".-")


def _too_long(kind: str, name: str, url: str) -> str | None:
    """A problem message when a name is cut to make its page's URL."""
    if len(_full_slug(name)) <= MAX_SLUG_CHARS:
        return None
    return f"{kind} name is {len(name):,} characters long; page names are cut at {MAX_SLUG_CHARS}, so its page is {url}"


def _folder_url(folder: str, name: str) -> str:
    """The URL a name asks for in a folder of pages: `events/a.b/`, or `events/` for one slugged `index`."""
    slug = slugify(name)
    return f"{folder}/" if slug == "index" else f"{folder}/{slug}/"


def _unique_slug(name: str, taken: dict[str, str], index_page: str) -> tuple[str, str | None]:
    """A slug no other name of the same kind has, nor the folder's index page; and who had it, if anyone.

    `taken` maps slugs to the names that hold them and is updated. A name whose slug is taken gets a numbered
    one (`-2`, `-3`, ...), so that both pages are published and neither replaces the other.
    """
    slug = slugify(name)
    if slug not in taken and slug != "index":
        taken[slug] = name
        return slug, None
    holder = f"'{taken[slug]}'" if slug in taken else index_page
    suffix = 2
    while f"{slug}-{suffix}" in taken:
        suffix += 1
    taken[f"{slug}-{suffix}"] = name
    return f"{slug}-{suffix}", holder


def load_catalog(contracts_dir: Path | str) -> Catalog:
    """Read the registry and the contracts tree. Problems are collected, never raised."""
    tree = ContractsTree(Path(contracts_dir))
    registry_file = tree.root / REGISTRY_FILE
    display = tree.display(registry_file)
    catalog = Catalog(tree=tree, registry_path=display)
    catalog.problems.extend(audit_tree(tree))  # first: what it refuses, nothing else reads
    catalog.contracts = _scan_contracts(tree)
    catalog.envelope_schema = _find_envelope(tree)

    if not registry_file.is_file():
        catalog.problems.append(Problem(display, "the registry file is missing", code="missing-registry"))
        return catalog
    data, problems = load_json(registry_file, display, max_bytes=MAX_REGISTRY_BYTES)
    if data is None or not isinstance(data, dict):
        catalog.problems.extend(problems)
        if data is not None:
            message = f"must be a JSON object keyed by event type, not {_kind_in_words(data)}"
            catalog.problems.append(Problem(display, message, pointer=""))
        return catalog

    reader = _RegistryReader(catalog, display)
    reader.read(data)
    for problem in problems:  # a duplicate key inside an entry is shown on that event type's page
        event = _event_at(catalog, problem.pointer)
        (event.problems if event else catalog.problems).append(problem)
    _link_contracts(catalog)
    _collect_domains(catalog)
    return catalog


def _event_at(catalog: Catalog, pointer: str | None) -> EventType | None:
    """The event type whose registry entry a JSON pointer lies in, if any."""
    if not pointer:
        return None
    first = pointer.split("/")[1].replace("~1", "/").replace("~0", "~")
    return catalog.events.get(first)


class _RegistryReader:
    """Turns the parsed registry into EventTypes, recording a problem for every deviation."""

    def __init__(self, catalog: Catalog, display: str):
        self.catalog = catalog
        self.display = display
        self.slugs: dict[str, str] = {}

    def problem(self, message: str, *tokens: Any, code: str = "invalid", warning: bool = False) -> Problem:
        severity = Severity.WARNING if warning else Severity.ERROR
        return Problem(self.display, message, pointer=json_pointer(*tokens), code=code, severity=severity)

    def read(self, data: dict[str, Any]) -> None:
        for key in METADATA_KEYS:
            if key in data:
                self.catalog.metadata[key] = data[key]
        for name, entry in data.items():
            if name in METADATA_KEYS:
                continue
            event = self.read_event(name, entry)
            self.catalog.events[name] = event

    def unique_slug(self, name: str, event: EventType) -> str:
        slug, taken_by = _unique_slug(name, self.slugs, "the events index")
        if taken_by:
            event.problems.append(
                self.problem(
                    f"event type '{name}' maps to the same page URL as {taken_by} "
                    f"({_folder_url('events', name)}); its page is events/{slug}/ until one of them is renamed",
                    name,
                    code="url-collision",
                )
            )
        return slug

    def read_event(self, name: str, entry: Any) -> EventType:
        event = EventType(name=name, slug="", pointer=json_pointer(name))
        event.slug = self.unique_slug(name, event)
        too_long = _too_long("event type", name, f"events/{event.slug}/")
        if too_long:
            event.problems.append(self.problem(too_long, name, code="name-too-long"))
        if not EVENT_NAME.match(name):
            event.problems.append(
                self.problem(
                    f"event type name '{name}' is not of the form domain.noun.verb "
                    "(lower case letters, digits, '_' and '-', parts separated by dots)",
                    name,
                    code="bad-name",
                )
            )
        if not isinstance(entry, dict):
            event.problems.append(
                self.problem(f"must be an object, not {_kind_in_words(entry)}", name, code="wrong-type")
            )
            return event
        for key in entry:
            if key not in EVENT_FIELDS + LINK_FIELDS:
                event.problems.append(
                    self.problem(f"unknown field '{key}'", name, key, code="unknown-field", warning=True)
                )
        for key in LINK_FIELDS:
            if key in entry and not (isinstance(entry[key], str) and EVENT_NAME.match(entry[key])):
                event.problems.append(
                    self.problem(
                        f"'{key}' must be an event type name, not {json_repr(entry[key])}",
                        name,
                        key,
                        code="wrong-type",
                    )
                )
            elif key in entry:
                setattr(event, key, entry[key])
        event.producer = self.read_domain_name(entry, name, "producer", event)
        event.consumers = self.read_consumers(entry, name, event)
        event.owning_contract = self.read_owning_contract(entry, name, event)
        event.versions = self.read_versions(entry, name, event)
        return event

    def read_domain_name(self, entry: dict, name: str, key: str, event: EventType) -> str | None:
        if key not in entry:
            event.problems.append(self.problem(f"missing required field '{key}'", name, code="missing-field"))
            return None
        value = entry[key]
        if not isinstance(value, str) or not value.strip():
            event.problems.append(
                self.problem(
                    f"'{key}' must be a domain name, not {_kind_in_words(value)}",
                    name,
                    key,
                    code="wrong-type",
                )
            )
            return None
        return value

    def read_consumers(self, entry: dict, name: str, event: EventType) -> list[str]:
        """The consumers, each once; `event.consumer_indices` keeps where each stands in the registry's list."""
        if "consumers" not in entry:
            event.problems.append(
                self.problem("missing required field 'consumers'", name, code="missing-field")
            )
            return []
        value = entry["consumers"]
        if not isinstance(value, list):
            event.problems.append(
                self.problem(
                    f"'consumers' must be a list, not {_kind_in_words(value)}",
                    name,
                    "consumers",
                    code="wrong-type",
                )
            )
            return []
        if not value:
            event.problems.append(
                self.problem(
                    "has no consumers: nobody reads this event",
                    name,
                    "consumers",
                    code="no-consumers",
                    warning=True,
                )
            )
        consumers: list[str] = []
        for index, consumer in enumerate(value):
            if not isinstance(consumer, str) or not consumer.strip():
                event.problems.append(
                    self.problem(
                        f"consumer must be a domain name, not {_kind_in_words(consumer)}",
                        name,
                        "consumers",
                        index,
                        code="wrong-type",
                    )
                )
            elif consumer in consumers:
                event.problems.append(
                    self.problem(
                        f"consumer '{consumer}' is listed twice",
                        name,
                        "consumers",
                        index,
                        code="duplicate-consumer",
                        warning=True,
                    )
                )
            else:
                consumers.append(consumer)
                event.consumer_indices.append(index)
        return consumers

    def read_owning_contract(self, entry: dict, name: str, event: EventType) -> str | None:
        if "owning_contract" not in entry:
            event.problems.append(
                self.problem(
                    "missing required field 'owning_contract' (null when no contract owns it)",
                    name,
                    code="missing-field",
                )
            )
            return None
        value = entry["owning_contract"]
        if value is None:
            return None
        if not isinstance(value, str):
            event.problems.append(
                self.problem(
                    f"'owning_contract' must be a path or null, not {_kind_in_words(value)}",
                    name,
                    "owning_contract",
                    code="wrong-type",
                )
            )
            return None
        try:
            path = self.catalog.tree.resolve(value)
        except UnsafePath as reason:
            event.problems.append(
                self.problem(f"owning contract {reason}", name, "owning_contract", code="bad-path")
            )
            return value
        # The contract is the top folder the document lies in: contracts/<contract>/README.md.
        parts = path.absolute().relative_to(self.catalog.tree.root).parts
        event.contract_id = parts[0] if len(parts) > 1 else None
        if event.contract_id is None:
            event.problems.append(
                self.problem(
                    f"owning contract '{value}' is not inside a contract folder",
                    name,
                    "owning_contract",
                    code="bad-path",
                )
            )
        return value

    def read_versions(self, entry: dict, name: str, event: EventType) -> list[SchemaVersion]:
        if "schema_versions" not in entry:
            event.problems.append(
                self.problem("missing required field 'schema_versions'", name, code="missing-field")
            )
            return []
        value = entry["schema_versions"]
        if not isinstance(value, list):
            event.problems.append(
                self.problem(
                    f"'schema_versions' must be a list, not {_kind_in_words(value)}",
                    name,
                    "schema_versions",
                    code="wrong-type",
                )
            )
            return []
        if not value:
            event.problems.append(
                self.problem("has no schema versions", name, "schema_versions", code="no-versions")
            )
        versions = [self.read_version(name, index, item) for index, item in enumerate(value)]
        self.check_duplicate_versions(versions)
        for version in versions:
            version.anchor = _version_anchor(version, versions)
        return versions

    def read_version(self, name: str, index: int, item: Any) -> SchemaVersion:
        tokens = (name, "schema_versions", index)
        version = SchemaVersion(event_name=name, index=index, pointer=json_pointer(*tokens))
        if not isinstance(item, dict):
            version.problems.append(
                self.problem(f"must be an object, not {_kind_in_words(item)}", *tokens, code="wrong-type")
            )
            return version
        for key in item:
            if key not in VERSION_FIELDS:
                version.problems.append(
                    self.problem(f"unknown field '{key}'", *tokens, key, code="unknown-field", warning=True)
                )
        for key in REQUIRED_VERSION_FIELDS:
            if key not in item:
                version.problems.append(
                    self.problem(f"missing required field '{key}'", *tokens, code="missing-field")
                )
        number = item.get("version")
        if "version" in item:
            if isinstance(number, int) and not isinstance(number, bool) and number >= 1:
                version.version = number
            else:
                version.problems.append(
                    self.problem(
                        f"'version' must be a whole number from 1, not {json_repr(number)}",
                        *tokens,
                        "version",
                        code="wrong-type",
                    )
                )
        status = item.get("status")
        if "status" in item:
            if status in STATUSES:
                version.status = status
            else:
                version.problems.append(
                    self.problem(
                        f"'status' must be one of {', '.join(STATUSES)}, not {json_repr(status)}",
                        *tokens,
                        "status",
                        code="bad-status",
                    )
                )
        for key in ("registered_at", "active_from", "deprecated_at"):
            if key in item:
                setattr(version, key, self.read_date(item[key], version, *tokens, key))
        if version.status == "deprecated" and "deprecated_at" not in item:
            version.problems.append(
                self.problem(
                    "is deprecated but has no 'deprecated_at', so its sunset date is unknown",
                    *tokens,
                    "status",
                    code="deprecated-without-date",
                )
            )
        notes = item.get("notes", "")
        over = markdown_over_budget(notes, front_matter=False) if isinstance(notes, str) else None
        if isinstance(notes, str) and len(notes) > MAX_NOTES_CHARS:
            version.problems.append(
                self.problem(
                    f"'notes' are {len(notes):,} characters long (at most "
                    f"{MAX_NOTES_CHARS:,}); they are not shown",
                    *tokens,
                    "notes",
                    code="too-large",
                )
            )
        elif over:
            version.problems.append(
                self.problem(f"'notes' line {over.line} {over.reason}", *tokens, "notes", code="too-large")
            )
        elif isinstance(notes, str):
            version.notes = notes
        else:
            version.problems.append(
                self.problem(
                    f"'notes' must be text, not {_kind_in_words(notes)}", *tokens, "notes", code="wrong-type"
                )
            )
        self.read_payload_schema(item, version, tokens)
        return version

    def read_date(self, value: Any, version: SchemaVersion, *tokens: Any) -> date | None:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        version.problems.append(
            self.problem(
                f"'{tokens[-1]}' must be an ISO date (YYYY-MM-DD), not {json_repr(value)}",
                *tokens,
                code="bad-date",
            )
        )
        return None

    def read_payload_schema(self, item: dict, version: SchemaVersion, tokens: tuple) -> None:
        value = item.get("payload_schema")
        if value is None:
            return
        if not isinstance(value, str):
            version.problems.append(
                self.problem(
                    f"'payload_schema' must be a path or null, not {_kind_in_words(value)}",
                    *tokens,
                    "payload_schema",
                    code="wrong-type",
                )
            )
            return
        version.payload_schema = value
        try:
            self.catalog.tree.resolve(value)
        except UnsafePath as reason:
            version.problems.append(
                self.problem(f"payload schema {reason}", *tokens, "payload_schema", code="bad-path")
            )
            return
        version.schema_path_ok = True

    def check_duplicate_versions(self, versions: list[SchemaVersion]) -> None:
        seen: dict[int, SchemaVersion] = {}
        for version in versions:
            if version.version is None:
                continue
            if version.version in seen:
                version.problems.append(
                    Problem(
                        self.display,
                        f"version {version.version} is listed twice "
                        f"(first at {seen[version.version].pointer})",
                        pointer=version.pointer + "/version",
                        code="duplicate-version",
                    )
                )
            else:
                seen[version.version] = version


def _version_anchor(version: SchemaVersion, versions: list[SchemaVersion]) -> str:
    """`v2` for version 2; a duplicate or unnumbered entry gets a position-based anchor so none is lost."""
    if version.version is not None:
        first = next(v for v in versions if v.version == version.version)
        if first is version:
            return f"v{version.version}"
    return f"entry-{version.index + 1}"


def _scan_contracts(tree: ContractsTree) -> dict[str, Contract]:
    """Every folder directly under contracts/ holding Markdown is a contract; its files are classified."""
    contracts: dict[str, Contract] = {}
    if not tree.root.is_dir():
        return contracts
    for folder in sorted(p for p in tree.root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not tree.publishable(folder):
            continue
        contract = Contract(id=folder.name)
        for path in tree_files(tree, folder):
            rel = path.relative_to(tree.root).as_posix()
            display = tree.display(path)
            inner = path.relative_to(folder)
            if path.suffix == ".json":
                contract.schema_files.append(display)
            elif path.suffix == ".md":
                document = ContractDocument(display, rel, _document_kind(inner), markdown_title(path, inner))
                if document.kind == "readme":
                    contract.readme = document
                else:
                    {"draft": contract.drafts, "validation": contract.validation}.get(
                        document.kind, contract.documents
                    ).append(document)
        if contract.readme or contract.documents or contract.drafts or contract.validation:
            contracts[contract.id] = contract
    return contracts


def _find_envelope(tree: ContractsTree) -> str | None:
    """The envelope every event travels in, by the tree's convention: event-envelope/schema/envelope-v<N>.json."""
    found = []
    for path in (tree.root / ENVELOPE_FOLDER / "schema").glob("envelope-v*.json"):
        number = path.stem.removeprefix("envelope-v")
        if number.isdigit() and tree.publishable(path) and path.is_file():
            found.append((int(number), tree.display(path)))
    return max(found)[1] if found else None


def tree_files(tree: ContractsTree, folder: Path | None = None) -> list[Path]:
    """The files the site publishes below a folder (the whole tree by default), sorted: no hidden file, nothing
    through a symlink out of the tree, nothing the tree's audit refused."""
    found: list[Path] = []
    for directory, subdirs, files in os.walk(tree.root if folder is None else folder, followlinks=False):
        subdirs[:] = sorted(
            d for d in subdirs if not d.startswith(".") and tree.publishable(Path(directory) / d)
        )
        for name in sorted(files):
            path = Path(directory) / name
            if not name.startswith(".") and tree.publishable(path) and path.is_file():
                found.append(path)
    return found


def _document_kind(inner: Path) -> str:
    if inner.parts[0] == "validation":
        return "validation"
    if len(inner.parts) == 1 and inner.name == "README.md":
        return "readme"
    if len(inner.parts) == 1 and inner.name.startswith("README."):
        return "draft"
    return "document"


def markdown_title(path: Path, inner: Path | None = None) -> str:
    """The first level-one heading of a Markdown file, else a title made from its name."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("# "):
                    return line[2:].strip().strip("#").strip()
    except OSError:
        pass
    stem = (inner or path).with_suffix("").name
    return stem.replace("-", " ").replace("_", " ").capitalize()


def _link_contracts(catalog: Catalog) -> None:
    for event in catalog.events.values():
        if event.owning_contract is None or event.contract_id is None:
            continue
        contract = catalog.contracts.get(event.contract_id)
        if contract is None:
            event.problems.append(
                Problem(
                    catalog.registry_path,
                    f"owning contract folder '{event.contract_id}' has no Markdown documents",
                    pointer=event.pointer + "/owning_contract",
                    code="missing-contract",
                )
            )
            event.contract_id = None
        else:
            contract.events.append(event)


def _collect_domains(catalog: Catalog) -> None:
    declared = catalog.metadata.get("domains")
    if declared is not None and not isinstance(declared, dict):
        catalog.problems.append(
            Problem(
                catalog.registry_path,
                f"'domains' must be an object, not {_kind_in_words(declared)}",
                pointer="/domains",
                code="wrong-type",
            )
        )
        declared = None
    slugs: dict[str, str] = {}

    def slug_for(name: str, problems: list[Problem], pointer: str) -> str:
        slug, taken_by = _unique_slug(name, slugs, "the domains index")
        if taken_by:
            problems.append(
                Problem(
                    catalog.registry_path,
                    f"domain '{name}' maps to the same page URL as {taken_by} "
                    f"({_folder_url('domains', name)}); its page is domains/{slug}/ until one of them is "
                    "renamed",
                    pointer=pointer,
                    code="url-collision",
                )
            )
        too_long = _too_long("domain", name, f"domains/{slug}/")
        if too_long:
            problems.append(Problem(catalog.registry_path, too_long, pointer=pointer, code="name-too-long"))
        return slug

    for name, info in (declared or {}).items():
        info = info if isinstance(info, dict) else {}
        catalog.domains[name] = Domain(
            name=name,
            slug=slug_for(name, catalog.problems, json_pointer("domains", name)),
            declared=True,
            description=str(info.get("description", "")),
            owner_team=str(info.get("owner_team", "")),
        )

    def domain(name: str, event: EventType, pointer: str) -> Domain:
        if name not in catalog.domains:
            if declared is not None:
                event.problems.append(
                    Problem(
                        catalog.registry_path,
                        f"'{name}' is not a domain declared in /domains",
                        pointer=pointer,
                        code="unknown-domain",
                    )
                )
            catalog.domains[name] = Domain(name=name, slug=slug_for(name, event.problems, pointer))
        return catalog.domains[name]

    for event in catalog.events.values():
        if event.producer:
            domain(event.producer, event, event.pointer + "/producer").produces.append(event)
        for index, consumer in zip(event.consumer_indices, event.consumers, strict=True):
            domain(consumer, event, f"{event.pointer}/consumers/{index}").consumes.append(event)


def _kind_in_words(value: Any) -> str:
    """A JSON value's kind in words for a message (`not a list`): not a JSON Schema type name."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def json_repr(value: Any) -> str:
    """A short rendering of a JSON value for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
