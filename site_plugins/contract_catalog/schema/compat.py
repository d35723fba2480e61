"""Field-level differences between two JSON Schemas, classified as Confluent Schema Registry classifies them.

Modes, in Confluent's terms:

- BACKWARD: consumers using the new schema can read data written with the old one.
- FORWARD: consumers using the old schema can read data written with the new one.
- FULL: both.

Confluent decides BACKWARD by walking the old (writer) schema against the new (reader) schema and accepting a
change only if its difference type is in `SchemaDiff.COMPATIBLE_CHANGES` (schema-registry,
`json-schema-provider`, package `io.confluent.kafka.schemaregistry.json.diff`); FORWARD is the same walk with
the two schemas swapped. The rules followed here, with the Confluent difference type in brackets:

- Content models. An object is open when `additionalProperties` is absent or `true`, closed when it is
  `false`, partially open when it is a schema (or `patternProperties` match the name).
- Adding a property to an open content model breaks BACKWARD unless the property's schema is empty and so
  accepts anything [PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_
  MODEL]: data written under an open model may already carry that name with any value. Adding an optional
  property to a closed model is BACKWARD compatible [OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL]; a
  required one breaks BACKWARD unless it has a default [REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL,
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL]. In a partially open model the new property
  must be covered by the schema of the undeclared properties
  [PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL].
- Removing a property is BACKWARD compatible when the new model is open
  [PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL] and breaks it when the new model is closed
  [PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL].
- Making a property required breaks BACKWARD unless it has a default [REQUIRED_ATTRIBUTE_ADDED,
  REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED]; making it optional is compatible [REQUIRED_ATTRIBUTE_REMOVED].
- Adding enum values is compatible [ENUM_ARRAY_EXTENDED]; removing one breaks BACKWARD [ENUM_ARRAY_NARROWED].
- Widening a type (integer to number, another type in `type`, another `oneOf`/`anyOf` branch) is compatible
  [TYPE_EXTENDED, SUM_TYPE_EXTENDED]; narrowing breaks BACKWARD [TYPE_NARROWED, SUM_TYPE_NARROWED].
- Raising or removing a maximum, lowering or removing a minimum (lengths, items, properties, values) and
  removing a pattern or a `multipleOf` are compatible [MAX_LENGTH_INCREASED, MINIMUM_DECREASED,
  PATTERN_REMOVED, ...]; the opposite breaks BACKWARD; a changed pattern breaks both [PATTERN_CHANGED].
- `additionalProperties`: allowing more is compatible [ADDITIONAL_PROPERTIES_ADDED, ..._EXTENDED]; closing or
  narrowing breaks BACKWARD [ADDITIONAL_PROPERTIES_REMOVED, ..._NARROWED].
- `allOf`: another branch breaks BACKWARD [PRODUCT_TYPE_EXTENDED]; one fewer is compatible
  [PRODUCT_TYPE_NARROWED].
- `oneOf`/`allOf` to `anyOf` is compatible [COMBINED_TYPE_EXTENDED]; other switches break
  [COMBINED_TYPE_CHANGED].
- Title, description and default changes are compatible [TITLE_CHANGED, DESCRIPTION_CHANGED, DEFAULT_CHANGED].

Where Confluent says nothing, this module follows the same logic (a change that admits fewer payloads breaks
BACKWARD, one that admits more breaks FORWARD): `format` is treated like `pattern`, `const` like a one-value
enum, `unevaluatedProperties: false` (and a closed parent, for the branches of its `oneOf`) closes an object,
and keywords it does not order (`not`, `if`/`then`/`else`, `dependentRequired`, ...) count as tightened when
added, relaxed when removed, and changed both ways otherwise.

Sources: Confluent's documentation "JSON Schema Serializer and Deserializer for Schema Registry" (its JSON
Schema compatibility rules and the open, closed and partially open content models) and "Schema Evolution and
Compatibility"; Robert Yokota, "Understanding JSON Schema Compatibility" (2021), which explains those rules.

This module is the walk of the two schemas; what it reports is `compat_report.py`, what single keywords
mean to it is `compat_keywords.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from ..core.safe_regex import search
from .compat_keywords import (
    ALL_TYPES,
    HANDLED,
    LOWER_BOUNDS,
    NOT_VALIDATING,
    UNIONS,
    UPPER_BOUNDS,
    Same,
    allowed_values,
    as_object,
    canonical,
    covers,
    describe_types,
    fraction_of,
    join_words,
    properties_of,
    pure_union,
    required_of,
    show_value,
    show_values,
    types_of,
    validation_keys,
)
from .compat_report import (
    BACKWARD_ONLY,
    BOTH,
    FORWARD_ONLY,
    NONE,
    Change,
    CompatReport,
    FieldChangeKind,
    Mode,
)

if TYPE_CHECKING:
    from .resolving import Resolver

MAX_DEPTH = 64  # deeper than any real payload; stops pathological reference chains
MAX_REF_CHAIN = 32
# Subschema pairs per comparison: a payload needs hundreds, but pairing branches multiplies the work.
WORK_BUDGET = 20_000


def compare_schemas(
    old: dict | bool,
    new: dict | bool,
    *,
    old_resolver: Resolver | None = None,
    new_resolver: Resolver | None = None,
) -> CompatReport:
    """Every field-level change from `old` to `new`, `$ref`s followed, each classified per mode.

    A resolver must be based at the schema's own file so that relative references resolve; without one,
    only references inside the schema itself (`#/$defs/...`) are followed.
    """
    walk = _Walk()
    old_side = (old, old_resolver or _standalone_resolver(old, "old"))
    new_side = (new, new_resolver or _standalone_resolver(new, "new"))
    walk.node(old_side, new_side, "", _Context())
    if walk.exhausted:
        # Unknown is not compatible: say so rather than pass a schema nobody compared.
        walk.changes.append(
            Change(
                "",
                FieldChangeKind.CONSTRAINT_CHANGED,
                "comparison stopped before the end",
                BOTH,
                f"the schemas need more than {WORK_BUDGET} comparisons of subschemas",
            )
        )
    return CompatReport(walk.changes, walk.unresolved)


def _standalone_resolver(schema: Any, name: str) -> Resolver:
    uri = f"urn:contract-catalog:{name}"
    resource = Resource.from_contents(schema, default_specification=DRAFT202012)
    return Registry().with_resource(uri, resource).resolver(base_uri=uri)


Side = tuple[Any, "Resolver"]


@dataclass(frozen=True)
class _Context:
    where: str = ""  # "in oneOf branch 'Deny'", appended to details
    old_closed: bool = False  # a parent's unevaluatedProperties (or additionalProperties) false closes them
    new_closed: bool = False
    depth: int = 0
    skip_annotations: bool = False  # a branch's own title and description are not field changes

    def deeper(self, **changes: Any) -> _Context:
        return replace(self, depth=self.depth + 1, skip_annotations=False, **changes)

    def nested(self) -> _Context:
        """The context of a property value or an array item: a new object, open unless it says otherwise."""
        return self.deeper(where="", old_closed=False, new_closed=False)


class _Walk:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.unresolved: list[str] = []
        self._active: set[tuple] = set()  # ($ref targets) pairs being compared: the recursion guard
        self._budget = [WORK_BUDGET]  # shared with trial walks

    @property
    def exhausted(self) -> bool:
        return self._budget[0] <= 0

    def add(
        self,
        path: str,
        kind: FieldChangeKind,
        detail: str,
        breaks: frozenset[Mode],
        reason: str,
        ctx: _Context,
    ) -> None:
        if ctx.where:
            detail = f"{detail} ({ctx.where})"
        self.changes.append(Change(path, kind, detail, breaks, reason))

    def sub(self, old: Side, new: Side, path: str, ctx: _Context) -> list[Change]:
        """Changes of a trial comparison, kept out of this walk's list."""
        trial = _Walk()
        trial.unresolved, trial._active, trial._budget = self.unresolved, self._active, self._budget
        trial.node(old, new, path, ctx)
        return trial.changes

    def deref(self, schema: Any, resolver: Resolver) -> tuple[dict, Resolver, tuple[int, ...]]:
        """The schema with `$ref` followed; its siblings (usually a description) override the target's."""
        schema = as_object(schema)
        if "$id" in schema:
            resource = Resource.from_contents(schema, default_specification=DRAFT202012)
            resolver = resolver.in_subresource(resource)
        targets: list[int] = []
        for _ in range(MAX_REF_CHAIN):
            ref = schema.get("$ref")
            if not isinstance(ref, str):
                break
            try:
                resolved = resolver.lookup(ref)
            except Unresolvable:
                if ref not in self.unresolved:
                    self.unresolved.append(ref)
                break  # the unresolved $ref is then compared as a plain keyword
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            targets.append(id(resolved.contents))
            schema, resolver = {**as_object(resolved.contents), **siblings}, resolved.resolver
        return schema, resolver, tuple(targets)

    def node(self, old: Side, new: Side, path: str, ctx: _Context) -> None:
        if ctx.depth > MAX_DEPTH or self._budget[0] <= 0:
            return
        self._budget[0] -= 1
        o, o_res, o_targets = self.deref(*old)
        n, n_res, n_targets = self.deref(*new)
        guard = (o_targets, n_targets)
        if (o_targets or n_targets) and guard in self._active:
            return  # a recursive schema: this pair is already being compared further up
        if o_targets or n_targets:
            self._active.add(guard)
        try:
            self._compare(o, o_res, n, n_res, path, ctx)
        finally:
            self._active.discard(guard)

    def _compare(self, o: dict, o_res: Resolver, n: dict, n_res: Resolver, path: str, ctx: _Context) -> None:
        if not ctx.skip_annotations:
            self._annotations(o, n, path, ctx)
        ctx = replace(ctx, skip_annotations=False)
        if self._union_against_plain(o, o_res, n, n_res, path, ctx):
            return
        self._type(o, n, path, ctx)
        self._values(o, n, path, ctx)
        self._bounds(o, n, path, ctx)
        self._object(o, o_res, n, n_res, path, ctx)
        self._items(o, o_res, n, n_res, path, ctx)
        self._combinators(o, o_res, n, n_res, path, ctx)
        self._other_keywords(o, n, path, ctx)

    def _annotations(self, o: dict, n: dict, path: str, ctx: _Context) -> None:
        keys = sorted(
            k
            for k in (o.keys() | n.keys())
            if (k in NOT_VALIDATING or k.startswith("x-")) and o.get(k) != n.get(k)
        )
        if not keys:
            return
        if keys == ["deprecated"]:
            detail = "marked deprecated" if n.get("deprecated") else "no longer marked deprecated"
        else:
            detail = f"{join_words(keys)} changed"
        reason = "annotations do not change which payloads validate"
        self.add(path, FieldChangeKind.DESCRIPTION_CHANGED, detail, NONE, reason, ctx)

    def _union_against_plain(
        self, o: dict, o_res: Resolver, n: dict, n_res: Resolver, path: str, ctx: _Context
    ) -> bool:
        """A plain schema against a pure oneOf/anyOf: pair it with its closest branch, as Confluent does."""
        o_union, n_union = pure_union(o), pure_union(n)
        o_has = any(k in o for k in UNIONS)
        n_has = any(k in n for k in UNIONS)
        if n_union and not o_has:
            keyword, branches = n_union
            added, plain, many = True, (o, o_res), [(b, n_res) for b in branches]
        elif o_union and not n_has:
            keyword, branches = o_union
            added, plain, many = False, (n, n_res), [(b, o_res) for b in branches]
        else:
            return False
        trial_ctx = replace(ctx.deeper(), skip_annotations=True)
        pairs = [(plain, branch) if added else (branch, plain) for branch in many]
        trials = [self.sub(old_side, new_side, path, trial_ctx) for old_side, new_side in pairs]
        best = min(range(len(trials)), key=lambda i: (sum(1 for c in trials[i] if c.breaks), len(trials[i])))
        self.changes.extend(trials[best])
        for index, (branch, resolver) in enumerate(many):
            if index != best:
                label = self._branch_label(branch, resolver, index)
                self._branch_change(keyword, label, added, path, ctx)
        return True

    def _type(self, o: dict, n: dict, path: str, ctx: _Context) -> None:
        old, new = types_of(o), types_of(n)
        widened, narrowed = covers(new, old), covers(old, new)
        if widened and narrowed:
            return
        detail = f"type {describe_types(old)} → {describe_types(new)}"
        if widened:
            reason = "old data still matches; old readers reject the newly allowed types"
            self.add(path, FieldChangeKind.TYPE_WIDENED, detail, FORWARD_ONLY, reason, ctx)
        elif narrowed:
            reason = "old data of the dropped type no longer matches"
            self.add(path, FieldChangeKind.TYPE_NARROWED, detail, BACKWARD_ONLY, reason, ctx)
        else:
            reason = "neither type includes the other, so data written under one fails the other"
            self.add(path, FieldChangeKind.TYPE_CHANGED, detail, BOTH, reason, ctx)

    def _values(self, o: dict, n: dict, path: str, ctx: _Context) -> None:
        old, new = allowed_values(o), allowed_values(n)
        if old == new:
            return
        uses_const = "const" in o or "const" in n
        if uses_const and (old is None or len(old) == 1) and (new is None or len(new) == 1):
            detail = f"const {show_value(o['const']) if 'const' in o else 'none'} → " + (
                show_value(n["const"]) if "const" in n else "none"
            )
            breaks = BACKWARD_ONLY if old is None else FORWARD_ONLY if new is None else BOTH
            reason = {
                BACKWARD_ONLY: "old data may carry any other value",
                FORWARD_ONLY: "old readers accept only the former constant",
                BOTH: "the constant differs, so data written under one schema fails the other",
            }[breaks]
            self.add(path, FieldChangeKind.CONST_CHANGED, detail, breaks, reason, ctx)
            return
        if old is None:
            detail = f"enum added ({show_values(new)})"
            reason = "old data may carry any other value"
            self.add(path, FieldChangeKind.ENUM_NARROWED, detail, BACKWARD_ONLY, reason, ctx)
        elif new is None:
            detail = "enum removed (any value allowed)"
            reason = "old readers reject values outside the enum"
            self.add(path, FieldChangeKind.ENUM_EXTENDED, detail, FORWARD_ONLY, reason, ctx)
        elif old <= new:
            detail = f"enum adds {show_values(new - old)}"
            self.add(
                path,
                FieldChangeKind.ENUM_EXTENDED,
                detail,
                FORWARD_ONLY,
                "old readers reject the new values",
                ctx,
            )
        elif new <= old:
            detail = f"enum removes {show_values(old - new)}"
            reason = "old data may carry a removed value"
            self.add(path, FieldChangeKind.ENUM_NARROWED, detail, BACKWARD_ONLY, reason, ctx)
        else:
            detail = f"enum adds {show_values(new - old)}; removes {show_values(old - new)}"
            reason = "values were both added and removed, so each side rejects some data of the other"
            self.add(path, FieldChangeKind.ENUM_CHANGED, detail, BOTH, reason, ctx)

    def _tightened(self, path: str, detail: str, ctx: _Context) -> None:
        self.add(
            path,
            FieldChangeKind.CONSTRAINT_TIGHTENED,
            detail,
            BACKWARD_ONLY,
            "old data that met the looser constraint may fail the new one",
            ctx,
        )

    def _relaxed(self, path: str, detail: str, ctx: _Context) -> None:
        self.add(
            path,
            FieldChangeKind.CONSTRAINT_RELAXED,
            detail,
            FORWARD_ONLY,
            "old readers reject new data that only meets the looser constraint",
            ctx,
        )

    def _changed(self, path: str, detail: str, ctx: _Context) -> None:
        self.add(
            path,
            FieldChangeKind.CONSTRAINT_CHANGED,
            detail,
            BOTH,
            "neither constraint contains the other, so data written under one may fail the other",
            ctx,
        )

    def _bounds(self, o: dict, n: dict, path: str, ctx: _Context) -> None:
        for keyword in (*LOWER_BOUNDS, *UPPER_BOUNDS):
            if keyword not in o and keyword not in n:
                continue
            old, new = fraction_of(o.get(keyword)), fraction_of(n.get(keyword))
            if old == new:
                if old is None and canonical(o.get(keyword)) != canonical(n.get(keyword)):
                    self._changed(path, f"{keyword} changed", ctx)  # not a number (draft 4 booleans)
                continue
            if old is None:
                self._tightened(path, f"{keyword} {show_value(n[keyword])} added", ctx)
            elif new is None:
                self._relaxed(path, f"{keyword} {show_value(o[keyword])} removed", ctx)
            else:
                detail = f"{keyword} {show_value(o[keyword])} → {show_value(n[keyword])}"
                stricter = new > old if keyword in LOWER_BOUNDS else new < old
                (self._tightened if stricter else self._relaxed)(path, detail, ctx)
        old, new = fraction_of(o.get("multipleOf")), fraction_of(n.get("multipleOf"))
        if old != new:
            before, after = o.get("multipleOf", "none"), n.get("multipleOf", "none")
            detail = f"multipleOf {show_value(before)} → {show_value(after)}"
            if old is None or (new and old and (new / old).denominator == 1):
                self._tightened(path, detail, ctx)
            elif new is None or (new and old and (old / new).denominator == 1):
                self._relaxed(path, detail, ctx)
            else:
                self._changed(path, detail, ctx)
        for keyword in ("pattern", "format"):
            old_value, new_value = o.get(keyword), n.get(keyword)
            if old_value == new_value:
                continue
            if old_value is None:
                self._tightened(path, f"{keyword} {show_value(new_value)} added", ctx)
            elif new_value is None:
                self._relaxed(path, f"{keyword} {show_value(old_value)} removed", ctx)
            else:
                self._changed(path, f"{keyword} {show_value(old_value)} → {show_value(new_value)}", ctx)
        if bool(o.get("uniqueItems")) != bool(n.get("uniqueItems")):
            if n.get("uniqueItems"):
                self._tightened(path, "uniqueItems added", ctx)
            else:
                self._relaxed(path, "uniqueItems removed", ctx)

    # Objects ------------------------------------------------------------------------------------------------

    def _object(self, o: dict, o_res: Resolver, n: dict, n_res: Resolver, path: str, ctx: _Context) -> None:
        old_props, new_props = properties_of(o), properties_of(n)
        old_required, new_required = required_of(o), required_of(n)
        for name in [*old_props, *(k for k in new_props if k not in old_props)]:
            child = f"{path}.{name}" if path else name
            if name in old_props and name in new_props:
                self.node((old_props[name], o_res), (new_props[name], n_res), child, ctx.nested())
            elif name in new_props:
                added = (new_props[name], n_res)
                self._property_added(o, o_res, name, added, name in new_required, child, ctx)
            else:
                removed = (old_props[name], o_res)
                self._property_removed(n, n_res, name, removed, name in old_required, child, ctx)
        for name in sorted(new_required - old_required - (new_props.keys() - old_props.keys())):
            child = f"{path}.{name}" if path else name
            if self._has_default(new_props.get(name), n_res):
                self.add(
                    child,
                    FieldChangeKind.REQUIRED_ADDED,
                    "now required (has a default)",
                    NONE,
                    "readers fill in the default where old data lacks it",
                    ctx,
                )
            else:
                self.add(
                    child,
                    FieldChangeKind.REQUIRED_ADDED,
                    "now required",
                    BACKWARD_ONLY,
                    "old data may lack it and it has no default",
                    ctx,
                )
        for name in sorted(old_required - new_required - (old_props.keys() - new_props.keys())):
            child = f"{path}.{name}" if path else name
            if self._has_default(old_props.get(name), o_res):
                self.add(
                    child,
                    FieldChangeKind.REQUIRED_REMOVED,
                    "now optional (has a default)",
                    NONE,
                    "old readers fill in the default where new data lacks it",
                    ctx,
                )
            else:
                self.add(
                    child,
                    FieldChangeKind.REQUIRED_REMOVED,
                    "now optional",
                    FORWARD_ONLY,
                    "old readers require it and new data may lack it",
                    ctx,
                )
        for keyword in ("additionalProperties", "unevaluatedProperties"):
            self._additional(keyword, o, o_res, n, n_res, path, ctx)

    def _has_default(self, schema: Any, resolver: Resolver) -> bool:
        return schema is not None and "default" in self.deref(schema, resolver)[0]

    def _model(self, obj: dict, resolver: Resolver, name: str, closed_by_parent: bool) -> bool | Side:
        """How an object treats an undeclared property `name`: True open, False closed, or its schema."""
        for pattern, schema in (obj.get("patternProperties") or {}).items():
            if search(pattern, name, refused=False):  # linear time: the pattern comes from a pull request
                return (schema, resolver)
        for keyword in ("additionalProperties", "unevaluatedProperties"):
            value = obj.get(keyword)
            if value is False:
                return False
            if isinstance(value, dict) and validation_keys(value):
                return (value, resolver)
        return not closed_by_parent

    def _is_empty(self, side: Side) -> bool:
        return not validation_keys(self.deref(*side)[0])

    def _is_false(self, side: Side) -> bool:
        return side[0] is False or self.deref(*side)[0] == {"not": {}}

    def _covered(self, writer: Side, reader: Side, path: str, ctx: _Context) -> bool:
        """Whether a reader schema accepts every value of a writer schema (no BACKWARD break between them)."""
        return not any(Mode.BACKWARD in c.breaks for c in self.sub(writer, reader, path, ctx.deeper()))

    def _property_added(
        self, o: dict, o_res: Resolver, name: str, new: Side, required: bool, path: str, ctx: _Context
    ) -> None:
        has_default = self._has_default(*new)
        needs_value = required and not has_default  # old data lacks it and nothing fills it in
        detail = "required field added" if required else "optional field added"
        if required and has_default:
            detail += " with a default"
        model = self._model(o, o_res, name, ctx.old_closed)
        if model is True:
            backward_ok = self._is_empty(new) and not needs_value
            forward_ok = True
            why_backward = "the old object was open, so old data may already carry this name with any value"
            why_forward = ""
        elif model is False:
            backward_ok, forward_ok = not needs_value, self._is_false(new)
            why_backward = "old data lacks it and it has no default"
            why_forward = "old readers have a closed object and reject the new property"
        else:
            backward_ok = self._covered(model, new, path, ctx) and not needs_value
            forward_ok = self._covered(new, model, path, ctx)
            why_backward = (
                "old data lacks it and it has no default"
                if needs_value
                else "old data may carry it under the old rule for undeclared properties"
            )
            why_forward = "old readers check it against their rule for undeclared properties and reject it"
        self._add_classified(
            path,
            FieldChangeKind.FIELD_ADDED,
            detail,
            ctx,
            (backward_ok, why_backward),
            (forward_ok, why_forward),
            "no payload of either version can conflict with it",
        )

    def _property_removed(
        self, n: dict, n_res: Resolver, name: str, old: Side, required: bool, path: str, ctx: _Context
    ) -> None:
        needs_value = required and not self._has_default(*old)  # old readers insist on it
        detail = "required field removed" if required else "optional field removed"
        model = self._model(n, n_res, name, ctx.new_closed)
        if model is True:
            backward_ok = True
            forward_ok = self._is_empty(old) and not needs_value
            why_backward = ""
            why_forward = (
                "old readers require it and new data lacks it"
                if needs_value
                else "the new object is open, so new data may reuse the name with a value old readers reject"
            )
        elif model is False:
            backward_ok, forward_ok = self._is_false(old), not needs_value
            why_backward = "the new object is closed, so old data that carries it is rejected"
            why_forward = "old readers require it and new data lacks it"
        else:
            backward_ok = self._covered(old, model, path, ctx)
            forward_ok = self._covered(model, old, path, ctx) and not needs_value
            why_backward = "the new rule for undeclared properties rejects some of its old values"
            why_forward = (
                "old readers require it and new data lacks it"
                if needs_value
                else "old readers still check it against its old schema"
            )
        self._add_classified(
            path,
            FieldChangeKind.FIELD_REMOVED,
            detail,
            ctx,
            (backward_ok, why_backward),
            (forward_ok, why_forward),
            "no payload of either version conflicts with it",
        )

    def _add_classified(
        self,
        path: str,
        kind: FieldChangeKind,
        detail: str,
        ctx: _Context,
        backward: tuple[bool, str],
        forward: tuple[bool, str],
        why_compatible: str,
    ) -> None:
        verdicts = ((Mode.BACKWARD, backward[0]), (Mode.FORWARD, forward[0]))
        breaks = frozenset(mode for mode, ok in verdicts if not ok)
        reasons = [why for ok, why in (backward, forward) if not ok]
        self.add(path, kind, detail, breaks, "; ".join(reasons) if reasons else why_compatible, ctx)

    def _additional(
        self, keyword: str, o: dict, o_res: Resolver, n: dict, n_res: Resolver, path: str, ctx: _Context
    ) -> None:
        def state(value: Any) -> str:
            if value is False:
                return "closed"
            if value is None or value is True or (isinstance(value, dict) and not validation_keys(value)):
                return "open"
            return "schema"

        old, new = state(o.get(keyword)), state(n.get(keyword))
        if old == new == "schema":
            self.node((o[keyword], o_res), (n[keyword], n_res), f"{path}.*" if path else "*", ctx.nested())
            return
        if old == new:
            return
        names = {"closed": "false", "open": "any value", "schema": "a schema"}
        detail = f"{keyword}: {names[old]} → {names[new]}"
        if (old, new) in {("open", "closed"), ("schema", "closed"), ("open", "schema")}:
            self.add(
                path,
                FieldChangeKind.ADDITIONAL_PROPERTIES_CLOSED,
                detail,
                BACKWARD_ONLY,
                "old data with undeclared properties is now rejected",
                ctx,
            )
        else:
            self.add(
                path,
                FieldChangeKind.ADDITIONAL_PROPERTIES_OPENED,
                detail,
                FORWARD_ONLY,
                "old readers reject the undeclared properties new data may now carry",
                ctx,
            )

    def _items(self, o: dict, o_res: Resolver, n: dict, n_res: Resolver, path: str, ctx: _Context) -> None:
        old, new = o.get("items"), n.get("items")
        if (old is None and new is None) or isinstance(old, list) or isinstance(new, list):
            return  # tuple-style items (draft 4) are compared as a plain keyword
        self.node((old, o_res), (new, n_res), f"{path}[]", ctx.nested())

    # Combinators --------------------------------------------------------------------------------------------

    def _branch_label(self, branch: Any, resolver: Resolver, index: int) -> str:
        schema = self.deref(branch, resolver)[0]
        discriminator = self._discriminator(schema)
        if isinstance(schema.get("title"), str):
            return f"'{schema['title']}'"
        if discriminator:
            return ", ".join(f"{k} = {v}" for k, v in sorted(discriminator.items()))
        types = types_of(schema)
        return f"#{index + 1} ({describe_types(types)})" if types != ALL_TYPES else f"#{index + 1}"

    def _discriminator(self, schema: dict) -> dict[str, str]:
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        found = {}
        for name, prop in props.items():
            if isinstance(prop, dict) and "const" in prop:
                found[name] = show_value(prop["const"])
        return found

    def _discriminator_key(self, branch: Any, resolver: Resolver) -> str | None:
        found = self._discriminator(self.deref(branch, resolver)[0])
        return canonical(found) if found else None

    def _branch_change(self, keyword: str, label: str, added: bool, path: str, ctx: _Context) -> None:
        detail = f"{keyword} branch {label} {'added' if added else 'removed'}"
        if keyword == "allOf":
            if added:
                self.add(
                    path,
                    FieldChangeKind.BRANCH_ADDED,
                    detail,
                    BACKWARD_ONLY,
                    "every allOf branch must match, so old data may fail the new one",
                    ctx,
                )
            else:
                self.add(
                    path,
                    FieldChangeKind.BRANCH_REMOVED,
                    detail,
                    FORWARD_ONLY,
                    "old readers still require the removed allOf branch",
                    ctx,
                )
        elif added:
            self.add(
                path,
                FieldChangeKind.BRANCH_ADDED,
                detail,
                FORWARD_ONLY,
                "old readers reject data that matches only the new branch",
                ctx,
            )
        else:
            self.add(
                path,
                FieldChangeKind.BRANCH_REMOVED,
                detail,
                BACKWARD_ONLY,
                "old data that matched only the removed branch is rejected",
                ctx,
            )

    def _combinators(
        self, o: dict, o_res: Resolver, n: dict, n_res: Resolver, path: str, ctx: _Context
    ) -> None:
        pairs = [(k, k) for k in ("oneOf", "anyOf", "allOf")]
        old_union = [k for k in UNIONS if isinstance(o.get(k), list)]
        new_union = [k for k in UNIONS if isinstance(n.get(k), list)]
        if len(old_union) == len(new_union) == 1 and old_union != new_union:
            pairs = [(old_union[0], new_union[0]), ("allOf", "allOf")]
            detail = f"{old_union[0]} → {new_union[0]}"
            if new_union[0] == "anyOf":
                self.add(
                    path,
                    FieldChangeKind.COMBINATOR_CHANGED,
                    detail,
                    FORWARD_ONLY,
                    "anyOf accepts data matching several branches, which old readers reject",
                    ctx,
                )
            else:
                self.add(
                    path,
                    FieldChangeKind.COMBINATOR_CHANGED,
                    detail,
                    BACKWARD_ONLY,
                    "oneOf rejects old data that matches more than one branch",
                    ctx,
                )
        for old_key, new_key in pairs:
            old, new = o.get(old_key), n.get(new_key)
            if not isinstance(old, list) and not isinstance(new, list):
                continue
            if new_key != "allOf" and not (isinstance(old, list) and isinstance(new, list)):
                count = len(new if isinstance(new, list) else old)
                detail = f"{new_key} with {count} branches {'added' if isinstance(new, list) else 'removed'}"
                (self._tightened if isinstance(new, list) else self._relaxed)(path, detail, ctx)
                continue
            self._branches(
                new_key,
                old if isinstance(old, list) else [],
                o_res,
                new if isinstance(new, list) else [],
                n_res,
                o,
                n,
                path,
                ctx,
            )

    def _branches(
        self,
        keyword: str,
        old: list,
        o_res: Resolver,
        new: list,
        n_res: Resolver,
        o: dict,
        n: dict,
        path: str,
        ctx: _Context,
    ) -> None:
        """Pair old and new branches (same text, discriminator or title, else most alike) and compare them."""
        closes = {"additionalProperties": False, "unevaluatedProperties": False}
        old_closed = ctx.old_closed or any(o.get(k) is v for k, v in closes.items())
        new_closed = ctx.new_closed or any(n.get(k) is v for k, v in closes.items())

        def branch_ctx(j: int) -> _Context:
            where = f"in {keyword} branch {self._branch_label(new[j], n_res, j)}"
            deeper = ctx.deeper(where=where, old_closed=old_closed, new_closed=new_closed)
            return replace(deeper, skip_annotations=True)

        old_left, new_left = list(range(len(old))), list(range(len(new)))
        pairs: list[tuple[int, int]] = []

        def pair(i: int, j: int) -> None:
            pairs.append((i, j))
            old_left.remove(i)
            new_left.remove(j)

        for key in (
            lambda b, _r: Same(b),
            self._discriminator_key,
            lambda b, r: self.deref(b, r)[0].get("title"),
        ):
            for i in list(old_left):
                wanted = key(old[i], o_res)
                matches = (j for j in new_left if wanted is not None and key(new[j], n_res) == wanted)
                match = next(matches, None)
                if match is not None:
                    pair(i, match)
        # Confluent pairs any branches that are compatible; pairing the most alike reports the fewest changes.
        trials = {
            (i, j): self.sub((old[i], o_res), (new[j], n_res), path, branch_ctx(j))
            for i in old_left
            for j in new_left
        }
        for (i, j), _ in sorted(trials.items(), key=lambda item: (len(item[1]), item[0])):
            if i in old_left and j in new_left:
                pair(i, j)
        for i, j in sorted(pairs):
            if (i, j) in trials:
                self.changes.extend(trials[i, j])
            else:
                self.node((old[i], o_res), (new[j], n_res), path, branch_ctx(j))
        for i in old_left:
            self._branch_change(keyword, self._branch_label(old[i], o_res, i), False, path, ctx)
        for j in new_left:
            self._branch_change(keyword, self._branch_label(new[j], n_res, j), True, path, ctx)

    def _other_keywords(self, o: dict, n: dict, path: str, ctx: _Context) -> None:
        """Keywords without a precise rule: added tightens, removed relaxes, anything else changes both."""
        tuple_items = isinstance(o.get("items"), list) or isinstance(n.get("items"), list)
        found: dict[str, str] = {}  # keyword -> "added", "removed" or "changed"
        for keyword in sorted(validation_keys(o) | validation_keys(n)):
            # An unresolved $ref and draft-4 tuple items have no rule of their own.
            if keyword in HANDLED and keyword != "$ref" and not (keyword == "items" and tuple_items):
                continue
            old, new = o.get(keyword), n.get(keyword)
            if old != new:
                found[keyword] = "added" if old is None else "removed" if new is None else "changed"
        # A conditional added or removed as a whole is one change, not two or three.
        conditional = [k for k in ("if", "then", "else") if k in found]
        if len(conditional) > 1 and len({found[k] for k in conditional}) == 1:
            how = found[conditional[0]]
            found = {k: v for k, v in found.items() if k not in conditional}
            found["/".join(conditional)] = how
        for keyword, how in found.items():
            {"added": self._tightened, "removed": self._relaxed, "changed": self._changed}[how](
                path, f"{keyword} {how}", ctx
            )
