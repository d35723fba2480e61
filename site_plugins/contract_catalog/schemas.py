"""Payload schemas as readers need them: one row per field, examples checked, problems as values.

A payload schema may point at shared definitions in other files of the contracts tree. Every file is read
once through `safe_files` (size limit, duplicate keys, never outside the tree) and served to a
`referencing.Registry`, which both the field table and the example validator resolve `$ref` through.
Remote references are never fetched: the field links to them and a warning says so.

`SchemaLoader.document` puts together what an event page shows: the field rows (`schema_fields`), the
schema's own checks (`schema_checks`) and its examples (`schema_examples`). Nothing here knows about MkDocs.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referencing import Registry, Resource, Specification
from referencing._core import Resolver
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012, specification_with

from .panics import Panic, contained
from .problems import Problem, Severity
from .safe_files import ContractsTree, UnsafePath, load_json
from .schema_checks import (
    id_claim_problems,
    metaschema_problems,
    not_a_schema,
    ref_cycle_problems,
    shorten,
    without_id_claims,
)
from .schema_examples import ExampleView, checked_examples
from .schema_fields import Constraint, FieldRow, FieldWalker, root_node
from .schema_shared import SharedDefinition, expanded, join_path
from .schema_uris import Refused, path_of, uri_for


@dataclass
class SchemaDoc:
    """Everything an event page shows for one version of a payload schema, problems included."""

    path: str
    version: int
    title: str | None = None
    description: str | None = None
    type_label: str = "any"
    constraints: list[Constraint] = field(default_factory=list)
    closed: bool = False
    fields: list[FieldRow] = field(default_factory=list)
    definitions: dict[str, SharedDefinition] = field(default_factory=dict)  # by anchor, shown once each
    examples: list[ExampleView] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    raw_text: str = ""
    dialect: str = DRAFT202012.name


    def all_paths(self) -> list[str]:
        """Every field path, those inside shared definitions included, in table order."""
        paths = []
        for row in self.fields:
            paths.append(row.path)
            if row.shared is not None:
                definition = self.definitions[row.shared]
                paths.extend(join_path(row.path, rel) for rel, _ in expanded(definition, self.definitions))
        return paths

    def all_rows(self) -> list[FieldRow]:
        """Every field row with its full path, the rows of shared definitions repeated under each path using them.

        The page shows a shared definition once; an index of fields needs each path that leads into it.
        """
        rows = []
        for row in self.fields:
            rows.append(row)
            if row.shared is None:
                continue
            version_prefix = row.anchor.split("-", 1)[0]
            full_anchors = iter(anchor for anchor, _ in row.shared_ids)
            for inner in _definition_rows(self.definitions[row.shared], self.definitions):
                path = join_path(row.path, inner.path)
                anchor = next(full_anchors, None) or f"{version_prefix}-{path}"
                rows.append(dataclasses.replace(inner, path=path, anchor=anchor, shared=None, shared_ids=[]))
        return rows


def _definition_rows(definition: SharedDefinition, definitions: dict[str, SharedDefinition]) -> Iterator[FieldRow]:
    """The rows inside a definition, through the definitions it uses, in the order `expanded` walks them."""
    for row in definition.rows:
        yield row
        if row.shared is not None:
            for inner in _definition_rows(definitions[row.shared], definitions):
                yield dataclasses.replace(inner, path=join_path(row.path, inner.path))


@dataclass
class _File:
    contents: Any
    text: str
    problems: list[Problem]
    spec: Specification


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
        self._accept_remote = False  # see `accepting_remote`

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
                problems = problems or [not_a_schema(None, path)]  # no problem: the file holds `null`
                self._refusals[path] = "; ".join(p.message for p in problems)
                loaded = _File(None, "", problems, DRAFT202012)
            else:
                # An `$id` naming another file would take that file's place for every `$ref` to it.
                problems = [*problems, *id_claim_problems(contents, path)]
                contents = without_id_claims(contents, path)
                loaded = _File(contents, _text(real), problems, _dialect(contents))
                self._register(path, loaded)
        self._files[path] = loaded
        return loaded

    def forget(self, path: str) -> None:
        """Drop a file read for one page; it is read again if anything asks for it later."""
        loaded = self._files.pop(path, None)
        if loaded is not None and isinstance(loaded.contents, (dict, bool)):
            with contextlib.suppress(NoSuchResource):  # not registered (an odd `$id`): nothing to remove
                self.registry = self.registry.remove(uri_for(path))

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
        path = path_of(uri)
        if path is None:
            if self._accept_remote:  # the resource lives only in the validator's copy of the registry
                return DRAFT202012.create_resource(True)
            raise Refused(uri, f"'{uri}' is a remote reference and is never fetched", remote=True)
        loaded = self.load(path)
        if loaded is None or loaded.contents is None:
            raise Refused(uri, self._refusals.get(path, f"'{path}' cannot be read"))
        if not isinstance(loaded.contents, (dict, bool)):
            raise Refused(uri, f"'{path}' holds no JSON schema (an object or a boolean)")
        return loaded.spec.create_resource(loaded.contents)

    @contextlib.contextmanager
    def accepting_remote(self) -> Iterator[Registry]:
        """The registry, where a remote reference accepts anything while the block runs. Examples are validated
        through it: a remote reference is never fetched, and the field's remote-ref warning already says that
        part is unchecked. The files read so far are in it, crawled once: a registry of its own retrieved and
        crawled the shared definitions again for every example (a fifth of the time of a wide schema)."""
        self._accept_remote = True
        try:
            yield self.registry
        finally:
            self._accept_remote = False

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
            doc.problems.append(not_a_schema(schema, path))
            return doc
        doc.dialect = loaded.spec.name
        walker = FieldWalker(self, path, version)
        try:
            with contained():
                self._fill(doc, walker, schema, path)
        except Panic as panic:
            doc.fields, doc.examples = [], []
            walker.problem(path, (), f"could not be read: a Rust extension under the validator panicked on it "
                           f"({shorten(str(panic), 120)})", "panic")
        doc.problems.extend(walker.problems)
        return doc

    def _fill(self, doc: SchemaDoc, walker: FieldWalker, schema: Any, path: str) -> None:
        try:
            walker.fill(doc, root_node(self, schema, path))
        except RecursionError:
            walker.problem(path, (), "is nested too deeply to show", "too-deep", Severity.WARNING)
        doc.problems.extend(metaschema_problems(schema, path))
        doc.problems.extend(ref_cycle_problems(self, schema, path))
        doc.examples = checked_examples(self, schema, path, walker)
