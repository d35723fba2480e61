"""A payload schema's field rows as HTML: one table for the payload, one per shared definition.

Rows are built here in Python rather than in a template: a wide schema has thousands of cells, and one
template call per cell dominated the build (issue 22). Every value from JSON goes through `escape` (or
`render_markdown` for descriptions, the one Markdown field), so nothing here can inject markup.

The layout: the Field column holds the name, whether it is required and the description under it; Type
and Constraints (as compact chips) follow. A nested object's rows are indented; below the top level,
and wherever a subtree is long, they sit in a `<details>` so a reader can fold them without any script.
A value that is a shared definition links to it, with the full paths inside it listed as anchors.
Versions on one page share what they show: a definition, or a field's whole subtree, that a newer
version already shows is linked to there, again with every full path kept as an anchor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..prose.text import render_markdown
from ..schema.rows import Constraint, FieldRow
from ..schema.shared import SharedDefinition, expanded, join_path
from .wrap_names import LONG, with_breaks

SAME_MIN_ROWS = 10  # a subtree this large that a newer version shows alike is linked to, not repeated
OPEN_LIMIT = 8  # a nested object with at most this many rows below it starts unfolded
TOP_LEVEL_LIMIT = 24  # a top-level object's rows are folded only when there are more than this
KIND_LABELS = {"item": "array item", "pattern": "keys matching", "additional": "any other key"}
HEAD = Markup(
    '<colgroup><col class="cc-col-field"><col class="cc-col-type"><col class="cc-col-constraints"></colgroup>'
)


@dataclass
class PageShown:
    """What the versions shown earlier on the same page (newest first) already show."""

    definitions: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # target -> (anchor, paths)
    subtrees: dict[tuple, tuple[str, list[str]]] = field(default_factory=dict)  # rows -> (root anchor, ids)


@dataclass
class _Node:
    row: FieldRow
    children: list[_Node] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(1 + child.size for child in self.children)


def breakable(text: str) -> Markup:
    """Escaped text that may wrap after a dot or an underscore,
    never inside a word (short text fits as is)."""
    if len(text) <= LONG:
        return escape(text)
    return Markup(with_breaks(str(escape(text))))


def constraint_html(c: Constraint) -> Markup:
    # f-strings of escaped values: `Markup.format` goes through string.Formatter per value, and a wide
    # build makes hundreds of thousands of these
    values = ", ".join(f"<code>{escape(v)}</code>" for v in c.values)
    if c.raw:
        return Markup(
            '<span class="cc-constraint cc-constraint--raw" title="Not a keyword this catalog knows; '
            f'shown as written"><span class="cc-constraint-name">{escape(c.name)}</span> {values}</span>'
        )
    name = escape(c.name)
    return Markup(
        f'<span class="cc-constraint"><span class="cc-constraint-name">{name}</span> {values}</span>'
    )


def _tree(rows: list[FieldRow]) -> list[_Node]:
    """Rows come in walk order, each followed by the rows inside its value: nest them accordingly."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for row in rows:
        node = _Node(row)
        while stack and not _inside(row.path, stack[-1].row.path):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _descendants(node: _Node):
    for child in node.children:
        yield child.row
        yield from _descendants(child)


def _inside(path: str, parent: str) -> bool:
    return path.startswith((parent + ".", parent + "["))


class FieldTable:
    """Renders the rows of one schema document; `definitions` are the shared ones it links to.

    `page` is shared by the versions of one page: what another version already shows is linked to there.
    """

    def __init__(self, definitions: dict[str, SharedDefinition], page: PageShown | None = None) -> None:
        self.definitions = definitions
        self.page = page or PageShown()
        self.aliases: dict[str, str] = {}
        self.own: list[SharedDefinition] = []
        shown = self.page.definitions
        for definition in definitions.values():
            paths = [path for path, _ in expanded(definition, definitions)]
            earlier = shown.get(definition.target)
            if earlier is not None and earlier[1] == paths:  # the same rows (nested definitions may differ)
                self.aliases[definition.anchor] = earlier[0]
            else:
                shown.setdefault(definition.target, (definition.anchor, paths))
                self.own.append(definition)

    def link(self, anchor: str) -> str:
        """The anchor of a definition (or of a row in it) where the page shows it."""
        if not self.aliases:
            return anchor
        for index, char in enumerate(anchor):
            if char in ".[" and anchor[:index] in self.aliases:
                return self.aliases[anchor[:index]] + anchor[index:]
        return self.aliases.get(anchor, anchor)

    def table(self, rows: list[FieldRow], *, caption: Markup | None = None, nested: bool = False) -> Markup:
        parts = ['<table class="cc-fields{}">'.format(" cc-fields--nested" if nested else ""), HEAD]
        if caption:
            parts.append(Markup("<caption>{}</caption>").format(caption))
        if not nested:
            parts.append("<thead><tr><th>Field</th><th>Type</th><th>Constraints</th></tr></thead>")
        parts.append("<tbody>")
        self._rows(_tree(rows), parts, top=not nested, base=0)
        parts.append("</tbody></table>")
        return Markup("".join(parts))

    def _rows(self, nodes: list[_Node], parts: list[str], top: bool, base: int) -> None:
        """Rows with their children; `base` is the depth the enclosing table starts at, for indentation."""
        for node in nodes:
            parts.append(self.row(node.row, node.row.depth - base))
            if not node.children:
                continue
            size = node.size - 1
            if top and size >= SAME_MIN_ROWS and self._same_as_before(node, parts):
                continue
            if top and size <= TOP_LEVEL_LIMIT:
                self._rows(node.children, parts, top, base)
                continue
            opened = " open" if size <= OPEN_LIMIT else ""
            summary = Markup("{} field{} inside <code>{}</code>").format(
                size, "" if size == 1 else "s", breakable(node.row.path)
            )
            inner: list[str] = []
            self._rows(node.children, inner, top=False, base=node.row.depth + 1)
            parts.append(
                Markup(
                    '<tr class="cc-field-group"><td colspan="3"><details class="cc-field-children"{}>'
                    '<summary>{}</summary><table class="cc-fields cc-fields--nested">{}'
                    "<tbody>{}</tbody></table></details></td></tr>"
                ).format(Markup(opened), summary, HEAD, Markup("".join(inner)))
            )

    def _same_as_before(self, node: _Node, parts: list[str]) -> bool:
        """Link a field's rows to a newer version that shows them alike; remember them if none does."""
        descendants = list(_descendants(node))
        signature = (node.row.path, *(self._compared(row) for row in descendants))
        ids = [(anchor, path) for row in descendants for anchor, path in self._ids(row)]
        earlier = self.page.subtrees.get(signature)
        if earlier is None:
            self.page.subtrees[signature] = (node.row.anchor, [anchor for anchor, _ in ids])
            return False
        root, anchors = earlier
        skip = len(node.row.path) + 1
        links = Markup(" ").join(
            Markup('<a id="{}" href="#{}">{}</a>').format(anchor, there, path[skip:])
            for (anchor, path), there in zip(ids, anchors, strict=True)
        )
        parts.append(
            Markup(
                '<tr class="cc-field-group"><td colspan="3"><p class="cc-note cc-same-as">'
                'The {0} fields inside <code>{1}</code> are the same as in <a href="#{2}">{3}</a>.</p>'
                '<details class="cc-shared-paths">'
                "<summary>The {0} paths, each linked to its row there</summary><p>{4}</p></details></td></tr>"
            ).format(len(ids), breakable(node.row.path), root, root.split("-", 1)[0], links)
        )
        return True

    def _compared(self, row: FieldRow) -> tuple:
        """What a reader sees of a row, without its version's anchor."""
        target = self.definitions[row.shared].target if row.shared else None
        return (
            row.path,
            row.type_label,
            row.required,
            tuple(row.required_if),
            row.title,
            row.description,
            tuple(row.constraints),
            row.deprecated,
            row.closed,
            row.ref_source,
            row.recursive,
            row.branch,
            row.remote_ref,
            row.kind,
            target,
            len(row.shared_ids),
        )

    def _ids(self, row: FieldRow) -> list[tuple[str, str]]:
        """The anchors a row carries, with their paths:
        its own and those of the paths inside its definition."""
        found = [(row.anchor, row.path)]
        if row.shared and row.shared_ids:
            found += [
                (anchor, path) for (anchor, _), path in zip(row.shared_ids, self._paths(row), strict=True)
            ]
        return found

    def row(self, row: FieldRow, indent: int) -> str:
        classes = "cc-field" if row.kind == "property" else f"cc-field cc-field--{row.kind}"
        indent = max(0, min(indent, 8))
        if indent:
            classes += f" cc-d{indent}"
        if row.deprecated:
            classes += " cc-field--deprecated"
        if row.branch:
            classes += " cc-field--branch"
        if row.shared:
            classes += " cc-field--shared"
        # One f-string of escaped values per row (see constraint_html): the same HTML `Markup.format` made.
        anchor = escape(row.anchor)
        name = (
            f'<a class="cc-anchor" href="#{anchor}"><code>{breakable(row.path)}</code></a> {_required(row)}'
        )
        if row.branch:
            name += (
                '<span class="cc-branch" title="This row applies only in this variant of the schema">'
                f"{escape(row.branch)}</span>"
            )
        chips = "".join(f"<li>{constraint_html(c)}</li>" for c in row.constraints)
        description = self._description(row)
        described = f'<div class="cc-field-description">{description}</div>' if description else ""
        constraints = (
            f'<td class="cc-field-constraints"><ul class="cc-chips">{chips}</ul></td>'
            if chips
            else "<td></td>"
        )
        return (
            f'<tr id="{anchor}" class="{escape(classes)}"><td class="cc-field-path">{name}{described}</td>'
            f'<td class="cc-field-type"><code>{escape(row.type_label)}</code></td>{constraints}</tr>\n'
        )

    def _description(self, row: FieldRow) -> Markup:
        parts = []
        if row.deprecated:
            parts.append(Markup('<span class="cc-badge cc-badge--deprecated">deprecated</span> '))
        if row.recursive:
            target = (
                Markup('<a href="#{}">its enclosing field</a>').format(row.recursive_target)
                if row.recursive_target
                else "the whole payload"
            )
            parts.append(
                Markup(
                    '<span class="cc-badge cc-badge--recursive">recursive</span> <span '
                    'class="cc-recursive-note">same shape as {}; not expanded again</span>'
                ).format(target)
            )
        if row.title:
            parts.append(Markup('<p class="cc-field-title"><strong>{}</strong></p>').format(row.title))
        parts.append(render_markdown(row.description))
        if row.closed:
            parts.append(
                Markup('<p class="cc-note cc-closed">Closed object: keys not listed here are rejected.</p>')
            )
        if row.ref_source and not row.shared:
            parts.append(
                Markup('<p class="cc-note cc-ref-source">Defined in <code>{}</code></p>').format(
                    breakable(row.ref_source)
                )
            )
        if row.remote_ref:
            ref = (
                Markup('<a href="{0}" rel="nofollow noopener noreferrer">{0}</a>')
                if row.remote_link
                else Markup("<code>{}</code>")
            ).format(row.remote_ref)
            parts.append(
                Markup(
                    '<p class="cc-note cc-remote-ref">Refers to a remote schema that is not fetched: {}</p>'
                ).format(ref)
            )
        if row.shared:
            parts.append(self._shared_use(row))
        return Markup("").join(parts)

    def _shared_use(self, row: FieldRow) -> Markup:
        """A link to the definition, and every full path inside it as an anchor that leads there."""
        definition = self.definitions[row.shared]
        shape = Markup(
            '<p class="cc-note cc-shared-ref">Shape: <a href="#{0}"><code>{1}</code></a> ({2} field{3}), '
            "shown once under shared definitions.</p>"
        ).format(
            self.link(definition.anchor),
            definition.name,
            definition.field_count,
            "" if definition.field_count == 1 else "s",
        )
        if not row.shared_ids:  # a row of a definition: its paths are relative, the using rows list them
            return shape
        count = len(row.shared_ids)
        skip = len(row.path) + (0 if row.path.endswith("]") else 1)
        links = Markup(" ").join(
            Markup('<a id="{}" href="#{}">{}</a>').format(anchor, self.link(target), path[skip:])
            for (anchor, target), path in zip(row.shared_ids, self._paths(row), strict=True)
        )
        return shape + Markup(
            '<details class="cc-shared-paths"><summary>The {} path{} inside <code>{}</code></summary>'
            "<p>{}</p></details>"
        ).format(count, "" if count == 1 else "s", breakable(row.path), links)

    def _paths(self, row: FieldRow) -> list[str]:
        definition = self.definitions[row.shared]
        return [join_path(row.path, rel) for rel, _ in expanded(definition, self.definitions)]


def _required(row: FieldRow) -> Markup:
    if row.required:
        return Markup('<span class="cc-chip cc-required">required</span>')
    if row.required_if:
        names = Markup(" or ").join(Markup("<code>{}</code>").format(n) for n in row.required_if)
        return Markup('<span class="cc-chip cc-required-if">required if {} is present</span>').format(names)
    if row.kind == "property":  # optional is the rule; only the exceptions get a chip
        return Markup("")
    return Markup('<span class="cc-chip cc-optional">{}</span>').format(KIND_LABELS.get(row.kind, row.kind))


def definitions_html(table: FieldTable) -> Markup:
    """Each shared definition once per page, folded: its name, where it is defined, how many fields."""
    if not table.definitions:
        return Markup("")
    parts = [
        Markup(
            '<div class="cc-definitions"><p class="cc-definitions-title"><strong>Shared definitions'
            "</strong>: each is shown once on the page; the fields that use one link to it.</p>"
        )
    ]
    for definition in table.definitions.values():
        if definition not in table.own:
            parts.append(
                Markup(
                    '<p class="cc-definition-elsewhere"><a href="#{}"><code>{}</code></a> ({} fields) '
                    "is shown with a newer version above.</p>"
                ).format(table.link(definition.anchor), definition.name, definition.field_count)
            )
            continue
        summary = Markup("<code>{}</code> · {} fields · defined in <code>{}</code>").format(
            definition.name, definition.field_count, breakable(definition.source)
        )
        parts.append(
            Markup('<details class="cc-definition" id="{}"><summary>{}</summary>{}</details>').format(
                definition.anchor, summary, table.table(definition.rows, nested=True)
            )
        )
    parts.append(Markup("</div>"))
    return Markup("").join(parts)
