"""The registry file read into event types, schema versions and domains, with a problem for every deviation
from its rules: nothing is silently dropped."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from ..core.markdown_budget import MAX_NOTES_CHARS, markdown_over_budget
from ..core.problems import Problem, Severity, json_pointer
from ..core.safe_files import UnsafePath
from .catalog_types import Catalog, Domain, EventType, SchemaVersion
from .slugs import folder_url, name_too_long, unique_slug

REGISTRY_FILE = "event-types-registry.json"
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


class RegistryReader:
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
        slug, taken_by = unique_slug(name, self.slugs, "the events index")
        if taken_by:
            event.problems.append(
                self.problem(
                    f"event type '{name}' maps to the same page URL as {taken_by} "
                    f"({folder_url('events', name)}); its page is events/{slug}/ until one of them is "
                    "renamed",
                    name,
                    code="url-collision",
                )
            )
        return slug

    def read_event(self, name: str, entry: Any) -> EventType:
        event = EventType(name=name, slug="", pointer=json_pointer(name))
        event.slug = self.unique_slug(name, event)
        too_long = name_too_long("event type", name, f"events/{event.slug}/")
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
                self.problem(f"must be an object, not {kind_in_words(entry)}", name, code="wrong-type")
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
                    f"'{key}' must be a domain name, not {kind_in_words(value)}",
                    name,
                    key,
                    code="wrong-type",
                )
            )
            return None
        return value

    def read_consumers(self, entry: dict, name: str, event: EventType) -> list[str]:
        """The consumers, each once; `event.consumer_indices` keeps each one's place in the registry list."""
        if "consumers" not in entry:
            event.problems.append(
                self.problem("missing required field 'consumers'", name, code="missing-field")
            )
            return []
        value = entry["consumers"]
        if not isinstance(value, list):
            event.problems.append(
                self.problem(
                    f"'consumers' must be a list, not {kind_in_words(value)}",
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
                        f"consumer must be a domain name, not {kind_in_words(consumer)}",
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
                    f"'owning_contract' must be a path or null, not {kind_in_words(value)}",
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
                    f"'schema_versions' must be a list, not {kind_in_words(value)}",
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
                self.problem(f"must be an object, not {kind_in_words(item)}", *tokens, code="wrong-type")
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
                    f"'notes' must be text, not {kind_in_words(notes)}", *tokens, "notes", code="wrong-type"
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
                    f"'payload_schema' must be a path or null, not {kind_in_words(value)}",
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


def collect_domains(catalog: Catalog) -> None:
    declared = catalog.metadata.get("domains")
    if declared is not None and not isinstance(declared, dict):
        catalog.problems.append(
            Problem(
                catalog.registry_path,
                f"'domains' must be an object, not {kind_in_words(declared)}",
                pointer="/domains",
                code="wrong-type",
            )
        )
        declared = None
    slugs: dict[str, str] = {}

    def slug_for(name: str, problems: list[Problem], pointer: str) -> str:
        slug, taken_by = unique_slug(name, slugs, "the domains index")
        if taken_by:
            problems.append(
                Problem(
                    catalog.registry_path,
                    f"domain '{name}' maps to the same page URL as {taken_by} "
                    f"({folder_url('domains', name)}); its page is domains/{slug}/ until one of them is "
                    "renamed",
                    pointer=pointer,
                    code="url-collision",
                )
            )
        too_long = name_too_long("domain", name, f"domains/{slug}/")
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


def kind_in_words(value: Any) -> str:
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
