"""What changed in the contracts tree between two versions of it, and whether that breaks a consumer.

`diff_registries` compares two parsed registries: event types and versions added or removed, status and
date changes, producers, consumers, owning contracts, notes, and, for every version whose payload schema
exists on both sides, the field-level compatibility report of `schema.compat`. `diff_trees` does the same for
two `revisions.Snapshot`s (a git revision or the working tree); `commit_log.history` runs it for each commit.

`breaking_changes` is the gate of `contracts diff --fail-on breaking`: an active version whose schema breaks
BACKWARD in place (consumers already reading it would fail on data written before), and a version removed
while consumers may still read it (inside the deprecation window of event-envelope §16, or never deprecated).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..core.problems import Problem
from ..model.catalog import EVENT_FIELDS, METADATA_KEYS, VERSION_FIELDS
from ..schema.compat import compare_schemas
from ..schema.compat_report import CompatReport
from .revisions import Snapshot

if TYPE_CHECKING:
    from ..schema.resolving import Resolver

DEPRECATION_WINDOW_DAYS = 14  # event-envelope §16: a deprecated version stays consumable this long
DATE_FIELDS = ("registered_at", "active_from", "deprecated_at")

SchemaSource = Callable[[str], "tuple[Any, Resolver] | None"]


class ChangeKind(str, Enum):
    METADATA = "metadata-changed"
    EVENT_ADDED = "event-added"
    EVENT_REMOVED = "event-removed"
    VERSION_ADDED = "version-added"
    VERSION_REMOVED = "version-removed"
    STATUS = "status-changed"
    DATE = "date-changed"
    PRODUCER = "producer-changed"
    CONSUMERS = "consumers-changed"
    OWNING_CONTRACT = "owning-contract-changed"
    NOTES = "notes-changed"
    PAYLOAD_SCHEMA = "payload-schema-changed"  # the path in the registry, not the file's contents
    OTHER = "field-changed"  # a key the registry format does not name


SUMMARY_GROUPS = (  # the order a reviewer reads them in
    ((ChangeKind.EVENT_ADDED,), ("event type added", "event types added")),
    ((ChangeKind.EVENT_REMOVED,), ("event type removed", "event types removed")),
    ((ChangeKind.VERSION_ADDED,), ("version added", "versions added")),
    ((ChangeKind.VERSION_REMOVED,), ("version removed", "versions removed")),
    ((ChangeKind.STATUS,), ("status change", "status changes")),
    ((ChangeKind.DATE,), ("date change", "date changes")),
    (
        (ChangeKind.PRODUCER, ChangeKind.CONSUMERS, ChangeKind.OWNING_CONTRACT),
        ("producer, consumer or owner change", "producer, consumer or owner changes"),
    ),
    ((ChangeKind.PAYLOAD_SCHEMA,), ("payload schema path change", "payload schema path changes")),
    ((ChangeKind.NOTES,), ("notes change", "notes changes")),
    ((ChangeKind.OTHER,), ("other change", "other changes")),
    ((ChangeKind.METADATA,), ("registry metadata change", "registry metadata changes")),
)


@dataclass(frozen=True)
class RegistryChange:
    kind: ChangeKind
    event: str | None  # None for a metadata key
    version: int | None = None
    field: str | None = None  # the registry key that changed
    old: Any = None
    new: Any = None

    @property
    def subject(self) -> str:
        """`order.placed v2`, `order.shipped`, or the metadata key."""
        if self.event is None:
            return str(self.field)
        return f"{self.event} v{self.version}" if self.version is not None else self.event

    def describe(self) -> str:
        """One line for a reader, without the subject."""
        kind = self.kind
        if kind is ChangeKind.EVENT_ADDED:
            versions = _versions(self.new)
            listed = ", ".join(f"v{n} {v.get('status', '?')}" for n, v in versions.items())
            suffix = f" ({listed})" if listed else ""
            return f"event type added, produced by {self.new.get('producer')}{suffix}"
        if kind is ChangeKind.EVENT_REMOVED:
            return "event type removed"
        if kind is ChangeKind.VERSION_ADDED:
            status, registered = self.new.get("status", "no status"), self.new.get("registered_at")
            return f"version added ({status}, registered {registered})"
        if kind is ChangeKind.VERSION_REMOVED:
            return f"version removed (was {self.old.get('status', 'without status')})"
        if kind is ChangeKind.CONSUMERS:
            added = [c for c in _as_list(self.new) if c not in _as_list(self.old)]
            removed = [c for c in _as_list(self.old) if c not in _as_list(self.new)]
            parts = ([f"added {', '.join(added)}"] if added else []) + (
                [f"removed {', '.join(removed)}"] if removed else []
            )
            return "consumers: " + "; ".join(parts)
        if kind is ChangeKind.NOTES:
            if self.old and self.new:
                return "notes rewritten"
            return "notes added" if self.new else "notes removed"
        if kind is ChangeKind.METADATA:
            return _describe_value_change(self.old, self.new)
        return f"{self.field}: {_show(self.old)} → {_show(self.new)}"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind.value,
            "event": self.event,
            "version": self.version,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "description": self.describe(),
        }


@dataclass(frozen=True)
class SchemaChange:
    """A version whose payload schema exists on both sides and differs."""

    event: str
    version: int
    old_path: str
    new_path: str
    status: str | None  # the version's status on the new side
    report: CompatReport

    def as_dict(self) -> dict:
        return {
            "event": self.event,
            "version": self.version,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "status": self.status,
            **self.report.as_dict(),
        }


@dataclass(frozen=True)
class Breaking:
    event: str
    version: int
    reason: str

    def as_dict(self) -> dict:
        return {"event": self.event, "version": self.version, "reason": self.reason}


@dataclass
class RegistryDiff:
    changes: list[RegistryChange] = field(default_factory=list)
    schemas: list[SchemaChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of_kind(self, *kinds: ChangeKind) -> list[RegistryChange]:
        return [change for change in self.changes if change.kind in kinds]

    @property
    def is_empty(self) -> bool:
        return not self.changes and not self.schemas

    def summary(self) -> str:
        """One line: "2 event types added; 1 status change; 1 schema change (1 breaking BACKWARD)"."""
        parts = []
        for kinds, noun in SUMMARY_GROUPS:
            count = len(self.of_kind(*kinds))
            if count:
                parts.append(f"{count} {noun[0] if count == 1 else noun[1]}")
        if self.schemas:
            broken = sum(1 for s in self.schemas if not s.report.backward.compatible)
            text = f"{len(self.schemas)} schema change{'s' if len(self.schemas) != 1 else ''}"
            parts.append(text + (f" ({broken} breaking BACKWARD)" if broken else ""))
        return "; ".join(parts) if parts else "no changes"

    def as_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "changes": [change.as_dict() for change in self.changes],
            "schemas": [schema.as_dict() for schema in self.schemas],
            "problems": [problem.as_dict() for problem in self.problems],
        }


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _show(value: Any) -> str:
    return "none" if value is None else ", ".join(map(str, value)) if isinstance(value, list) else str(value)


SHOWN_TEXT = 120  # characters of a changed text shown in a one-line description


def _describe_value_change(old: Any, new: Any) -> str:
    """A registry value's change as a sentence;
    a mapping (such as `domains`) by the keys it adds, removes, changes."""
    if isinstance(old, dict) or isinstance(new, dict):
        before = old if isinstance(old, dict) else {}
        after = new if isinstance(new, dict) else {}
        parts = [
            (verb, [_entry(key, side[key]) for key in side if key in keys])
            for verb, side, keys in (
                ("added", after, after.keys() - before.keys()),
                ("removed", before, before.keys() - after.keys()),
                ("changed", after, {k for k in after.keys() & before.keys() if after[k] != before[k]}),
            )
        ]
        return "; ".join(f"{verb} {', '.join(entries)}" for verb, entries in parts if entries) or "reordered"
    if old is None:
        return f"set to {_brief(new)}"
    if new is None:
        return f"removed (was {_brief(old)})"
    return f"{_brief(old)} → {_brief(new)}"


def _entry(key: str, value: Any) -> str:
    """`platform (platform-core)`: a mapping entry by its key and, when it has one, its owner."""
    owner = value.get("owner_team") if isinstance(value, dict) else None
    return f"{key} ({owner})" if isinstance(owner, str) and owner else str(key)


def _brief(value: Any) -> str:
    """A scalar or a list of names as text, cut to SHOWN_TEXT characters; a list of objects by its length."""
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        return f"a list of {len(value)} entries"
    text = " ".join(_show(value).split())
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1].rstrip() + "…"


def _events(registry: dict) -> dict[str, dict]:
    return {k: v if isinstance(v, dict) else {} for k, v in registry.items() if k not in METADATA_KEYS}


def _versions(event: Any) -> dict[int, dict]:
    """Versions by number; entries without an integer number are the model's problem, not a change."""
    found: dict[int, dict] = {}
    for entry in _as_list(event.get("schema_versions") if isinstance(event, dict) else None):
        number = entry.get("version") if isinstance(entry, dict) else None
        if isinstance(number, int) and not isinstance(number, bool):
            found.setdefault(number, entry)
    return found


def diff_registries(
    old: dict,
    new: dict,
    *,
    old_schemas: SchemaSource | None = None,
    new_schemas: SchemaSource | None = None,
) -> RegistryDiff:
    """Every change from one parsed registry to another; schemas are compared when both sources are given."""
    diff = RegistryDiff()
    for key in METADATA_KEYS:
        if old.get(key) != new.get(key):
            change = RegistryChange(ChangeKind.METADATA, None, field=key, old=old.get(key), new=new.get(key))
            diff.changes.append(change)
    old_events, new_events = _events(old), _events(new)
    for name, entry in new_events.items():
        if name not in old_events:
            diff.changes.append(RegistryChange(ChangeKind.EVENT_ADDED, name, new=entry))
        else:
            _diff_event(diff, name, old_events[name], entry, old_schemas, new_schemas)
    for name, entry in old_events.items():
        if name not in new_events:
            diff.changes.append(RegistryChange(ChangeKind.EVENT_REMOVED, name, old=entry))
    return diff


def _diff_event(
    diff: RegistryDiff,
    name: str,
    old: dict,
    new: dict,
    old_schemas: SchemaSource | None,
    new_schemas: SchemaSource | None,
) -> None:
    kinds = {"producer": ChangeKind.PRODUCER, "owning_contract": ChangeKind.OWNING_CONTRACT}
    for key in ("producer", "owning_contract"):
        if old.get(key) != new.get(key):
            change = RegistryChange(kinds[key], name, field=key, old=old.get(key), new=new.get(key))
            diff.changes.append(change)
    old_consumers, new_consumers = old.get("consumers"), new.get("consumers")
    # Consumers are a set: a reordered list is not a change anyone acts on.
    if sorted(map(str, _as_list(old_consumers))) != sorted(map(str, _as_list(new_consumers))):
        diff.changes.append(
            RegistryChange(
                ChangeKind.CONSUMERS, name, field="consumers", old=old_consumers, new=new_consumers
            )
        )
    for key in sorted((old.keys() | new.keys()) - set(EVENT_FIELDS)):
        if old.get(key) != new.get(key):
            change = RegistryChange(ChangeKind.OTHER, name, field=key, old=old.get(key), new=new.get(key))
            diff.changes.append(change)
    old_versions, new_versions = _versions(old), _versions(new)
    for number in sorted(old_versions.keys() | new_versions.keys()):
        before, after = old_versions.get(number), new_versions.get(number)
        if before is None:
            diff.changes.append(RegistryChange(ChangeKind.VERSION_ADDED, name, number, new=after))
        elif after is None:
            diff.changes.append(RegistryChange(ChangeKind.VERSION_REMOVED, name, number, old=before))
        else:
            _diff_version(diff, name, number, before, after, old_schemas, new_schemas)


def _diff_version(
    diff: RegistryDiff,
    name: str,
    number: int,
    old: dict,
    new: dict,
    old_schemas: SchemaSource | None,
    new_schemas: SchemaSource | None,
) -> None:
    kinds = {
        "status": ChangeKind.STATUS,
        "payload_schema": ChangeKind.PAYLOAD_SCHEMA,
        "notes": ChangeKind.NOTES,
        **{key: ChangeKind.DATE for key in DATE_FIELDS},
    }
    known = [key for key in VERSION_FIELDS if key != "version"]  # the number is how versions were paired
    for key in [*known, *sorted((old.keys() | new.keys()) - set(VERSION_FIELDS))]:
        if old.get(key) != new.get(key):
            kind = kinds.get(key, ChangeKind.OTHER)
            change = RegistryChange(kind, name, number, field=key, old=old.get(key), new=new.get(key))
            diff.changes.append(change)
    old_path, new_path = old.get("payload_schema"), new.get("payload_schema")
    if not (old_schemas and new_schemas and isinstance(old_path, str) and isinstance(new_path, str)):
        return
    before, after = old_schemas(old_path), new_schemas(new_path)
    if before is None or after is None:
        return  # the source recorded why it could not read the file
    report = compare_schemas(before[0], after[0], old_resolver=before[1], new_resolver=after[1])
    if report.changes or report.unresolved:
        status = new.get("status") if isinstance(new.get("status"), str) else None
        diff.schemas.append(SchemaChange(name, number, old_path, new_path, status, report))


def diff_trees(old: Snapshot, new: Snapshot) -> RegistryDiff:
    """The registry and schema changes from one snapshot of the contracts tree to another."""
    diff = diff_registries(
        old.registry or {}, new.registry or {}, old_schemas=old.schema, new_schemas=new.schema
    )
    diff.problems = [*old.problems, *new.problems]
    return diff


def breaking_changes(
    diff: RegistryDiff, today: date, window_days: int = DEPRECATION_WINDOW_DAYS
) -> list[Breaking]:
    """The changes `--fail-on breaking` refuses, each with the reason a consumer would fail."""
    found: list[Breaking] = []
    for schema in diff.schemas:
        if schema.status == "active" and not schema.report.backward.compatible:
            reasons = "; ".join(dict.fromkeys(schema.report.backward.reasons))
            found.append(
                Breaking(
                    schema.event,
                    schema.version,
                    f"active version changed in place and breaks BACKWARD: {reasons}",
                )
            )
    removed = [(c.event, c.version, c.old) for c in diff.of_kind(ChangeKind.VERSION_REMOVED)]
    for change in diff.of_kind(ChangeKind.EVENT_REMOVED):
        removed += [(change.event, number, entry) for number, entry in _versions(change.old).items()]
    for event, number, entry in removed:
        reason = _removal_refused(entry, today, window_days)
        if reason:
            found.append(Breaking(event, number, reason))
    return found


def _removal_refused(entry: dict, today: date, window_days: int) -> str | None:
    if entry.get("status") != "deprecated":
        return "removed without being deprecated first; consumers may still read it"
    try:
        deprecated_at = date.fromisoformat(str(entry.get("deprecated_at")))
    except ValueError:
        return "removed, but it has no valid deprecated_at, so its deprecation window cannot be checked"
    sunset = deprecated_at + timedelta(days=window_days)
    if today < sunset:
        return (
            f"removed inside its deprecation window: deprecated {deprecated_at.isoformat()}, "
            f"consumable until {sunset.isoformat()} ({window_days} days)"
        )
    return None
