"""One payload schema version as an event page shows it: field rows, shared definitions, examples, problems.

`read_document` puts it together from the loader's file: the field rows (`fields.py`), the schema's own
checks (`checks.py`, `ref_cycles.py`) and its examples (`examples.py`). Nothing here knows about MkDocs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from referencing.jsonschema import DRAFT202012

from ..core.panics import Panic, contained
from ..core.problems import Problem, Severity
from ..core.shorten import shorten
from .checks import metaschema_problems, not_a_schema
from .examples import CheckedExample, checked_examples
from .fields import FieldWalker
from .folding import root_node
from .ref_cycles import ref_cycle_problems
from .rows import Constraint, FieldRow
from .shared import SharedDefinition, expanded, join_path

if TYPE_CHECKING:
    from .loading import SchemaLoader


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
    examples: list[CheckedExample] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    raw_text: str = ""
    dialect: str = DRAFT202012.name
    is_schema: bool = False  # the file parsed to an object or a boolean, so it has fields to count

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
        """Every field row with its full path,
        the rows of shared definitions repeated under each path using them.

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


def _definition_rows(
    definition: SharedDefinition, definitions: dict[str, SharedDefinition]
) -> Iterator[FieldRow]:
    """The rows inside a definition, through the definitions it uses, in the order `expanded` walks them."""
    for row in definition.rows:
        yield row
        if row.shared is not None:
            for inner in _definition_rows(definitions[row.shared], definitions):
                yield dataclasses.replace(inner, path=join_path(row.path, inner.path))


def read_document(loader: SchemaLoader, path: str, version: int) -> SchemaDoc:
    """Everything the event page shows for one payload schema version; never raises."""
    doc = SchemaDoc(path=path, version=version)
    loaded = loader.load(path)
    if loaded is None:
        doc.problems.append(Problem(path, loader.refusals.get(path, "cannot be read"), code="unreadable"))
        return doc
    doc.problems.extend(loaded.problems)
    doc.raw_text = loaded.text
    if loaded.contents is None:
        return doc
    schema = loaded.contents
    if not isinstance(schema, (dict, bool)):
        doc.problems.append(not_a_schema(schema, path))
        return doc
    doc.is_schema = True
    doc.dialect = loaded.spec.name
    walker = FieldWalker(loader, path, version)
    try:
        with contained():
            _fill(loader, doc, walker, schema, path)
    except Panic as panic:
        doc.fields, doc.examples = [], []
        walker.problem(
            path,
            (),
            f"could not be read: a Rust extension under the validator panicked on it "
            f"({shorten(str(panic), 120)})",
            "panic",
        )
    doc.problems.extend(walker.problems)
    return doc


def _fill(loader: SchemaLoader, doc: SchemaDoc, walker: FieldWalker, schema: Any, path: str) -> None:
    try:
        view = walker.view([root_node(loader, schema, path)])
        doc.title, doc.description, doc.closed = view.title, view.description, view.closed
        doc.type_label = walker.type_label(view)
        doc.constraints = walker.heading_constraints(view)
        doc.fields, doc.definitions = walker.table(view)
    except RecursionError:
        walker.problem(path, (), "is nested too deeply to show", "too-deep", Severity.WARNING)
    doc.problems.extend(metaschema_problems(schema, path))
    doc.problems.extend(ref_cycle_problems(loader, schema, path))
    doc.examples = checked_examples(loader, schema, path, walker)
