"""Payload schemas as readers need them: one row per field, examples checked, problems as values.

A payload schema may point at shared definitions in other files of the contracts tree. Every file is read
once through `safe_files` (size limit, duplicate keys, never outside the tree) and served to a
`referencing.Registry`, which both the field table and the example validator resolve `$ref` through.
Remote references are never fetched: the field links to them and a warning says so.

Flattening folds each subschema (its `$ref` target, `allOf` members, nullable `anyOf`) into a `_View`,
then turns the view into `FieldRow`s with dotted paths. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import jsonschema
import jsonschema.validators
import referencing.exceptions
from referencing import Registry, Resource, Specification
from referencing._core import Resolver
from referencing.jsonschema import DRAFT3, DRAFT4, DRAFT6, DRAFT7, DRAFT202012, specification_with

from .metaschema import metaschema_errors
from .problems import Problem, Severity, json_pointer
from .safe_files import ContractsTree, UnsafePath, load_json

URI_PREFIX = "file:///"  # files are named by their registry path under this scheme, so relative refs join
MAX_ROWS = 2000  # a table longer than this helps nobody; the rest is reported as truncated
MAX_DEPTH = 32  # nesting deeper than this is cut off (refs are caught earlier as recursion)
WORK_BUDGET = 5_000  # subschemas visited per document (the largest bundled schema needs ~150): bounds fan-out

LEGACY_REF_DRAFTS = {DRAFT3, DRAFT4, DRAFT6, DRAFT7}  # drafts where keywords beside $ref are ignored
ANNOTATIONS = {"title", "description", "deprecated", "examples", "default", "readOnly", "writeOnly", "$comment"}
CONSTRAINTS = (
    "const", "enum", "format", "pattern", "minLength", "maxLength", "minimum", "exclusiveMinimum",
    "maximum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "contains",
    "minContains", "maxContains", "minProperties", "maxProperties", "propertyNames", "not",
    "unevaluatedItems", "contentEncoding", "contentMediaType", "contentSchema", "readOnly", "writeOnly",
    "default", "examples",
)
# Keywords read by the walker itself, or that say nothing about a field's value.
STRUCTURAL = {
    "$schema", "$id", "id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$defs", "definitions",
    "$comment", "$vocabulary", "$ref", "$dynamicRef", "$recursiveRef", "title", "description",
    "deprecated", "type", "properties", "required", "patternProperties", "additionalProperties",
    "unevaluatedProperties", "items", "prefixItems", "additionalItems", "allOf", "anyOf", "oneOf", "if",
    "then", "else", "dependentRequired", "dependentSchemas", "dependencies",
}
STRUCTURAL_IDS = {
    "$schema", "$id", "id", "$anchor", "$dynamicAnchor", "$defs", "definitions", "$ref", "$dynamicRef",
    "$recursiveRef", "$recursiveAnchor",
}
JSON_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")
FORMAT_SAMPLES = {
    "date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01", "time": "12:00:00Z", "duration": "P1D",
    "email": "someone@example.com", "idn-email": "someone@example.com", "hostname": "example.com",
    "idn-hostname": "example.com", "ipv4": "192.0.2.1", "ipv6": "2001:db8::1",
    "uri": "https://example.com/", "iri": "https://example.com/", "uri-reference": "/path",
    "iri-reference": "/path", "uri-template": "https://example.com/{id}",
    "uuid": "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "json-pointer": "/a", "relative-json-pointer": "0",
    "regex": "^a$",
}


# ---------------------------------------------------------------- public values


@dataclass(frozen=True)
class Constraint:
    """One constraint on a field: a keyword and its values, each as JSON text."""

    name: str
    values: tuple[str, ...]
    raw: bool = False  # an unknown keyword, shown as written


@dataclass
class FieldRow:
    path: str  # "submission_summary.first_name", "items[].sku"
    anchor: str  # "v2-submission_summary.first_name": from version and path only
    type_label: str  # "string | null", "array of object", "one of: Confirm, Deny"
    required: bool
    required_if: list[str] = field(default_factory=list)  # names whose presence makes this required
    title: str | None = None
    description: str | None = None  # Markdown source
    constraints: list[Constraint] = field(default_factory=list)
    deprecated: bool = False
    closed: bool = False  # an object that accepts no other keys
    ref_source: str | None = None  # "contracts/event-envelope/schema/defs/common-v1.json#/$defs/money"
    recursive: bool = False  # a reference back into one of its own ancestors: shown once, not expanded
    recursive_target: str | None = None  # anchor of the row that shows the shape, None for the whole payload
    branch: str | None = None  # 'Deny', 'decision = "deny"', 'if country = "CA"'
    remote_ref: str | None = None  # a reference that was not fetched
    kind: str = "property"  # "property", "item", "pattern", "additional"

    @property
    def depth(self) -> int:
        return self.path.count(".") + self.path.count("[")

    @property
    def remote_link(self) -> bool:
        """Whether the remote reference may be shown as a link (only web addresses are)."""
        return bool(self.remote_ref) and urlsplit(self.remote_ref).scheme in {"http", "https"}


@dataclass
class ExampleView:
    value: Any
    text: str  # formatted JSON
    generated: bool
    errors: list[str] = field(default_factory=list)  # "/submission/zip: '7870' does not match ..."


@dataclass
class SchemaDoc:
    path: str
    version: int
    title: str | None = None
    description: str | None = None
    type_label: str = "any"
    constraints: list[Constraint] = field(default_factory=list)
    closed: bool = False
    fields: list[FieldRow] = field(default_factory=list)
    examples: list[ExampleView] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    raw_text: str = ""
    dialect: str = DRAFT202012.name


# ---------------------------------------------------------------- loading


class _Refused(Exception):
    """Why the registry's retrieve callable would not hand out a URI."""

    def __init__(self, uri: str, reason: str, remote: bool = False) -> None:
        super().__init__(reason)
        self.uri = uri
        self.reason = reason
        self.remote = remote


@dataclass
class _File:
    contents: Any
    text: str
    problems: list[Problem]
    spec: Specification


def uri_for(path: str) -> str:
    return URI_PREFIX + path


def _path_of(uri: str) -> str | None:
    """The registry path a file URI names, or None for any other URI."""
    base = urldefrag(uri).url
    return unquote(base[len(URI_PREFIX):]) if base.startswith(URI_PREFIX) else None


def _display_uri(uri: str) -> str:
    path = _path_of(uri)
    return uri if path is None else path + ("#" + urldefrag(uri).fragment if "#" in uri else "")


def _text(real: Path) -> str:
    try:
        return real.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # it parsed a moment ago; only a race gets here
        return ""


def _dialect(contents: Any) -> Specification:
    dialect = contents.get("$schema") if isinstance(contents, dict) else None
    return specification_with(dialect if isinstance(dialect, str) else "", default=DRAFT202012)


class SchemaLoader:
    """Reads schema files of one contracts tree, each once, and resolves references between them."""

    def __init__(self, tree: ContractsTree) -> None:
        self.tree = tree
        self._files: dict[str, _File | None] = {}
        self._refusals: dict[str, str] = {}
        self.registry: Registry = Registry(retrieve=self._retrieve)
        # Examples are validated through a registry where a remote reference accepts anything: it is never
        # fetched, and the field's remote-ref warning already says that part is unchecked.
        self.lenient_registry: Registry = Registry(retrieve=self._retrieve_or_accept)

    def load(self, path: str) -> _File | None:
        """The parsed file at a registry path, or None when the path is refused (the reason is kept)."""
        if path in self._files:
            return self._files[path]
        loaded: _File | None = None
        try:
            real = self.tree.resolve(path)
        except UnsafePath as error:
            self._refusals[path] = str(error)
        else:
            contents, problems = load_json(real, path)
            if contents is None:
                self._refusals[path] = "; ".join(p.message for p in problems)
                loaded = _File(None, "", problems, DRAFT202012)
            else:
                loaded = _File(contents, _text(real), problems, _dialect(contents))
                self._register(path, loaded)
        self._files[path] = loaded
        return loaded

    def _register(self, path: str, loaded: _File) -> None:
        """Known files are in the registry up front, so an `$id` inside one is found without a fetch."""
        if isinstance(loaded.contents, (dict, bool)):
            try:
                resource = loaded.spec.create_resource(loaded.contents)
                self.registry = self.registry.with_resource(uri_for(path), resource).crawl()
            except Exception:  # noqa: BLE001 - an odd `$id`: the file is still served by `_retrieve`
                return

    def _retrieve(self, uri: str) -> Resource:
        """Serve file URIs from disk through the safe path; refuse everything else."""
        path = _path_of(uri)
        if path is None:
            raise _Refused(uri, f"'{uri}' is a remote reference and is never fetched", remote=True)
        loaded = self.load(path)
        if loaded is None or loaded.contents is None:
            raise _Refused(uri, self._refusals.get(path, f"'{path}' cannot be read"))
        if not isinstance(loaded.contents, (dict, bool)):
            raise _Refused(uri, f"'{path}' holds no JSON schema (an object or a boolean)")
        return loaded.spec.create_resource(loaded.contents)

    def _retrieve_or_accept(self, uri: str) -> Resource:
        try:
            return self._retrieve(uri)
        except _Refused as refused:
            if refused.remote:
                return DRAFT202012.create_resource(True)
            raise

    def resolver_for(self, path: str) -> Resolver:
        """A resolver whose base is the file at `path`, for dereferencing its `$ref`s."""
        return self.registry.resolver(base_uri=uri_for(path))

    def document(self, path: str, version: int) -> SchemaDoc:
        """Everything the event page shows for one payload schema version; never raises."""
        doc = SchemaDoc(path=path, version=version)
        loaded = self.load(path)
        if loaded is None:
            doc.problems.append(Problem(path, self._refusals.get(path, "cannot be read"), code="unreadable"))
            return doc
        doc.problems.extend(loaded.problems)
        doc.raw_text = loaded.text
        if loaded.contents is None:
            return doc
        schema = loaded.contents
        if not isinstance(schema, (dict, bool)):
            doc.problems.append(Problem(path, "is not a JSON schema: expected an object or a boolean"))
            return doc
        doc.dialect = loaded.spec.name
        walker = _Walker(self, path, version)
        try:
            walker.fill(doc, _root(self, schema, path))
        except RecursionError:
            walker.problem(path, (), "is nested too deeply to show", "too-deep", Severity.WARNING)
        doc.problems.extend(_schema_problems(schema, path))
        doc.problems.extend(_ref_cycles(self, schema, path))
        doc.examples = _examples(self, schema, path, walker)
        doc.problems.extend(walker.problems)
        return doc


# ---------------------------------------------------------------- flattening

CHOICES = ("oneOf", "anyOf")


@dataclass(frozen=True)
class _Node:
    """A subschema with what is needed to follow its references and to name where it is."""

    schema: Any
    resolver: Resolver
    file: str
    pointer: tuple[str | int, ...]
    spec: Specification
    trail: tuple[str, ...]  # reference targets followed to get here, to see recursion

    def child(self, schema: Any, *tokens: str | int) -> _Node:
        return _Node(schema, self.resolver, self.file, (*self.pointer, *tokens), self.spec, self.trail)


@dataclass
class _Branch:
    kind: str  # "oneOf", "anyOf", "if", "else", "dependent"
    node: _Node
    group: tuple  # where the keyword is: members of one oneOf belong together
    label: str | None = None  # known up front for conditional kinds


@dataclass
class _View:
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
    properties: dict[str, list[_Node]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    dependent_required: dict[str, list[str]] = field(default_factory=dict)
    pattern_properties: dict[str, list[_Node]] = field(default_factory=dict)
    additional: list[_Node] = field(default_factory=list)
    items: list[_Node] = field(default_factory=list)
    prefix_items: list[list[_Node]] = field(default_factory=list)
    branches: list[_Branch] = field(default_factory=list)
    ref_source: str | None = None
    refs: list[str] = field(default_factory=list)  # every reference target folded in
    recursive_ref: str | None = None
    remote_ref: str | None = None

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
            self.properties or self.pattern_properties or self.additional or self.items or self.prefix_items
            or self.required or self.dependent_required or any(b.kind not in CHOICES for b in self.branches)
        )


def _json_text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


class _Walker:
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

    def problem(
        self, file: str, pointer: tuple, message: str, code: str, severity: Severity = Severity.ERROR
    ) -> None:
        self.add(Problem(file, message, json_pointer(*pointer), severity=severity, code=code))

    def add(self, problem: Problem) -> None:
        if problem not in self._seen_problems:  # a shared file is walked once per field that uses it
            self._seen_problems.add(problem)
            self.problems.append(problem)

    # -- folding subschemas into a view

    def view(self, nodes: Iterable[_Node]) -> _View:
        view = _View()
        for node in nodes:
            self._absorb(view, node)
        self._fold_nullable(view)
        return view

    def _absorb(self, view: _View, node: _Node) -> None:
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

    def _absorb_legacy_ref_siblings(self, view: _View, node: _Node) -> None:
        """Up to draft-07 a validator ignores everything beside `$ref`; only annotations are shown."""
        ignored = sorted(set(node.schema) - ANNOTATIONS - STRUCTURAL_IDS)
        if ignored:
            self.problem(
                node.file, node.pointer,
                f"keywords beside $ref are ignored in {node.spec.name}: {', '.join(ignored)}; "
                "wrap the $ref in allOf to apply them",
                "ref-siblings-ignored", Severity.WARNING,
            )
        self._absorb_annotations(view, node)

    def _enter(self, node: _Node) -> _Node:
        """A subschema with its own id starts a new base URI for the references inside it."""
        schema = node.schema
        if "$id" not in schema and "id" not in schema:
            return node
        try:
            resolver = node.resolver.in_subresource(node.spec.create_resource(schema))
        except Exception:  # noqa: BLE001 - an id that is not a URI keeps the enclosing base
            return node
        return _Node(schema, resolver, node.file, node.pointer, node.spec, node.trail)

    def _follow(self, view: _View, at: _Node, ref: str) -> None:
        """Fold in what a reference points at; remote, refused and recursive ones are only noted."""
        base = at.resolver._base_uri  # referencing keeps it private; it names where the ref lands
        try:
            target = urljoin(base, ref)
            resolved = at.resolver.lookup(ref)
        except Exception as error:  # noqa: BLE001 - Unresolvable, or a ref that is not a URI at all
            self._unresolvable(view, at, ref, error)
            return
        view.refs.append(target)
        if view.ref_source is None:
            local = _path_of(target) == self.path
            view.ref_source = "#" + urldefrag(target).fragment if local else _display_uri(target)
        if target in at.trail:
            view.recursive_ref = target
            if isinstance(resolved.contents, dict):  # its type and title, without walking into it again
                self._absorb_type(view, resolved.contents.get("type"))
                if view.title is None and isinstance(resolved.contents.get("title"), str):
                    view.title = resolved.contents["title"]
            return
        file = _path_of(target) or at.file
        fragment = unquote(urldefrag(target).fragment)
        pointer = tuple(fragment.split("/")[1:]) if fragment.startswith("/") else ()
        loaded = self.loader.load(file) if file != at.file else None
        spec = loaded.spec if loaded is not None else at.spec
        self._absorb(view, _Node(resolved.contents, resolved.resolver, file, pointer, spec, (*at.trail, target)))

    def _unresolvable(self, view: _View, at: _Node, ref: str, error: Exception) -> None:
        refused = _cause(error, _Refused)
        if refused is not None and refused.remote:
            view.remote_ref = view.remote_ref or refused.uri
            self.problem(at.file, at.pointer, f"{refused.reason}; the field links to it", "remote-ref",
                         Severity.WARNING)
            return
        view.extra.setdefault("$ref", ref)
        if refused is None:
            self.problem(at.file, at.pointer, f"$ref '{ref}' cannot be resolved", "unresolvable-ref")
            return
        self.problem(at.file, at.pointer, f"$ref '{ref}' refused: {refused.reason}", "ref-refused")
        loaded = self.loader.load(_path_of(refused.uri) or "")
        for problem in loaded.problems if loaded else ():
            self.add(problem)

    def _absorb_annotations(self, view: _View, node: _Node) -> None:
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

    def _absorb_keywords(self, view: _View, node: _Node) -> None:
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

    def _absorb_type(self, view: _View, declared: Any) -> None:
        if declared is None:
            return
        names = declared if isinstance(declared, list) else [declared]
        if not all(isinstance(n, str) and n in JSON_TYPES for n in names):
            view.extra.setdefault("type", declared)  # draft-03 "any" or schemas in a union: as written
            return
        view.types = list(dict.fromkeys(names)) if view.types is None else _intersect(view.types, names)

    def _absorb_object(self, view: _View, node: _Node) -> None:
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

    def _absorb_array(self, view: _View, node: _Node) -> None:
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
    def _tuple(view: _View, nodes: list[_Node]) -> None:
        for index, item in enumerate(nodes):
            if index < len(view.prefix_items):
                view.prefix_items[index].append(item)
            else:
                view.prefix_items.append([item])

    def _absorb_combinators(self, view: _View, node: _Node) -> None:
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

    def _fold_nullable(self, view: _View) -> None:
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
    def _only_null(node: _Node) -> bool:
        schema = node.schema
        return isinstance(schema, dict) and schema.get("type") in ("null", ["null"]) and set(schema) <= (
            ANNOTATIONS | {"type"}
        )

    # -- labels

    def _describe(self, view: _View) -> str | None:
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

    def _option(self, node: _Node, depth: int) -> str:
        sub = self.view([node])
        return self._describe(sub) or self.type_label(sub, depth)

    def type_label(self, view: _View, depth: int = 0) -> str:
        label = self._base_label(view, depth)
        if view.nullable and label != "any" and not label.endswith("| null") and label != "null":
            label += " | null"
        return label

    def _base_label(self, view: _View, depth: int) -> str:
        if view.never:
            return "no value (false schema)"
        if view.types == []:
            return "no value (conflicting types)"
        names = view.types if view.types is not None else self._inferred_types(view)
        labels = [self._array_label(view, depth) if name == "array" else name for name in names or ()]
        if labels:
            return " | ".join([label for label in labels if label != "null"] + ["null"] * ("null" in labels))
        if view.choices and depth < 4:
            word = "one of" if view.choices[0].kind == "oneOf" else "any of"
            options = dict.fromkeys(self._option(b.node, depth + 1) for b in view.choices)
            return f"{word}: {', '.join(options)}"
        return "any"

    def _inferred_types(self, view: _View) -> list[str] | None:
        if view.properties or view.pattern_properties or view.additional or view.closed:
            return ["object"]
        if view.items or view.prefix_items:
            return ["array"]
        enums = view.constraints.get("enum") or [[]]
        values = view.constraints.get("const") or (enums[0] if isinstance(enums[0], list) else [])
        return list(dict.fromkeys(_json_type(v) for v in values)) or None

    def _array_label(self, view: _View, depth: int) -> str:
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

    def _shaped(self, view: _View) -> bool:
        """Whether oneOf/anyOf members have fields of their own (rows per member, not just a type label)."""
        return any(self.view([b.node]).structured for b in view.choices)

    # -- rows

    def fill(self, doc: SchemaDoc, root: _Node) -> None:
        view = self.view([root])
        doc.title, doc.description, doc.closed = view.title, view.description, view.closed
        doc.type_label = self.type_label(view)
        doc.constraints = [c for c in self._constraints(view) if c.name != "examples"]  # shown in full below
        for target in [uri_for(self.path), *view.refs]:
            self._shown.setdefault(target, None)
        self._members(view, "", None, 0)
        doc.fields = self.rows
        if self.truncated:
            self.problem(self.path, (), f"is too large or too deeply nested to show in full; the table "
                         f"stops after {len(self.rows)} rows", "too-many-fields", Severity.WARNING)

    def _row(self, view: _View, path: str, required: bool, branch: str | None, kind: str,
             required_if: list[str] | None = None) -> FieldRow | None:
        if len(self.rows) >= MAX_ROWS:
            self.truncated = True
            return None
        row = FieldRow(
            path=path, anchor=self._anchor(path), type_label=self.type_label(view), required=required,
            required_if=required_if or [], title=view.title, description=view.description,
            constraints=self._constraints(view), deprecated=view.deprecated, closed=view.closed,
            ref_source=view.ref_source, recursive=view.recursive_ref is not None, branch=branch,
            remote_ref=view.remote_ref, kind=kind,
        )
        if view.recursive_ref is not None:
            row.recursive_target = self._shown.get(view.recursive_ref)
        for target in view.refs:
            self._shown.setdefault(target, row.anchor)
        self.rows.append(row)
        return row

    def _anchor(self, path: str) -> str:
        anchor = "".join("_" if c.isspace() else c for c in f"v{self.version}-{path}")  # ids have no spaces
        unique, count = anchor, 1
        while unique in self._anchors:  # the same path in two branches: later rows get a counter
            count += 1
            unique = f"{anchor}~{count}"
        self._anchors.add(unique)
        return unique

    def _members(self, view: _View, prefix: str, branch: str | None, depth: int,
                 parent: _View | None = None) -> None:
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
            child = self.view([*inherited.get(name, []), *view.properties.get(name, [])])
            path = _join(prefix, name)
            row = self._row(child, path, name in required, branch, "property", dependents.get(name))
            if row is not None and not row.recursive:
                self._members(child, path, branch, depth + 1)
        keyed = [(f"/{p}/", nodes, "pattern") for p, nodes in view.pattern_properties.items()]
        for key, nodes, kind in keyed + ([("*", view.additional, "additional")] if view.additional else []):
            child = self.view(nodes)
            path = _join(prefix, key)
            row = self._row(child, path, False, branch, kind)
            if row is not None and not row.recursive:
                self._members(child, path, branch, depth + 1)
        self._items(view, prefix, branch, depth)
        self._branches(view, prefix, branch, depth)

    def _items(self, view: _View, prefix: str, branch: str | None, depth: int) -> None:
        for index, nodes in enumerate(view.prefix_items):
            child = self.view(nodes)
            row = self._row(child, f"{prefix}[{index}]", False, branch, "item")
            if row is not None and not row.recursive:
                self._members(child, f"{prefix}[{index}]", branch, depth + 1)
        if not view.items:
            return
        child = self.view(view.items)
        if _worth_a_row(child) or view.prefix_items:
            row = self._row(child, f"{prefix}[]", False, branch, "item")
            if row is None or row.recursive:
                return
        self._members(child, f"{prefix}[]", branch, depth + 1)

    def _branches(self, view: _View, prefix: str, branch: str | None, depth: int) -> None:
        shown = view.choices if self._shaped(view) else []
        conditional = [b for b in view.branches if b.kind not in CHOICES]
        for index, item in enumerate([*shown, *conditional]):
            sub = self.view([item.node])
            label = item.label or self._describe(sub) or f"option {index + 1} ({self.type_label(sub)})"
            nested = f"{branch} › {label}" if branch else label
            if sub.recursive_ref is not None:
                self._row(sub, prefix or "(payload)", False, nested, "property")
            else:
                self._members(sub, prefix, nested, depth + 1, parent=view)

    def _constraints(self, view: _View) -> list[Constraint]:
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


    def _choice_constraint(self, view: _View) -> list[Constraint]:
        """The options of a oneOf/anyOf with what each one requires, unless the type label says it all."""
        details = []
        for branch in view.choices:
            sub = self.view([branch.node])
            label = self._describe(sub) or self.type_label(sub, 1)
            own = [] if sub.structured else [f"{c.name} {', '.join(c.values)}" for c in self._constraints(sub)]
            details.append(f"{label} ({'; '.join(own)})" if own else label)
        typed = view.types is not None or self._inferred_types(view)
        if not typed and details == [self._option(b.node, 1) for b in view.choices]:
            return []
        return [Constraint(view.choices[0].kind, tuple(dict.fromkeys(details)))]


def _worth_a_row(view: _View) -> bool:
    """Array items get a row of their own unless they are a plain object whose members say it all."""
    if view.types not in (["object"], None) or (view.types is None and not view.properties):
        return True
    return bool(view.title or view.description or view.constraints or view.extra or view.ref_source
                or view.deprecated or view.recursive_ref or view.remote_ref or view.nullable)


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


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "any")


def _cause(error: BaseException | None, kind: type) -> Any:
    """The first exception of a kind in an exception's chain (referencing wraps what retrieve raises)."""
    for _ in range(10):
        if error is None or isinstance(error, kind):
            return error
        error = error.__cause__ or error.__context__
    return None


# ---------------------------------------------------------------- validation and examples


def _validator_class(schema: Any) -> type:
    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    if not isinstance(dialect, str):  # jsonschema would fail on a `$schema` that is not a string
        return jsonschema.Draft202012Validator
    return jsonschema.validators.validator_for({"$schema": dialect}, default=jsonschema.Draft202012Validator)


def _schema_problems(schema: Any, path: str) -> list[Problem]:
    """The schema checked against its own dialect's metaschema."""
    found = []
    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    if isinstance(dialect, str) and specification_with(dialect, default=None) is None:
        found.append(Problem(path, f"$schema '{dialect}' is not a known dialect; it is read as 2020-12",
                             json_pointer("$schema"), severity=Severity.WARNING, code="unknown-dialect"))
    cls = _validator_class(schema)
    try:
        errors = metaschema_errors(cls, schema)  # same errors as cls.META_SCHEMA, cached, 10x faster
    except Exception as error:  # noqa: BLE001 - an odd schema must become a problem, not a failed build
        return [*found, Problem(path, f"cannot be checked against its metaschema: {error}", code="invalid-schema")]
    for error in errors[:20]:
        found.append(Problem(path, f"not a valid schema: {_short(error.message)}",
                             json_pointer(*error.absolute_path), code="invalid-schema"))
    return found


def _ref_cycles(loader: SchemaLoader, schema: Any, path: str) -> list[Problem]:
    """`$ref` chains that come back to where they started: each schema refers straight to the next one, no
    value is ever described, and a validator would recurse forever. Recursion through a property or an
    item (a tree of nodes) is fine and not reported."""
    found: list[Problem] = []
    reported: set[frozenset[str]] = set()
    for ref in _ref_strings(schema):
        resolver = loader.resolver_for(path)
        chain: list[str] = []
        for _ in range(MAX_DEPTH):
            try:
                target = urljoin(resolver._base_uri, ref)
                resolved = resolver.lookup(ref)
            except Exception:  # noqa: BLE001 - unresolvable refs are reported by the walker
                break
            if target in chain:
                cycle = chain[chain.index(target):]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    found.append(_cycle_problem([*cycle, target]))
                break
            chain.append(target)
            if not (isinstance(resolved.contents, dict) and isinstance(resolved.contents.get("$ref"), str)):
                break
            ref, resolver = resolved.contents["$ref"], resolved.resolver
    return found


def _cycle_problem(cycle: list[str]) -> Problem:
    file = _path_of(cycle[0]) or ""
    fragment = urldefrag(cycle[0]).fragment
    pointer = unquote(fragment) + "/$ref" if fragment.startswith("/") or not fragment else None
    names = [("#" + urldefrag(uri).fragment) if _path_of(uri) == file else _display_uri(uri) for uri in cycle]
    message = f"$ref cycle {' → '.join(names)}: each schema refers straight to the next, so no value can be checked"
    return Problem(file, message, pointer, code="ref-cycle")


def _ref_strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "$ref" and isinstance(child, str):
                yield child
            else:
                yield from _ref_strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _ref_strings(child)


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _examples(loader: SchemaLoader, schema: Any, path: str, walker: _Walker) -> list[ExampleView]:
    """The schema's own examples, or one generated example; each validated against the schema."""
    declared = schema.get("examples") if isinstance(schema, dict) else None
    if declared is not None and not isinstance(declared, list):
        walker.problem(path, ("examples",), "examples must be an array of example payloads",
                       "invalid-example", Severity.WARNING)
        declared = None
    generated = not declared
    if generated:
        try:
            declared = [_Generator(walker).value([_root(loader, schema, path)])]
        except (ValueError, TypeError, OverflowError, RecursionError):
            declared = [None]
    views = []
    if walker.truncated:  # a schema that outgrew the walker's budget could keep a validator busy for hours
        walker.problem(path, ("examples",), "examples are not validated: the schema expands into too many "
                       "subschemas", "example-unchecked", Severity.WARNING)
    for index, value in enumerate(declared):
        view = ExampleView(value, json.dumps(value, indent=2, ensure_ascii=False), generated)
        for pointer, message in [] if walker.truncated else _validate(loader, schema, path, value):
            view.errors.append(f"{pointer or '/'}: {message}")
            if not generated:
                tokens = ("examples", index, *_tokens(pointer))
                walker.problem(path, tokens, f"example {index + 1} does not match the schema: {message}",
                               "invalid-example", Severity.WARNING)
        views.append(view)
    return views


def _root(loader: SchemaLoader, schema: Any, path: str) -> _Node:
    loaded = loader.load(path)
    spec = loaded.spec if loaded else DRAFT202012
    return _Node(schema, loader.resolver_for(path), path, (), spec, (uri_for(path),))


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []


def _validate(loader: SchemaLoader, schema: Any, path: str, instance: Any) -> list[tuple[str, str]]:
    """(JSON pointer into the example, message) for each way the example breaks its schema."""
    cls = _validator_class(schema)
    # `{"$ref": <file uri>}` roots validation at the file, so its relative refs resolve from there.
    validator = cls({"$ref": uri_for(path)}, registry=loader.lenient_registry, format_checker=cls.FORMAT_CHECKER)
    try:
        errors = sorted(validator.iter_errors(instance), key=lambda e: [str(t) for t in e.absolute_path])
    except referencing.exceptions.Unresolvable as error:
        refused = _cause(error, _Refused)
        reason = refused.reason if refused else f"reference '{error.ref}' cannot be resolved"
        return [("", f"could not be checked: {reason}")]
    except Exception as error:  # noqa: BLE001 - e.g. a pattern Python's re cannot compile
        return [("", f"could not be checked: {type(error).__name__}: {_short(str(error))}")]
    return [(json_pointer(*e.absolute_path), _short(e.message)) for e in errors]


STRING_HINTS = {"format", "pattern", "minLength", "maxLength"}
NUMBER_HINTS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}


class _Generator:
    """A plausible example from const, enum, default, examples, type and format; patterns are not solved."""

    def __init__(self, walker: _Walker) -> None:
        self.walker = walker

    def value(self, nodes: list[_Node], depth: int = 0) -> Any:
        view = self.walker.view(nodes)
        firsts: dict[tuple, _Node] = {}
        for branch in view.choices:  # the first member of every oneOf/anyOf
            firsts.setdefault(branch.group, branch.node)
        if firsts and depth < 12:
            view = self.walker.view([*nodes, *firsts.values()])
        if depth > 12 or view.never or view.recursive_ref:
            return None
        for keyword in ("const", "default"):
            if view.constraints.get(keyword):
                return view.constraints[keyword][0]
        for keyword in ("enum", "examples"):
            values = view.constraints.get(keyword)
            if values and isinstance(values[0], list) and values[0]:
                return values[0][0]
        return getattr(self, f"_{self._kind(view)}", self._null)(view, depth)

    def _kind(self, view: _View) -> str:
        types = view.types if view.types is not None else self.walker._inferred_types(view)
        for name in types or ():
            if name != "null":
                return name
        if types:
            return "null"
        hints = set(view.constraints)
        return "string" if hints & STRING_HINTS else "number" if hints & NUMBER_HINTS else "null"

    def _object(self, view: _View, depth: int) -> dict:
        return {name: self.value(view.properties.get(name, []), depth + 1) for name in view.required}

    def _array(self, view: _View, depth: int) -> list:
        value = [self.value(nodes, depth + 1) for nodes in view.prefix_items]
        item_recursive = view.items and self.walker.view(view.items).recursive_ref is not None
        wanted = max(_number(view, "minItems") or 0, 1 if view.items and not item_recursive else 0)
        maximum = _number(view, "maxItems")
        wanted = min(wanted, 3 if maximum is None else int(maximum), 50)
        while len(value) < wanted and view.items:
            value.append(self.value(view.items, depth + 1))
        return value

    def _string(self, view: _View, depth: int) -> str:
        formats = view.constraints.get("format") or [None]
        text = FORMAT_SAMPLES.get(formats[0], "text") if isinstance(formats[0], str) else "text"
        low, high = _number(view, "minLength"), _number(view, "maxLength")
        if low is not None and len(text) < low:
            text += "x" * int(min(low, 10_000) - len(text))
        if high is not None and len(text) > high:
            text = text[: max(int(high), 0)]
        return text

    def _integer(self, view: _View, depth: int) -> int:
        return int(self._number(view, depth))

    def _number(self, view: _View, depth: int) -> float | int:
        value: float | int = 0
        low, high, above = _number(view, "minimum"), _number(view, "maximum"), _number(view, "exclusiveMinimum")
        if low is not None:
            flag = any(v is True for v in view.constraints.get("exclusiveMinimum", ()))  # draft-04 form
            value = low + 1 if flag else low
        if above is not None:
            value = max(value, above + 1) if low is not None else above + 1
        elif low is None and high is not None and high < 0:
            value = high
        step = _number(view, "multipleOf")
        if step and step > 0:
            value = -(-value // step) * step
        return int(value) if float(value).is_integer() else value

    def _boolean(self, view: _View, depth: int) -> bool:
        return True

    def _null(self, view: _View, depth: int) -> None:
        return None


def _number(view: _View, keyword: str) -> float | None:
    values = view.constraints.get(keyword, ())
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return numbers[0] if numbers else None
