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
import jsonschema.exceptions
import jsonschema.validators
import referencing.exceptions
from referencing import Registry, Resource, Specification
from referencing._core import Resolver
from referencing.jsonschema import DRAFT3, DRAFT4, DRAFT6, DRAFT7, DRAFT202012, specification_with

from .problems import Problem, Severity, json_pointer
from .safe_files import ContractsTree, UnsafePath, load_json

URI_PREFIX = "file:///"  # files are named by their registry path under this scheme, so relative refs join
MAX_ROWS = 2000  # a table longer than this helps nobody; the rest is reported as truncated
MAX_DEPTH = 32  # nesting deeper than this is cut off (refs are caught earlier as recursion)
WORK_BUDGET = 20_000  # subschemas visited per document: bounds allOf fan-out chains

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

    def load(self, path: str) -> _File | None:
        """The parsed file at a registry path, or None (the reason is in `refusal(path)`)."""
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
        doc.examples = _examples(self, schema, path, walker)
        doc.problems.extend(walker.problems)
        return doc


