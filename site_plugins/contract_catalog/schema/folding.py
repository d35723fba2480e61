"""Subschemas folded into one `FoldedSchema` per value: its `$ref` target, `allOf` members and nullable
`anyOf` read as one, with its type label. Recursion, remote references and oversized schemas are cut off
and reported as problems rather than followed. The rows a payload table shows are made from these views
(`fields.py`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

from referencing import Specification
from referencing.jsonschema import DRAFT3, DRAFT4, DRAFT6, DRAFT7, DRAFT202012

from ..core.problems import Problem, Severity, json_pointer
from .keywords import ANNOTATIONS, json_type
from .resolving import Resolver, landing
from .uris import Refused, cause, display_uri, path_of, uri_for

if TYPE_CHECKING:
    from .loading import SchemaLoader

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


def json_text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


class SchemaFolder:
    """Folds the subschemas of one document into views, and names their types."""

    def __init__(self, loader: SchemaLoader, path: str, version: int) -> None:
        self.loader = loader
        self.path = path
        self.version = version
        self.problems: list[Problem] = []
        self._seen_problems: set[Problem] = set()
        self._budget = WORK_BUDGET
        self.truncated = False

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
                return f"{name} = {json_text(values['const'][0])}"
            enums = values.get("enum", ())
            if len(enums) == 1 and isinstance(enums[0], list) and len(enums[0]) == 1:
                return f"{name} = {json_text(enums[0][0])}"
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


def root_node(loader: SchemaLoader, schema: Any, path: str) -> SchemaNode:
    """A whole schema file as the node a walk starts from, in the dialect the file declares."""
    loaded = loader.load(path)
    spec = loaded.spec if loaded else DRAFT202012
    return SchemaNode(schema, loader.resolver_for(path), path, (), spec, (uri_for(path),), uri_for(path))


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
