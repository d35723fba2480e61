"""Every field of every payload schema in one index, and the drift it reveals.

The index is filled from the rows the payload view already flattened (`SchemaDoc.fields`), one document at a
time, so no schema is walked twice. Each row becomes an `Occurrence`: where it is (event, version, page,
anchor) and what it says (type, format, required, enum, pattern, description, examples).

Drift is judged per field name across event types, on each event's newest version carrying the name, so a
change between versions of one event (which the version diff already shows) is not drift:
- `type`, `format`, `enum`, `pattern`: the same name holds different values in different events;
- `description`: the same name is described differently;
- `inline-copy`: the same object shape (its fields, types and required-ness) is written out inline in several
  event types' schemas instead of `$ref`-ing one shared definition.
Nothing here knows about MkDocs.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .rows import FieldRow

ENVELOPE = "the envelope"  # the event name of the envelope's fields
MESSAGE_VALUES = 8  # values named in a drift message; a field in 1,000 events may have hundreds
MIN_SHAPE_FIELDS = 2  # an object of fewer fields copied twice is not worth a shared definition
_INDEX = re.compile(r"\[[^\]]*\]$")


@dataclass(frozen=True, slots=True)
class Definition:
    """What a field says, apart from where it is: one object for every row that says the same.

    A name carried by 1,000 events mostly says the same thing 1,000 times; the index keeps that once
    (`FieldIndex.add` interns it), and a field's page lists each distinct definition once.
    """

    type_label: str
    format: str | None
    required: bool
    title: str | None
    description: str | None
    enum: tuple[str, ...] | None
    pattern: str | None
    constraints: tuple[tuple[str, tuple[str, ...]], ...]  # (keyword, values as JSON text), examples left out
    examples: tuple[str, ...]
    ref_source: str | None


@dataclass(frozen=True, slots=True)
class Shape:
    """The fields under an inline object (relative path, type, required-ness, branch) as a digest: copies of
    one object compare equal without the index holding every row under every object again (that was 40% of
    the index at 300 wide event types)."""

    digest: bytes
    size: int  # the fields under the object, nested ones included
    label: str  # its own first properties, for the message: "id, name, ..."


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One row of one payload schema version: a field path as a reader meets it."""

    event: str  # the event type, or ENVELOPE
    version: int
    status: str | None  # the version's registry status; None for the envelope
    domain: str | None  # the producing domain
    page: str  # src_uri of the page whose table holds the row
    schema: str  # the schema file, from the repository root
    path: str  # "submission_summary.first_name"
    anchor: str  # "v2-submission_summary.first_name": the row's id on `page`
    name: str  # the leaf name: "first_name"
    kind: str  # "property", "item", "pattern", "additional"
    definition: Definition
    inline: bool  # neither the row nor an enclosing row comes from a `$ref`
    shape: Shape | None  # the fields under an inline object, for copies of one definition

    @property
    def named(self) -> bool:
        """Whether the row is a property with a name (items and key patterns are not compared by name)."""
        return self.kind == "property"

    # What templates and drift read, straight from the definition.
    type_label = property(lambda self: self.definition.type_label)
    format = property(lambda self: self.definition.format)
    required = property(lambda self: self.definition.required)
    title = property(lambda self: self.definition.title)
    description = property(lambda self: self.definition.description)
    enum = property(lambda self: self.definition.enum)
    pattern = property(lambda self: self.definition.pattern)
    constraints = property(lambda self: self.definition.constraints)
    examples = property(lambda self: self.definition.examples)
    ref_source = property(lambda self: self.definition.ref_source)


@dataclass(frozen=True)
class Finding:
    """One drift of one field name, with the occurrences that disagree."""

    name: str  # the field name, or the shape's first field names for an inline copy
    kind: str  # "type", "format", "enum", "pattern", "description", "inline-copy"
    message: str
    groups: tuple[tuple[str, tuple[Occurrence, ...]], ...]  # (value, the occurrences holding it)

    @property
    def occurrences(self) -> list[Occurrence]:
        return [o for _, group in self.groups for o in group]


def leaf_name(path: str) -> str:
    """`a.b[].c` -> `c`; `tags[]` -> `tags`: the property a row belongs to."""
    last = path.rsplit(".", 1)[-1]
    while _INDEX.search(last):
        last = _INDEX.sub("", last)
    return last or path


def _constraint(row: FieldRow, name: str) -> tuple[str, ...] | None:
    for constraint in row.constraints:
        if constraint.name == name:
            return constraint.values
    return None


def _unquoted(values: tuple[str, ...] | None) -> str | None:
    """A one-value JSON string constraint as plain text: `"uuid"` -> `uuid`."""
    if not values:
        return None
    text = values[0]
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _is_within(path: str, ancestor: str) -> bool:
    return path.startswith(ancestor) and path[len(ancestor) : len(ancestor) + 1] in (".", "[")


def occurrences_of(
    rows: list[FieldRow],
    *,
    event: str,
    version: int,
    status: str | None,
    domain: str | None,
    page: str,
    schema: str,
    known: dict | None = None,
) -> list[Occurrence]:
    """The occurrences of one flattened schema version, in table order.

    `known` (`FieldIndex.known`) holds one copy of every definition and shape met so far, and names, paths
    and anchors are interned: most rows repeat them (the rows of a shared definition in every event that
    references it)."""
    known = {} if known is None else known
    from_ref: set[str] = set()  # paths of rows whose value came through a `$ref`, to mark what is under them
    found = []
    for position, row in enumerate(rows):
        if row.ref_source:
            from_ref.add(row.path)
        inline = from_ref.isdisjoint(_enclosing(row.path))
        enum = _constraint(row, "enum")
        definition: Definition = Definition(
            type_label=row.type_label,
            format=_unquoted(_constraint(row, "format")),
            required=row.required,
            title=row.title,
            description=row.description,
            enum=tuple(sorted(enum)) if enum else None,
            pattern=_unquoted(_constraint(row, "pattern")),
            constraints=tuple((c.name, c.values) for c in row.constraints if c.name != "examples"),
            examples=_constraint(row, "examples") or (),
            ref_source=row.ref_source,
        )
        name = leaf_name(row.path)
        found.append(
            Occurrence(
                event=event,
                version=version,
                status=status,
                domain=domain,
                page=page,
                schema=schema,
                path=sys.intern(row.path),  # shared with the summaries' field paths too
                anchor=sys.intern(row.anchor),
                name=sys.intern(name),
                kind=row.kind,
                definition=known.setdefault(definition, definition),
                inline=inline,
                shape=_shape(rows, position, known) if inline else None,
            )
        )
    return found


def _enclosing(path: str) -> list[str]:
    """The path and every path it lies within: `a.b[].c` -> a, a.b, a.b[], a.b[].c (a set lookup each,
    where comparing with every `$ref` row before it grew with the square of a wide schema's rows)."""
    return [path[:index] for index, char in enumerate(path) if char in ".["] + [path]


def _shape(rows: list[FieldRow], position: int, known: dict) -> Shape | None:
    """The fields under the object at `position`, relative to it: what two copies of one definition share.
    Only inline objects need one (`inline_copies`): a `$ref`-ed one is shared already."""
    top = rows[position]
    if not top.type_label.startswith("object"):
        return None
    fields = []
    for row in rows[position + 1 :]:
        if not _is_within(row.path, top.path):
            break  # rows under an object follow it in table order
        fields.append((row.path[len(top.path) :], row.type_label, row.required, row.branch))
    if len(fields) < MIN_SHAPE_FIELDS:
        return None
    own = [path.lstrip(".") for path, *_ in fields if "." not in path.lstrip(".") and "[" not in path]
    shape = Shape(
        hashlib.blake2b(repr(fields).encode(), digest_size=16).digest(),
        len(fields),
        ", ".join(own[:4]) + (", ..." if len(own) > 4 else ""),
    )
    return known.setdefault(shape, shape)


@dataclass
class FieldIndex:
    """Every occurrence of every field, added one schema version at a time."""

    occurrences: list[Occurrence] = field(default_factory=list)
    _seen: set[tuple[str, int]] = field(default_factory=set)  # (schema, version) already added
    known: dict = field(default_factory=dict)  # for `occurrences_of`: one copy of each repeated value

    def has(self, schema: str, version: int) -> bool:
        return (schema, version) in self._seen

    def add(self, schema: str, version: int, found: Iterable[Occurrence]) -> None:
        if (schema, version) in self._seen:
            return
        self._seen.add((schema, version))
        self.occurrences.extend(found)

    def by_name(self) -> dict[str, list[Occurrence]]:
        """Named properties grouped by leaf name, each in a stable order."""
        names: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in self.occurrences:
            if occurrence.named:
                names[occurrence.name].append(occurrence)
        return {name: sorted(found, key=_order) for name, found in sorted(names.items())}

    def shared_names(self) -> dict[str, list[Occurrence]]:
        """Names carried by more than one event type (the envelope counts as one): each gets its own page."""
        return {name: found for name, found in self.by_name().items() if len({o.event for o in found}) > 1}

    def findings(self) -> list[Finding]:
        found = []
        for name, occurrences in self.shared_names().items():
            found.extend(name_drift(name, occurrences))
        found.extend(inline_copies(self.occurrences))
        return found


def _order(occurrence: Occurrence) -> tuple:
    return (occurrence.event, -occurrence.version, occurrence.path, occurrence.anchor)


def newest_per_event(occurrences: Iterable[Occurrence]) -> list[Occurrence]:
    """Of each event's occurrences, those of its newest version: drift is between events, not versions."""
    newest: dict[str, int] = {}
    for o in occurrences:
        newest[o.event] = max(newest.get(o.event, o.version), o.version)
    return [o for o in occurrences if o.version == newest[o.event]]


COMPARED = (
    ("type", "types", lambda o: _without_null(o.type_label)),
    ("format", "formats", lambda o: o.format or "(none)"),
    ("enum", "allowed values", lambda o: ", ".join(o.enum) if o.enum else None),
    ("pattern", "patterns", lambda o: o.pattern or "(none)"),
    ("description", "descriptions", lambda o: _normal_text(o.description) or None),
)
VALUE_KINDS = (
    "type",
    "format",
    "enum",
    "pattern",
)  # what `contracts check` reports; descriptions only on pages


def _without_null(type_label: str) -> str:
    """Whether a field may be null depends on the event (an optional link), so it is not drift."""
    parts = [part for part in type_label.split(" | ") if part != "null"]
    return " | ".join(parts) or type_label


def _normal_text(text: str | None) -> str:
    """Descriptions that differ only in spacing, case or a final full stop say the same thing."""
    return " ".join((text or "").split()).rstrip(".").casefold()


def name_drift(name: str, occurrences: list[Occurrence]) -> list[Finding]:
    """The ways one field name differs between event types.

    Two event types drift when their values share nothing (branches of one schema may hold several). An
    allowed-value list that is a subset of another's is a deliberate narrowing, not drift; a field left
    undescribed or without an enum in one place is not compared.
    """
    current = newest_per_event(occurrences)
    findings = []
    for kind, plural, value_of in COMPARED:
        per_event: dict[str, set[str]] = defaultdict(set)
        groups: dict[str, list[Occurrence]] = defaultdict(list)
        for o in current:
            value = value_of(o)
            if value is not None:
                per_event[o.event].add(value)
                groups[value].append(o)
        if not _disagree(kind, list(per_event.values()), current):
            continue
        shown = [
            (_display_value(kind, value, group), _one_per_path(group))
            for value, group in sorted(groups.items())
        ]
        summary = "; ".join(f"{value} in {_events(group)}" for value, group in shown[:MESSAGE_VALUES])
        if len(shown) > MESSAGE_VALUES:  # the field's page lists them all
            summary += f"; and {len(shown) - MESSAGE_VALUES} more"
        findings.append(
            Finding(
                name, kind, f"field '{name}' has {len(groups)} different {plural}: {summary}", tuple(shown)
            )
        )
    return findings


def _disagree(kind: str, value_sets: list[set[str]], current: list[Occurrence]) -> bool:
    """Whether two event types' values share nothing; linear in events, since most events hold one value."""
    if kind == "enum":
        enums = {frozenset(o.enum) for o in current if o.enum}
        return any(not (a <= b or b <= a) for a in enums for b in enums)
    singles = {next(iter(values)) for values in value_sets if len(values) == 1}
    if len(singles) > 1:
        return True
    several = [values for values in value_sets if len(values) > 1]  # branches of one schema
    if singles and any(singles.isdisjoint(values) for values in several):
        return True
    return any(a.isdisjoint(b) for index, a in enumerate(several) for b in several[index + 1 :])


def _one_per_path(group: list[Occurrence]) -> tuple[Occurrence, ...]:
    """Branches of one schema repeat a path; a reader needs each field once."""
    return tuple({(o.event, o.version, o.path): o for o in group}.values())


def _display_value(kind: str, value: str, group: list[Occurrence]) -> str:
    if kind == "description":
        first = next((o.description for o in group if o.description), "")
        text = " ".join(first.split())
        return f"'{text[:57]}...'" if len(text) > 60 else f"'{text}'"
    return value


def _events(group: Iterable[Occurrence]) -> str:
    names = sorted({o.event for o in group})
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def inline_copies(occurrences: Iterable[Occurrence]) -> list[Finding]:
    """Object shapes written out inline in the schemas of several event types: candidates for a `$ref`."""
    current = newest_per_event(occurrences)
    shapes: dict[Shape, list[Occurrence]] = defaultdict(list)
    for o in current:
        if o.shape is not None and o.inline:
            shapes[o.shape].append(o)
    # An object nested in a copied object is part of that copy; report the outermost copy only.
    copies = {shape: group for shape, group in shapes.items() if len({o.event for o in group}) > 1}
    rows_of: dict[tuple[str, int], list[Occurrence]] = defaultdict(list)
    for o in current:
        rows_of[(o.schema, o.version)].append(o)
    inner = {
        (o.page, o.anchor)
        for group in copies.values()
        for top in group
        for o in rows_of[(top.schema, top.version)]
        if _is_within(o.path, top.path)
    }
    findings = []
    for shape, group in copies.items():
        group = [o for o in group if (o.page, o.anchor) not in inner]
        if len({o.event for o in group}) < 2:
            continue
        group = sorted(group, key=_order)
        where = ", ".join(f"{o.event} ({o.path})" for o in group[:4]) + (" ..." if len(group) > 4 else "")
        events = len({o.event for o in group})
        findings.append(
            Finding(
                group[0].name,
                "inline-copy",
                f"the same object of {shape.size} fields ({shape.label}) is written out inline in {events} "
                f"event types: {where}; a shared definition referenced with $ref would keep them alike",
                (("inline", tuple(group)),),
            )
        )
    return sorted(findings, key=lambda f: (f.name, f.message))
