"""A payload schema flattened into field rows: one row per property, item or branch, with dotted paths.

Each subschema that describes a value (its `$ref` target, `allOf` members, a nullable `anyOf`) is folded
into one `FoldedSchema`; the views are then turned into `FieldRow`s with their type labels, constraints,
required-ness and branch names. Recursion, remote references and oversized schemas are cut off and
reported as problems rather than followed.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

from referencing import Specification
from referencing.jsonschema import DRAFT3, DRAFT4, DRAFT6, DRAFT7, DRAFT202012

from ..core.problems import Problem, Severity, json_pointer
from .keywords import ANNOTATIONS, json_type
from .resolving import Resolver, landing
from .rows import Constraint, FieldRow
from .shared import INLINE_MAX_ROWS, SHARED_MIN_ROWS, SharedDefinition, expanded, join_path
from .uris import Refused, cause, display_uri, path_of, uri_for

if TYPE_CHECKING:
    from .loading import SchemaLoader

MAX_ROWS = 2000  # a table longer than this helps nobody; the rest is reported as truncated
MAX_DEPTH = 32  # nesting deeper than this is cut off (refs are caught earlier as recursion)
_SPACE = re.compile(r"\s")  # what str.isspace() calls space, every code point alike (anchors have none)
WORK_BUDGET = 5_000  # subschemas visited per document (the largest bundled schema needs ~150): bounds fan-out

LEGACY_REF_DRAFTS = {DRAFT3, DRAFT4, DRAFT6, DRAFT7}  # drafts where keywords beside $ref are ignored
CONSTRAINTS = (
    "const",
    "enum",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "not",
    "unevaluatedItems",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "readOnly",
    "writeOnly",
    "default",
    "examples",
)
# Keywords read by the walker itself, or that say nothing about a field's value.
STRUCTURAL = {
    "$schema",
    "$id",
    "id",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$defs",
    "definitions",
    "$comment",
    "$vocabulary",
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    "title",
    "description",
    "deprecated",
    "type",
    "properties",
    "required",
    "patternProperties",
    "additionalProperties",
    "unevaluatedProperties",
    "items",
    "prefixItems",
    "additionalItems",
    "allOf",
    "anyOf",
    "oneOf",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
}
STRUCTURAL_IDS = {
    "$schema",
    "$id",
    "id",
    "$anchor",
    "$dynamicAnchor",
    "$defs",
    "definitions",
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    "$recursiveAnchor",
}
JSON_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")
CHOICES = ("oneOf", "anyOf")


@dataclass(frozen=True)
class SchemaNode:
    """A subschema with what is needed to follow its references and to name where it is."""

    schema: Any
    resolver: Resolver
    file: str
    pointer: tuple[str | int, ...]
    spec: Specification
    trail: tuple[str, ...]  # reference targets followed to get here, to see recursion
    base_uri: str  # the resolver's base, which `referencing` keeps private: where a `$ref` here lands

    def child(self, schema: Any, *tokens: str | int) -> SchemaNode:
        return replace(self, schema=schema, pointer=(*self.pointer, *tokens))


@dataclass
class _Branch:
    kind: str  # "oneOf", "anyOf", "if", "else", "dependent"
    node: SchemaNode
    group: tuple  # where the keyword is: members of one oneOf belong together
    label: str | None = None  # known up front for conditional kinds


@dataclass
class FoldedSchema:
    """What the schemas describing one value say about it, merged."""

    types: list[str] | None = None  # None: not restricted
    nullable: bool = False  # folded from `anyOf: [X, {type: null}]`
    never: bool = False  # a `false` schema: no value is valid
    title: str | None = None
    description: str | None = None
    deprecated: bool = False
    closed: bool = False
    constraints: dict[str, list[Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keywords, shown as written
    properties: dict[str, list[SchemaNode]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    dependent_required: dict[str, list[str]] = field(default_factory=dict)
    pattern_properties: dict[str, list[SchemaNode]] = field(default_factory=dict)
    additional: list[SchemaNode] = field(default_factory=list)
    items: list[SchemaNode] = field(default_factory=list)
    prefix_items: list[list[SchemaNode]] = field(default_factory=list)
    branches: list[_Branch] = field(default_factory=list)
    ref_source: str | None = None
    refs: list[str] = field(default_factory=list)  # every reference target folded in
    recursive_ref: str | None = None
    remote_ref: str | None = None
    ref_nodes: list[tuple[str, SchemaNode]] = field(
        default_factory=list
    )  # (target, node) of each ref followed

    def constrain(self, keyword: str, value: Any) -> None:
        values = self.constraints.setdefault(keyword, [])
        if value not in values:
            values.append(value)

    @property
    def choices(self) -> list[_Branch]:
        return [b for b in self.branches if b.kind in CHOICES]

    @property
    def structured(self) -> bool:
        """Whether the value has parts that need rows of their own."""
        return bool(
            self.properties
            or self.pattern_properties
            or self.additional
            or self.items
            or self.prefix_items
            or self.required
            or self.dependent_required
            or any(b.kind not in CHOICES for b in self.branches)
        )


def _json_text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


class FieldWalker:
    """Folds subschemas into views and views into rows, for one document."""

    def __init__(self, loader: SchemaLoader, path: str, version: int) -> None:
        self.loader = loader
        self.path = path
        self.version = version
        self.problems: list[Problem] = []
        self._seen_problems: set[Problem] = set()
        self.rows: list[FieldRow] = []
        self._anchors: set[str] = set()
        self._shown: dict[str, str | None] = {}  # reference target -> anchor of the row showing it
        self._budget = WORK_BUDGET
        self.truncated = False
        self._row_count = 0  # rows of the table and of its shared definitions
        self._anchor_base: str | None = None  # set while a shared definition is flattened
        self.definitions: dict[str, SharedDefinition] = {}  # by anchor
        self._by_target: dict[str, tuple[SharedDefinition, tuple]] = {}  # reference target -> (it, its shape)
        self._defining: set[str] = set()

    def problem(
        self, file: str, pointer: tuple, message: str, code: str, severity: Severity = Severity.ERROR
    ) -> None:
        self.add(Problem(file, message, json_pointer(*pointer), severity=severity, code=code))

    def add(self, problem: Problem) -> None:
        if problem not in self._seen_problems:  # a shared file is walked once per field that uses it
            self._seen_problems.add(problem)
            self.problems.append(problem)

    # -- folding subschemas into a view

    def view(self, nodes: Iterable[SchemaNode]) -> FoldedSchema:
        view = FoldedSchema()
        for node in nodes:
            self._absorb(view, node)
        self._fold_nullable(view)
        return view

    def _absorb(self, view: FoldedSchema, node: SchemaNode) -> None:
        self._budget -= 1
        if self._budget < 0:
            self.truncated = True
            return
        schema = node.schema
        if schema is False:
            view.never = True
            return
        if not isinstance(schema, dict):
            if schema is not True:
                view.extra["schema"] = schema  # not a schema at all: shown as written
            return
        node = self._enter(node)
        ref_keys = [k for k in ("$ref", "$dynamicRef", "$recursiveRef") if isinstance(schema.get(k), str)]
        if ref_keys and node.spec in LEGACY_REF_DRAFTS:
            self._absorb_legacy_ref_siblings(view, node)
        else:
            self._absorb_keywords(view, node)
        for key in ref_keys:
            ref = "#" if key == "$recursiveRef" else schema[key]
            self._follow(view, node.child(schema, key), ref)

    def _absorb_legacy_ref_siblings(self, view: FoldedSchema, node: SchemaNode) -> None:
        """Up to draft-07 a validator ignores everything beside `$ref`; only annotations are shown."""
        ignored = sorted(set(node.schema) - ANNOTATIONS - STRUCTURAL_IDS)
        if ignored:
            self.problem(
                node.file,
                node.pointer,
                f"keywords beside $ref are ignored in {node.spec.name}: {', '.join(ignored)}; "
                "wrap the $ref in allOf to apply them",
                "ref-siblings-ignored",
                Severity.WARNING,
            )
        self._absorb_annotations(view, node)

    def _enter(self, node: SchemaNode) -> SchemaNode:
        """A subschema with its own id starts a new base URI for the references inside it."""
        schema = node.schema
        if "$id" not in schema and "id" not in schema:
            return node
        try:
            resource = node.spec.create_resource(schema)
            resolver = node.resolver.in_subresource(resource)
            identifier = resource.id()
            base = urljoin(node.base_uri, identifier) if identifier is not None else node.base_uri
        except Exception:  # noqa: BLE001 - an id that is not a URI keeps the enclosing base
            return node
        return replace(node, resolver=resolver, base_uri=base)

    def _follow(self, view: FoldedSchema, at: SchemaNode, ref: str) -> None:
        """Fold in what a reference points at; remote, refused and recursive ones are only noted."""
        try:
            target, resolved, base = landing(at.resolver, at.base_uri, ref)
        except Exception as error:  # noqa: BLE001 - Unresolvable, or a ref that is not a URI at all
            self._unresolvable(view, at, ref, error)
            return
        view.refs.append(target)
        if view.ref_source is None:
            local = path_of(target) == self.path
            view.ref_source = "#" + urldefrag(target).fragment if local else display_uri(target)
        if target in at.trail:
            view.recursive_ref = target
            if isinstance(resolved.contents, dict):  # its type and title, without walking into it again
                self._absorb_type(view, resolved.contents.get("type"))
                if view.title is None and isinstance(resolved.contents.get("title"), str):
                    view.title = resolved.contents["title"]
            return
        file = path_of(target) or at.file
        fragment = unquote(urldefrag(target).fragment)
        pointer = tuple(fragment.split("/")[1:]) if fragment.startswith("/") else ()
        loaded = self.loader.load(file) if file != at.file else None
        spec = loaded.spec if loaded is not None else at.spec
        node = SchemaNode(
            resolved.contents, resolved.resolver, file, pointer, spec, (*at.trail, target), base
        )
        view.ref_nodes.append((target, node))
        self._absorb(view, node)

    def _unresolvable(self, view: FoldedSchema, at: SchemaNode, ref: str, error: Exception) -> None:
        refused = cause(error, Refused)
        if refused is not None and refused.remote:
            view.remote_ref = view.remote_ref or refused.uri
            self.problem(
                at.file,
                at.pointer,
                f"{refused.reason}; the field links to it",
                "remote-ref",
                Severity.WARNING,
            )
            return
        view.extra.setdefault("$ref", ref)
        if refused is None:
            self.problem(at.file, at.pointer, f"$ref '{ref}' cannot be resolved", "unresolvable-ref")
            return
        self.problem(at.file, at.pointer, f"$ref '{ref}' refused: {refused.reason}", "ref-refused")
        loaded = self.loader.load(path_of(refused.uri) or "")
        for problem in loaded.problems if loaded else ():
            self.add(problem)

    def _absorb_annotations(self, view: FoldedSchema, node: SchemaNode) -> None:
        schema = node.schema
        if view.title is None and isinstance(schema.get("title"), str):
            view.title = schema["title"]
        if view.description is None and isinstance(schema.get("description"), str):
            view.description = schema["description"]
        if schema.get("deprecated") is True:
            view.deprecated = True
        for keyword in ("default", "examples", "readOnly", "writeOnly"):
            if keyword in schema:
                view.constrain(keyword, schema[keyword])

    def _absorb_keywords(self, view: FoldedSchema, node: SchemaNode) -> None:
        schema = node.schema
        self._absorb_annotations(view, node)
        self._absorb_type(view, schema.get("type"))
        for keyword, value in schema.items():
            if keyword in CONSTRAINTS:
                if keyword not in ANNOTATIONS:
                    view.constrain(keyword, value)
            elif keyword not in STRUCTURAL:
                view.extra.setdefault(keyword, value)
        self._absorb_object(view, node)
        self._absorb_array(view, node)
        self._absorb_combinators(view, node)

    def _absorb_type(self, view: FoldedSchema, declared: Any) -> None:
        if declared is None:
            return
        names = declared if isinstance(declared, list) else [declared]
        if not all(isinstance(n, str) and n in JSON_TYPES for n in names):
            view.extra.setdefault("type", declared)  # draft-03 "any" or schemas in a union: as written
            return
        view.types = list(dict.fromkeys(names)) if view.types is None else _intersect(view.types, names)

    def _absorb_object(self, view: FoldedSchema, node: SchemaNode) -> None:
        schema = node.schema
        for name, sub in _dict_items(schema.get("properties")):
            view.properties.setdefault(name, []).append(node.child(sub, "properties", name))
        for name in _list(schema.get("required")):
            if isinstance(name, str) and name not in view.required:
                view.required.append(name)
        for name, sub in _dict_items(schema.get("patternProperties")):
            view.pattern_properties.setdefault(name, []).append(node.child(sub, "patternProperties", name))
        for keyword in ("additionalProperties", "unevaluatedProperties"):
            if schema.get(keyword, True) is False:
                view.closed = True
            elif keyword in schema and schema[keyword] is not True:
                view.additional.append(node.child(schema[keyword], keyword))
        for keyword in ("dependentRequired", "dependentSchemas", "dependencies"):
            for name, value in _dict_items(schema.get(keyword)):
                if isinstance(value, list):
                    names = [n for n in value if isinstance(n, str)]
                    view.dependent_required.setdefault(name, []).extend(names)
                else:
                    at = node.child(value, keyword, name)
                    view.branches.append(_Branch("dependent", at, at.pointer, f"when {name} is present"))

    def _absorb_array(self, view: FoldedSchema, node: SchemaNode) -> None:
        schema = node.schema
        items = schema.get("items")
        if isinstance(items, list):  # draft-04 to 2019-09 tuples; additionalItems applies after them
            self._tuple(view, [node.child(s, "items", i) for i, s in enumerate(items)])
            if "additionalItems" in schema:
                view.items.append(node.child(schema["additionalItems"], "additionalItems"))
        elif items is not None:
            view.items.append(node.child(items, "items"))
        if isinstance(schema.get("prefixItems"), list):
            self._tuple(view, [node.child(s, "prefixItems", i) for i, s in enumerate(schema["prefixItems"])])

    @staticmethod
    def _tuple(view: FoldedSchema, nodes: list[SchemaNode]) -> None:
        for index, item in enumerate(nodes):
            if index < len(view.prefix_items):
                view.prefix_items[index].append(item)
            else:
                view.prefix_items.append([item])

    def _absorb_combinators(self, view: FoldedSchema, node: SchemaNode) -> None:
        schema = node.schema
        for index, member in enumerate(_list(schema.get("allOf"))):
            self._absorb(view, node.child(member, "allOf", index))
        for kind in CHOICES:
            for index, member in enumerate(_list(schema.get(kind))):
                view.branches.append(_Branch(kind, node.child(member, kind, index), (*node.pointer, kind)))
        if "if" in schema and ("then" in schema or "else" in schema):
            condition = self._describe(self.view([node.child(schema["if"], "if")])) or "the if-schema holds"
            for keyword, label in (("then", f"if {condition}"), ("else", f"unless {condition}")):
                if keyword in schema:
                    at = node.child(schema[keyword], keyword)
                    view.branches.append(_Branch(keyword, at, at.pointer, label))

    def _fold_nullable(self, view: FoldedSchema) -> None:
        """`anyOf: [{$ref: X}, {type: null}]` reads as X, nullable: one row with X's details."""
        for _ in range(8):  # a folded member may bring its own nullable pair
            groups: dict[tuple, list[_Branch]] = {}
            for branch in view.choices:
                groups.setdefault(branch.group, []).append(branch)
            pair = next((g for g in groups.values() if len(g) == 2 and self._one_null(g)), None)
            if pair is None:
                return
            view.branches = [b for b in view.branches if b not in pair]
            other = next(b for b in pair if not self._only_null(b.node))
            self._absorb(view, other.node)
            view.nullable = True

    def _one_null(self, pair: list[_Branch]) -> bool:
        return [self._only_null(b.node) for b in pair].count(True) == 1

    @staticmethod
    def _only_null(node: SchemaNode) -> bool:
        schema = node.schema
        return (
            isinstance(schema, dict)
            and schema.get("type") in ("null", ["null"])
            and set(schema) <= (ANNOTATIONS | {"type"})
        )

    # -- labels

    def _describe(self, view: FoldedSchema) -> str | None:
        """A branch's name: its title, the constant it sets on a property, or what it requires."""
        if view.title:
            return view.title
        for name, nodes in view.properties.items():
            values = self.view(nodes).constraints
            if len(values.get("const", ())) == 1:
                return f"{name} = {_json_text(values['const'][0])}"
            enums = values.get("enum", ())
            if len(enums) == 1 and isinstance(enums[0], list) and len(enums[0]) == 1:
                return f"{name} = {_json_text(enums[0][0])}"
        if view.required and not view.properties:
            return f"with {', '.join(view.required)}"
        return None

    def _option(self, node: SchemaNode, depth: int) -> str:
        sub = self.view([node])
        return self._describe(sub) or self.type_label(sub, depth)

    def type_label(self, view: FoldedSchema, depth: int = 0) -> str:
        label = self._base_label(view, depth)
        if view.nullable and label != "any" and not label.endswith("| null") and label != "null":
            label += " | null"
        return label

    def _base_label(self, view: FoldedSchema, depth: int) -> str:
        if view.never:
            return "no value (false schema)"
        if view.types == []:
            return "no value (conflicting types)"
        names = view.types if view.types is not None else self.inferred_types(view)
        labels = [self._array_label(view, depth) if name == "array" else name for name in names or ()]
        if labels:
            return " | ".join([label for label in labels if label != "null"] + ["null"] * ("null" in labels))
        if view.choices and depth < 4:
            word = "one of" if view.choices[0].kind == "oneOf" else "any of"
            options = dict.fromkeys(self._option(b.node, depth + 1) for b in view.choices)
            return f"{word}: {', '.join(options)}"
        return "any"

    def inferred_types(self, view: FoldedSchema) -> list[str] | None:
        if view.properties or view.pattern_properties or view.additional or view.closed:
            return ["object"]
        if view.items or view.prefix_items:
            return ["array"]
        enums = view.constraints.get("enum") or [[]]
        values = view.constraints.get("const") or (enums[0] if isinstance(enums[0], list) else [])
        return list(dict.fromkeys(json_type(v) for v in values)) or None

    def _array_label(self, view: FoldedSchema, depth: int) -> str:
        if depth >= 4:
            return "array"
        if view.prefix_items:
            parts = [self.type_label(self.view(nodes), depth + 1) for nodes in view.prefix_items]
            more = view.items and not self.view(view.items).never
            return f"array: [{', '.join(parts)}{', …' if more else ''}]"
        if view.items:
            item = self.view(view.items)
            return "empty array" if item.never else f"array of {self.type_label(item, depth + 1)}"
        return "array"

    def _shaped(self, view: FoldedSchema) -> bool:
        """Whether oneOf/anyOf members have fields of their own (rows per member, not just a type label)."""
        return any(self.view([b.node]).structured for b in view.choices)

    # -- rows

    def heading_constraints(self, view: FoldedSchema) -> list[Constraint]:
        """The constraints shown above a schema's table (its examples are shown in full below it)."""
        return [c for c in self._constraints(view) if c.name != "examples"]

    def table(self, view: FoldedSchema) -> tuple[list[FieldRow], dict[str, SharedDefinition]]:
        """The field rows under a schema's top view and the shared definitions they use."""
        for target in [uri_for(self.path), *view.refs]:
            self._shown.setdefault(target, None)
        self._members(view, "", None, 0)
        rows, definitions = self._inline_single_uses()
        if self.truncated:
            self.problem(
                self.path,
                (),
                f"is too large or too deeply nested to show in full; the table "
                f"stops after {len(self.rows)} rows",
                "too-many-fields",
                Severity.WARNING,
            )
        return rows, definitions

    def _row(
        self,
        view: FoldedSchema,
        path: str,
        required: bool,
        branch: str | None,
        kind: str,
        required_if: list[str] | None = None,
    ) -> FieldRow | None:
        if self._row_count >= MAX_ROWS:
            self.truncated = True
            return None
        self._row_count += 1
        row = FieldRow(
            path=path,
            anchor=self._anchor(path),
            type_label=self.type_label(view),
            required=required,
            required_if=required_if or [],
            title=view.title,
            description=view.description,
            constraints=self._constraints(view),
            deprecated=view.deprecated,
            closed=view.closed,
            ref_source=view.ref_source,
            recursive=view.recursive_ref is not None,
            branch=branch,
            remote_ref=view.remote_ref,
            kind=kind,
        )
        if view.recursive_ref is not None:
            row.recursive_target = self._shown.get(view.recursive_ref)
        for target in view.refs:
            self._shown.setdefault(target, row.anchor)
        self.rows.append(row)
        return row

    def _anchor(self, path: str) -> str:
        full = f"v{self.version}-{path}" if self._anchor_base is None else join_path(self._anchor_base, path)
        anchor = _SPACE.sub("_", full)  # ids have no spaces
        unique, count = anchor, 1
        while unique in self._anchors:  # the same path in two branches: later rows get a counter
            count += 1
            unique = f"{anchor}~{count}"
        self._anchors.add(unique)
        return unique

    def _members(
        self,
        view: FoldedSchema,
        prefix: str,
        branch: str | None,
        depth: int,
        parent: FoldedSchema | None = None,
        skip: Iterable[str] = (),
    ) -> None:
        """Rows for everything inside a value: properties, items, and members of shaped branches.

        In a branch, `parent` is the object it belongs to: a property the branch narrows (a `const` on
        the discriminator) keeps the parent's type and description.
        """
        if depth > MAX_DEPTH:
            self.truncated = True
            return
        inherited = parent.properties if parent else {}
        required = [*(parent.required if parent else []), *view.required]
        dependents: dict[str, list[str]] = {}
        for trigger, names in view.dependent_required.items():
            for name in names:
                dependents.setdefault(name, []).append(trigger)
        for name in dict.fromkeys([*view.properties, *view.required, *dependents]):
            if name in skip:
                continue
            child = self.view([*inherited.get(name, []), *view.properties.get(name, [])])
            path = _join(prefix, name)
            row = self._row(child, path, name in required, branch, "property", dependents.get(name))
            self._inside(child, row, path, branch, depth)
        keyed = [(f"/{p}/", nodes, "pattern") for p, nodes in view.pattern_properties.items()]
        for key, nodes, kind in keyed + ([("*", view.additional, "additional")] if view.additional else []):
            child = self.view(nodes)
            path = _join(prefix, key)
            row = self._row(child, path, False, branch, kind)
            self._inside(child, row, path, branch, depth)
        self._items(view, prefix, branch, depth)
        self._branches(view, prefix, branch, depth)

    def _items(self, view: FoldedSchema, prefix: str, branch: str | None, depth: int) -> None:
        for index, nodes in enumerate(view.prefix_items):
            child = self.view(nodes)
            row = self._row(child, f"{prefix}[{index}]", False, branch, "item")
            self._inside(child, row, f"{prefix}[{index}]", branch, depth)
        if not view.items:
            return
        child = self.view(view.items)
        if _worth_a_row(child) or view.prefix_items:
            row = self._row(child, f"{prefix}[]", False, branch, "item")
            self._inside(child, row, f"{prefix}[]", branch, depth)
            return
        self._members(child, f"{prefix}[]", branch, depth + 1)

    def _inside(
        self, view: FoldedSchema, row: FieldRow | None, path: str, branch: str | None, depth: int
    ) -> None:
        """The rows inside a field's value: its own, or a reference to a shared definition that shows them."""
        if row is not None and not row.recursive and not self._share(view, row):
            self._members(view, path, branch, depth + 1)

    # -- shared definitions

    def _share(self, view: FoldedSchema, row: FieldRow) -> bool:
        """Point the row at the shared definition its value is, if it is one large enough to be worth it."""
        if not view.ref_nodes or view.recursive_ref is not None:
            return False
        target, node = view.ref_nodes[0]
        if target in self._defining:  # a definition that uses itself through others is shown inline there
            return False
        if target not in self._by_target:
            self._by_target[target] = self._define(target, node, view.ref_source or display_uri(target))
        definition, definition_shape = self._by_target[target]
        if definition.field_count < SHARED_MIN_ROWS or definition_shape != shape(view):
            return False
        definition.uses += 1
        row.shared = definition.anchor
        if self._anchor_base is None:  # full paths of the table itself; inside a definition they are relative
            row.shared_ids = [
                (self._anchor(join_path(row.path, rel)), anchor)
                for rel, anchor in expanded(definition, self.definitions)
            ]
        return True

    def _define(self, target: str, node: SchemaNode, source: str) -> tuple[SharedDefinition, tuple]:
        """Flatten a referenced definition once, into rows with paths relative to it."""
        name = _definition_name(target)
        anchor, count = f"v{self.version}~{name}", 1
        while anchor in self.definitions:
            count += 1
            anchor = f"v{self.version}~{name}~{count}"
        anchor = _SPACE.sub("_", anchor)
        definition = SharedDefinition(anchor, name, source, target)
        self.definitions[anchor] = definition
        root = replace(node, trail=(uri_for(self.path), target))
        saved = self.rows, self._anchor_base, dict(self._shown)
        self.rows, self._anchor_base = definition.rows, anchor
        self._defining.add(target)
        self._shown[target] = anchor
        try:
            view = self.view([root])
            self._members(view, "", None, 1)
        finally:
            self._defining.discard(target)
            self.rows, self._anchor_base = saved[0], saved[1]
        if definition.field_count < SHARED_MIN_ROWS:  # shown inline instead: its rows' anchors never exist
            self._shown = saved[2]
            self._row_count -= definition.field_count
            for row in definition.rows:  # nor do the uses of definitions inside it
                if row.shared is not None:
                    self.definitions[row.shared].uses -= 1
        return definition, shape(view)

    def _inline_single_uses(self) -> tuple[list[FieldRow], dict[str, SharedDefinition]]:
        """A definition used once reads best where it is used, unless it is large (other versions of the page
        and other pages use it too): its rows go back in place, anchors and all."""
        moved: dict[str, str] = {}
        rows = self._inlined(self.rows, None, moved)
        for definition in [d for d in self.definitions.values() if d.uses]:
            definition.rows = self._inlined(definition.rows, definition.anchor, moved)
        kept = {a: d for a, d in self.definitions.items() if d.uses}
        for row in [*rows, *(r for d in kept.values() for r in d.rows)]:
            if row.recursive_target in moved:
                row.recursive_target = moved[row.recursive_target]
        return rows, kept

    def _inlined(self, rows: list[FieldRow], base: str | None, moved: dict[str, str]) -> list[FieldRow]:
        out = []
        for row in rows:
            out.append(row)
            definition = self.definitions.get(row.shared) if row.shared else None
            if definition is None or definition.uses != 1 or definition.field_count >= INLINE_MAX_ROWS:
                continue
            ids = iter(row.shared_ids)  # full path anchors, in the order `expanded` walks the definition
            row.shared, row.shared_ids = None, []
            moved[definition.anchor] = row.anchor
            placed = []
            for inner in definition.rows:
                path = join_path(row.path, inner.path)
                anchor = next(ids)[0] if base is None else join_path(base, path)
                branch = (
                    f"{row.branch} › {inner.branch}"
                    if row.branch and inner.branch
                    else row.branch or inner.branch
                )
                moved[inner.anchor] = anchor
                shared_ids = (
                    [next(ids) for _ in expanded(self.definitions[inner.shared], self.definitions)]
                    if inner.shared and base is None
                    else []
                )
                placed.append(
                    dataclasses.replace(inner, path=path, anchor=anchor, branch=branch, shared_ids=shared_ids)
                )
            definition.uses = 0
            out.extend(self._inlined(placed, base, moved))
        return out

    def _branches(self, view: FoldedSchema, prefix: str, branch: str | None, depth: int) -> None:
        """Rows per variant; what every variant of a oneOf/anyOf declares alike is listed once, before
        them."""
        shown = view.choices if self._shaped(view) else []
        conditional = [b for b in view.branches if b.kind not in CHOICES]
        subs = [self.view([item.node]) for item in [*shown, *conditional]]
        common = [n for n in common_properties(subs[: len(shown)]) if n not in view.properties]
        if common:
            alike = FoldedSchema(
                properties={n: subs[0].properties[n] for n in common},
                required=[n for n in subs[0].required if n in common],
            )
            self._members(alike, prefix, branch, depth + 1)
        for index, (item, sub) in enumerate(zip([*shown, *conditional], subs, strict=True)):
            label = item.label or self._describe(sub) or f"option {index + 1} ({self.type_label(sub)})"
            nested = f"{branch} › {label}" if branch else label
            if sub.recursive_ref is not None:
                self._row(sub, prefix or "(payload)", False, nested, "property")
            else:
                self._members(
                    sub, prefix, nested, depth + 1, parent=view, skip=common if index < len(shown) else ()
                )

    def _constraints(self, view: FoldedSchema) -> list[Constraint]:
        found = []
        for keyword in CONSTRAINTS:
            for value in view.constraints.get(keyword, ()):
                values = value if keyword in {"enum", "examples"} and isinstance(value, list) else [value]
                found.append(Constraint(keyword, tuple(_json_text(v) for v in values)))
        if view.choices:
            found.extend(self._choice_constraint(view))
        for keyword, value in view.extra.items():
            found.append(Constraint(keyword, (_json_text(value),), raw=True))
        return found

    def _choice_constraint(self, view: FoldedSchema) -> list[Constraint]:
        """The options of a oneOf/anyOf with what each one requires, unless the type label says it all."""
        details = []
        for branch in view.choices:
            sub = self.view([branch.node])
            label = self._describe(sub) or self.type_label(sub, 1)
            own = (
                [] if sub.structured else [f"{c.name} {', '.join(c.values)}" for c in self._constraints(sub)]
            )
            details.append(f"{label} ({'; '.join(own)})" if own else label)
        typed = view.types is not None or self.inferred_types(view)
        if not typed and details == [self._option(b.node, 1) for b in view.choices]:
            return []
        return [Constraint(view.choices[0].kind, tuple(dict.fromkeys(details)))]


def shape(view: FoldedSchema) -> tuple:
    """What decides a value's rows; two views of equal shape flatten to the same rows."""

    def ids(nodes: list) -> tuple[int, ...]:
        return tuple(id(node.schema) for node in nodes)

    return (
        tuple((name, ids(nodes)) for name, nodes in view.properties.items()),
        tuple(view.required),
        tuple((name, tuple(names)) for name, names in view.dependent_required.items()),
        tuple((name, ids(nodes)) for name, nodes in view.pattern_properties.items()),
        ids(view.additional),
        ids(view.items),
        tuple(ids(nodes) for nodes in view.prefix_items),
        tuple((b.kind, id(b.node.schema)) for b in view.branches),
    )


def common_properties(views: list[FoldedSchema]) -> list[str]:
    """Properties that every variant declares alike (same file, equal schema) and equally required."""
    if len(views) < 2:
        return []

    def key(view: FoldedSchema, name: str) -> tuple:
        return [(n.file, n.schema) for n in view.properties[name]], name in view.required

    first = views[0]
    return [
        name
        for name in first.properties
        if all(name in v.properties and key(v, name) == key(first, name) for v in views[1:])
    ]


def _definition_name(target: str) -> str:
    """`…/common-v1.json#/$defs/user` -> `user`; a whole file by its name without `.json`."""
    base, fragment = urldefrag(target)
    tokens = [t for t in unquote(fragment).split("/") if t]
    return tokens[-1] if tokens else base.rsplit("/", 1)[-1].removesuffix(".json") or "definition"


def _worth_a_row(view: FoldedSchema) -> bool:
    """Array items get a row of their own unless they are a plain object whose members say it all."""
    if view.types not in (["object"], None) or (view.types is None and not view.properties):
        return True
    return bool(
        view.title
        or view.description
        or view.constraints
        or view.extra
        or view.ref_source
        or view.deprecated
        or view.recursive_ref
        or view.remote_ref
        or view.nullable
    )


def _intersect(kept: list[str], names: list[str]) -> list[str]:
    """Types allowed by both lists; an integer is a number, so number and integer meet in integer."""
    both = []
    for name in kept:
        if name in names:
            both.append(name)
        elif name == "number" and "integer" in names or name == "integer" and "number" in names:
            both.append("integer")
    return list(dict.fromkeys(both))


def _dict_items(value: Any) -> Iterator[tuple[str, Any]]:
    return iter(value.items()) if isinstance(value, dict) else iter(())


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def root_node(loader: SchemaLoader, schema: Any, path: str) -> SchemaNode:
    """A whole schema file as the node a walk starts from, in the dialect the file declares."""
    loaded = loader.load(path)
    spec = loaded.spec if loaded else DRAFT202012
    return SchemaNode(schema, loader.resolver_for(path), path, (), spec, (uri_for(path),), uri_for(path))
