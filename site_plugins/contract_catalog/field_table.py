"""A payload schema's field rows as HTML: one table for the payload, one per shared definition.

Rows are built here in Python rather than in a template: a wide schema has thousands of cells, and one
template call per cell dominated the build (issue 22). Every value from JSON goes through `escape` (or
`render_markdown` for descriptions, the one Markdown field), so nothing here can inject markup.

The layout: the Field column holds the name, whether it is required and the description under it; Type
and Constraints (as compact chips) follow. A nested object's rows are indented; below the top level,
and wherever a subtree is long, they sit in a `<details>` so a reader can fold them without any script.
A value that is a shared definition links to it, with the full paths inside it listed as anchors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .schema_fields import Constraint, FieldRow
from .schema_shared import SharedDefinition
from .text import render_markdown

OPEN_LIMIT = 8  # a nested object with at most this many rows below it starts unfolded
TOP_LEVEL_LIMIT = 24  # a top-level object's rows are folded only when there are more than this
KIND_LABELS = {"item": "array item", "pattern": "keys matching", "additional": "any other key"}
HEAD = Markup(
    '<colgroup><col class="cc-col-field"><col class="cc-col-type"><col class="cc-col-constraints"></colgroup>'
)


@dataclass
class _Node:
    row: FieldRow
    children: list[_Node] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(1 + child.size for child in self.children)


def breakable(text: str) -> Markup:
    """Escaped text that may wrap after a dot or an underscore, never inside a word."""
    return Markup(str(escape(text)).replace(".", ".<wbr>").replace("_", "_<wbr>"))


def constraint_html(c: Constraint) -> Markup:
    values = Markup(", ").join(Markup("<code>{}</code>").format(v) for v in c.values)
    if c.raw:
        return Markup('<span class="cc-constraint cc-constraint--raw" title="Not a keyword this catalog knows; '
                      'shown as written"><span class="cc-constraint-name">{}</span> {}</span>').format(c.name, values)
    return Markup('<span class="cc-constraint"><span class="cc-constraint-name">{}</span> {}</span>').format(
        c.name, values)


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


def _inside(path: str, parent: str) -> bool:
    return path.startswith((parent + ".", parent + "["))


class FieldTable:
    """Renders the rows of one schema document; `definitions` are the shared ones it links to."""

    def __init__(self, definitions: dict[str, SharedDefinition]) -> None:
        self.definitions = definitions

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
            if top and size <= TOP_LEVEL_LIMIT:
                self._rows(node.children, parts, top, base)
                continue
            opened = " open" if size <= OPEN_LIMIT else ""
            summary = Markup("{} field{} inside <code>{}</code>").format(
                size, "" if size == 1 else "s", breakable(node.row.path))
            inner: list[str] = []
            self._rows(node.children, inner, top=False, base=node.row.depth + 1)
            parts.append(Markup(
                '<tr class="cc-field-group"><td colspan="3"><details class="cc-field-children"{}>'
                '<summary>{}</summary><table class="cc-fields cc-fields--nested">{}<tbody>{}</tbody></table>'
                '</details></td></tr>').format(Markup(opened), summary, HEAD, Markup("".join(inner))))

    def row(self, row: FieldRow, indent: int) -> str:
        classes = f"cc-field cc-field--{row.kind}"
        if row.deprecated:
            classes += " cc-field--deprecated"
        if row.branch:
            classes += " cc-field--branch"
        if row.shared:
            classes += " cc-field--shared"
        name = Markup(
            '<a class="cc-anchor" href="#{0}" title="Link to this field" aria-label="Link to field {1}">#</a>'
            '<code class="cc-field-name">{2}</code> {3}').format(row.anchor, row.path, _name(row.path),
                                                                 _required(row))
        if row.branch:
            name += Markup('<span class="cc-branch" title="This row applies only in this variant of the schema">'
                           '{}</span>').format(row.branch)
        chips = Markup("").join(Markup("<li>{}</li>").format(constraint_html(c)) for c in row.constraints)
        return str(Markup(
            '<tr id="{}" class="{}" style="--cc-depth: {}"><td class="cc-field-path">{}'
            '<div class="cc-field-description">{}</div></td>'
            '<td class="cc-field-type"><code>{}</code></td>'
            '<td class="cc-field-constraints">{}</td></tr>\n').format(
            row.anchor, classes, max(0, min(indent, 8)), name, self._description(row), row.type_label,
            Markup('<ul class="cc-chips">{}</ul>').format(chips) if chips else ""))

    def _description(self, row: FieldRow) -> Markup:
        parts = []
        if row.deprecated:
            parts.append(Markup('<span class="cc-badge cc-badge--deprecated">deprecated</span> '))
        if row.recursive:
            target = (Markup('<a href="#{}">its enclosing field</a>').format(row.recursive_target)
                      if row.recursive_target else "the whole payload")
            parts.append(Markup('<span class="cc-badge cc-badge--recursive">recursive</span> <span '
                                'class="cc-recursive-note">same shape as {}; not expanded again</span>').format(target))
        if row.title:
            parts.append(Markup('<p class="cc-field-title"><strong>{}</strong></p>').format(row.title))
        parts.append(render_markdown(row.description))
        if row.closed:
            parts.append(Markup('<p class="cc-note cc-closed">Closed object: keys not listed here are rejected.</p>'))
        if row.ref_source and not row.shared:
            parts.append(Markup('<p class="cc-note cc-ref-source">Defined in <code>{}</code></p>').format(
                breakable(row.ref_source)))
        if row.remote_ref:
            ref = (Markup('<a href="{0}" rel="nofollow noopener noreferrer">{0}</a>') if row.remote_link
                   else Markup("<code>{}</code>")).format(row.remote_ref)
            parts.append(Markup('<p class="cc-note cc-remote-ref">Refers to a remote schema that is not fetched: '
                                '{}</p>').format(ref))
        if row.shared:
            parts.append(self._shared_use(row))
        return Markup("").join(parts)

    def _shared_use(self, row: FieldRow) -> Markup:
        """A link to the definition, and every full path inside it as an anchor that leads there."""
        definition = self.definitions[row.shared]
        count = len(row.shared_ids)
        links = Markup(" ").join(
            Markup('<a id="{}" href="#{}"><code>{}</code></a>').format(anchor, target, breakable(
                anchor[len(row.anchor) + 1:] if anchor.startswith(row.anchor) else anchor))
            for anchor, target in row.shared_ids)
        return Markup(
            '<p class="cc-note cc-shared-ref">Shape: <a href="#{0}"><code>{1}</code></a>, {2} field{3}, '
            'shown once under <a href="#{0}">shared definitions</a>.</p>'
            '<details class="cc-shared-paths"><summary>The {2} path{3} inside <code>{4}</code></summary>'
            '<p>{5}</p></details>').format(definition.anchor, definition.name, count, "" if count == 1 else "s",
                                           breakable(row.path), links)


def _name(path: str) -> Markup:
    """The full path, its parent part quieter: indentation already says where the field sits."""
    cut = path.rfind(".")
    if cut <= 0:
        return breakable(path)
    return Markup('<span class="cc-path-parent">{}</span>{}').format(breakable(path[:cut + 1]),
                                                                     breakable(path[cut + 1:]))


def _required(row: FieldRow) -> Markup:
    if row.required:
        return Markup('<span class="cc-chip cc-required">required</span>')
    if row.required_if:
        names = Markup(" or ").join(Markup("<code>{}</code>").format(n) for n in row.required_if)
        return Markup('<span class="cc-chip cc-required-if">required if {} is present</span>').format(names)
    label = "optional" if row.kind == "property" else KIND_LABELS.get(row.kind, row.kind)
    return Markup('<span class="cc-chip cc-optional">{}</span>').format(label)


def definitions_html(table: FieldTable) -> Markup:
    """Each shared definition once, folded: its name, where it is defined, how many fields and uses."""
    if not table.definitions:
        return Markup("")
    parts = [Markup('<div class="cc-definitions"><p class="cc-definitions-title"><strong>Shared definitions'
                    '</strong>: each is shown once; fields that use one link here.</p>')]
    for definition in table.definitions.values():
        summary = Markup('<code>{}</code> · {} fields · used {} time{} · defined in <code>{}</code>').format(
            definition.name, definition.field_count, definition.uses, "" if definition.uses == 1 else "s",
            breakable(definition.source))
        parts.append(Markup('<details class="cc-definition" id="{}"><summary>{}</summary>{}</details>').format(
            definition.anchor, summary, table.table(definition.rows, nested=True)))
    parts.append(Markup("</div>"))
    return Markup("").join(parts)
