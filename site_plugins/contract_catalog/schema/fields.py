"""A payload schema flattened into field rows: one row per property, item or branch, with dotted paths.

The views `folding.py` makes of each value are turned into `FieldRow`s with their type labels,
constraints, required-ness and branch names; a `$ref`-ed definition used in several places is shown once,
as a shared definition. Tables over `MAX_ROWS` rows are cut off and reported as problems.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import unquote, urldefrag

from ..core.problems import Severity
from .folding import CHOICES, CONSTRAINTS, FoldedSchema, SchemaFolder, SchemaNode, json_text
from .rows import Constraint, FieldRow
from .shared import INLINE_MAX_ROWS, SHARED_MIN_ROWS, SharedDefinition, expanded, join_path
from .uris import display_uri, uri_for

if TYPE_CHECKING:
    from .loading import SchemaLoader

MAX_ROWS = 2000  # a table longer than this helps nobody; the rest is reported as truncated
MAX_DEPTH = 32  # nesting deeper than this is cut off (refs are caught earlier as recursion)
_SPACE = re.compile(r"\s")  # what str.isspace() calls space, every code point alike (anchors have none)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


class FieldWalker(SchemaFolder):
    """Turns the views of one document into field rows, sharing `$ref`-ed definitions."""

    def __init__(self, loader: SchemaLoader, path: str, version: int) -> None:
        super().__init__(loader, path, version)
        self.rows: list[FieldRow] = []
        self._anchors: set[str] = set()
        self._shown: dict[str, str | None] = {}  # reference target -> anchor of the row showing it
        self._row_count = 0  # rows of the table and of its shared definitions
        self._anchor_base: str | None = None  # set while a shared definition is flattened
        self.definitions: dict[str, SharedDefinition] = {}  # by anchor
        self._by_target: dict[str, tuple[SharedDefinition, tuple]] = {}  # reference target -> (it, its shape)
        self._defining: set[str] = set()

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
                found.append(Constraint(keyword, tuple(json_text(v) for v in values)))
        if view.choices:
            found.extend(self._choice_constraint(view))
        for keyword, value in view.extra.items():
            found.append(Constraint(keyword, (json_text(value),), raw=True))
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
