"""Layered drawings of small graphs, computed at build time so the site needs no script and no network.

A Diagram is a list of nodes, each in a numbered layer (columns, read left to right), and edges between
neighbouring layers. `layout` orders each layer to reduce crossings (barycentric sweeps, keeping the best
order found), sizes boxes from an estimate of the text width, places nodes near the middle of their
neighbours without overlap, and routes each edge from its own port on the source box to its own port on
the target box, so parallel edges never share a line and edge labels never share a place. The result is
plain geometry; templates/partials/graph_svg.j2 turns it into SVG markup.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from ..core.shorten import shorten

MARGIN = 12
LAYER_GAP = 90  # horizontal room for the edges between two columns
NODE_GAP = 10  # vertical space between two boxes of a column
COMPACT_NODE_GAP = 6
PAD_X = 12
LINE_HEIGHT = 30  # a box with one line of text
COMPACT_LINE_HEIGHT = 24
NOTE_HEIGHT = 14  # a second, smaller line
PORT_GAP = 12  # between two edge ends on one side of a box: wider than an edge's 10 px click target
LABELLED_PORT_GAP = 20  # when edges carry a label near their end
STUB = 10  # straight run of an edge before it bends, so ends meet boxes head-on
# Straight run into the target: the curves bend before it, so where edges reach a box side by side, each is a
# click target of its own (PORT_GAP apart, wider than the 10 px hit stroke).
STUB_IN = 24
ARROW = 7
SWEEPS = 6
TRANSPOSE_PASSES = 8
MAX_LABEL_CHARS = 44

FONT_SIZE = {"label": 13.0, "mono": 12.0, "note": 12.0, "edge": 12.0}
# Pictures shrink to fit their column down to this scale, never further (12 px text stays 11 px); wider ones
# scroll sideways inside their figure.
MIN_SCALE = 0.92

# Advance widths in em, rounded up from the widest common fallback faces (DejaVu Sans Bold); generous on
# purpose: a box a little too wide reads fine, a label spilling out of its box does not.
_ADVANCE = {
    **dict.fromkeys("ijlI.,:;'!|", 0.36),
    **dict.fromkeys("frt()[]-_/ ", 0.5),
    **dict.fromkeys("mwMW@%", 1.05),
}
MONO_EM = 0.62


def text_width(text: str, size: float, mono: bool = False) -> float:
    """An upper estimate of the rendered width of text in pixels, without a font file at hand."""
    if mono:
        return len(text) * MONO_EM * size
    return sum(_ADVANCE.get(char, 0.8 if char.isupper() else 0.7) for char in text) * size


@dataclass(frozen=True)
class Link:
    src_uri: str  # the page, as a source path: events/a.b.md
    anchor: str | None = None


@dataclass
class Node:
    id: str
    layer: int
    label: str
    kind: str  # "domain", "event" or "count": picks the colours (CSS classes)
    link: Link
    title: str  # the text alternative: what a reader hovering or using a screen reader gets
    note: str = ""  # a smaller second line
    mono: bool = False
    modifiers: tuple[str, ...] = ()  # extra CSS class suffixes: "undeclared", "deprecated", "focus"


@dataclass
class Edge:
    source: str
    target: str
    link: Link
    title: str
    label: str = ""  # drawn on the edge, next to its arrow
    modifiers: tuple[str, ...] = ()


@dataclass
class Diagram:
    name: str  # distinguishes drawings in CSS: "flow", "neighbourhood", "system"
    title: str  # accessible name of the whole picture
    level: str  # "events" or "domains"
    compact: bool = False  # tighter boxes, for drawings with many nodes
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


@dataclass
class PlacedNode:
    node: Node
    x: float
    y: float
    width: float
    height: float
    text: str

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    @property
    def label_y(self) -> float:
        offset = -NOTE_HEIGHT / 2 if self.node.note else 0
        return self.cy + offset + FONT_SIZE["label"] * 0.35

    @property
    def note_y(self) -> float:
        return self.cy + NOTE_HEIGHT / 2 + FONT_SIZE["note"] * 0.35


@dataclass
class LabelBox:
    x: float
    y: float
    width: float
    height: float

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2 + FONT_SIZE["edge"] * 0.35


@dataclass
class PlacedEdge:
    edge: Edge
    path: str
    arrow: str
    label: LabelBox | None = None
    ends: tuple[int, int] = (0, 0)  # indexes of its source and target in Drawing.nodes, for hover highlights


@dataclass
class Drawing:
    diagram: Diagram
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    width: float
    height: float

    @property
    def min_width(self) -> int:
        return round(self.width * MIN_SCALE)


def layout(diagram: Diagram) -> Drawing:
    """Geometry for a diagram: deterministic, so the same catalog always gives the same picture."""
    if not diagram.nodes:  # a catalog without readable event types (an unreadable registry) still builds
        return Drawing(diagram, [], [], float(2 * MARGIN), float(2 * MARGIN))
    by_id = {node.id: node for node in diagram.nodes}
    layers = _layers(diagram.nodes)
    outgoing, incoming = _adjacency(diagram.edges, by_id)
    _order(layers, outgoing, incoming)
    position = {node_id: i for layer in layers for i, node_id in enumerate(layer)}
    labelled = any(edge.label for edge in diagram.edges)
    port_gap = LABELLED_PORT_GAP if labelled else PORT_GAP
    label_room = max((text_width(e.label, FONT_SIZE["edge"]) for e in diagram.edges), default=0.0)
    layer_gap = LAYER_GAP + (label_room + 3 * STUB if labelled else 0)

    line_height = COMPACT_LINE_HEIGHT if diagram.compact else LINE_HEIGHT
    node_gap = COMPACT_NODE_GAP if diagram.compact else NODE_GAP
    sizes = {
        node.id: _size(node, len(outgoing[node.id]), len(incoming[node.id]), port_gap, line_height)
        for node in diagram.nodes
    }
    column_width = [max(sizes[n][0] for n in layer) for layer in layers]
    tops = _vertical(layers, sizes, outgoing, incoming, node_gap)
    placed: dict[str, PlacedNode] = {}
    x = float(MARGIN)
    for index, layer in enumerate(layers):
        for node_id in layer:
            node = by_id[node_id]
            placed[node_id] = PlacedNode(
                node,
                x,
                tops[node_id],
                column_width[index],
                sizes[node_id][1],
                shorten(node.label, MAX_LABEL_CHARS),
            )
        x += column_width[index] + layer_gap
    ports = _ports(diagram.edges, placed, position, port_gap)
    nodes = [placed[node_id] for layer in layers for node_id in layer]
    position_of = {p.node.id: i for i, p in enumerate(nodes)}
    edges = [_route(i, edge, placed, ports) for i, edge in enumerate(diagram.edges)]
    for placed_edge in edges:
        placed_edge.ends = (position_of[placed_edge.edge.source], position_of[placed_edge.edge.target])
    width = x - layer_gap + MARGIN
    height = max((p.y + p.height for p in placed.values()), default=0.0) + MARGIN
    return Drawing(diagram, nodes, edges, round(width, 1), round(height, 1))


def _layers(nodes: list[Node]) -> list[list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for node in nodes:
        grouped[node.layer].append(node.id)
    return [grouped[key] for key in sorted(grouped)]


def _adjacency(
    edges: list[Edge], by_id: dict[str, Node]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    outgoing: dict[str, list[str]] = defaultdict(list)
    incoming: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        if by_id[edge.target].layer != by_id[edge.source].layer + 1:
            raise ValueError(f"edge {edge.source} -> {edge.target} does not join neighbouring layers")
        outgoing[edge.source].append(edge.target)
        incoming[edge.target].append(edge.source)
    return outgoing, incoming


def _order(layers: list[list[str]], outgoing: dict, incoming: dict) -> None:
    """Barycentric sweeps, down then up, keeping the order with the fewest crossings (in place)."""
    best = [list(layer) for layer in layers]
    best_crossings = _crossings(layers, outgoing)
    for _ in range(SWEEPS):
        for index in range(1, len(layers)):
            _sort_by_barycentre(layers[index], layers[index - 1], incoming)
        for index in range(len(layers) - 2, -1, -1):
            _sort_by_barycentre(layers[index], layers[index + 1], outgoing)
        crossings = _crossings(layers, outgoing)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in layers], crossings
        if best_crossings == 0:
            break
    layers[:] = best
    _transpose(layers, outgoing, incoming)


def _transpose(
    layers: list[list[str]], outgoing: dict[str, list[str]], incoming: dict[str, list[str]]
) -> None:
    """Swap neighbours in a column while that removes crossings: sweeps leave some that a swap undoes."""
    for _ in range(TRANSPOSE_PASSES):
        improved = False
        for index, layer in enumerate(layers):
            sides = []
            if index > 0:
                sides.append(({n: i for i, n in enumerate(layers[index - 1])}, incoming))
            if index + 1 < len(layers):
                sides.append(({n: i for i, n in enumerate(layers[index + 1])}, outgoing))
            for k in range(len(layer) - 1):
                upper, lower = layer[k], layer[k + 1]
                if _pair_crossings(lower, upper, sides) < _pair_crossings(upper, lower, sides):
                    layer[k], layer[k + 1] = lower, upper
                    improved = True
        if not improved:
            return


def _pair_crossings(upper: str, lower: str, sides: list[tuple[dict[str, int], dict[str, list[str]]]]) -> int:
    """Crossings between the edges of two neighbouring nodes of a column, with `upper` drawn above `lower`."""
    return sum(
        1
        for where, neighbours in sides
        for a in neighbours[upper]
        for b in neighbours[lower]
        if where[a] > where[b]
    )


def _sort_by_barycentre(layer: list[str], fixed: list[str], neighbours: dict[str, list[str]]) -> None:
    where = {node_id: i for i, node_id in enumerate(fixed)}
    scale = len(fixed) / max(len(layer), 1)

    def key(item: tuple[int, str]) -> tuple[float, int]:
        index, node_id = item
        linked = [where[n] for n in neighbours[node_id] if n in where]
        return (sum(linked) / len(linked) if linked else index * scale, index)

    layer[:] = [node_id for _, node_id in sorted(enumerate(layer), key=key)]


def _crossings(layers: list[list[str]], outgoing: dict[str, list[str]]) -> int:
    total = 0
    for upper, lower in itertools.pairwise(layers):
        where = {node_id: i for i, node_id in enumerate(lower)}
        pairs = sorted((i, where[t]) for i, s in enumerate(upper) for t in outgoing[s])
        total += _inversions([t for _, t in pairs], len(lower))
    return total


def _inversions(values: list[int], size: int) -> int:
    """Pairs i < j with values[i] > values[j], with a Fenwick tree: O(n log n)."""
    tree = [0] * (size + 1)
    count = 0
    for seen, value in enumerate(values):
        index, not_greater = value + 1, 0
        while index > 0:
            not_greater += tree[index]
            index -= index & -index
        count += seen - not_greater
        index = value + 1
        while index <= size:
            tree[index] += 1
            index += index & -index
    return count


def _size(
    node: Node, out_degree: int, in_degree: int, port_gap: float, line_height: float
) -> tuple[float, float]:
    font = FONT_SIZE["mono"] if node.mono else FONT_SIZE["label"]
    width = text_width(shorten(node.label, MAX_LABEL_CHARS), font, node.mono)
    if node.note:
        width = max(width, text_width(node.note, FONT_SIZE["note"]))
    text_height = line_height + (NOTE_HEIGHT if node.note else 0)
    port_height = max(out_degree, in_degree) * port_gap + 8
    return round(width + 2 * PAD_X, 1), float(max(text_height, port_height))


def _vertical(
    layers: list[list[str]], sizes: dict, outgoing: dict, incoming: dict, gap: float
) -> dict[str, float]:
    """Stack the tallest column; place the others column by column, each node near its neighbours."""

    def column_height(layer: list[str]) -> float:
        return sum(sizes[n][1] for n in layer) + gap * (len(layer) - 1)

    reference = max(range(len(layers)), key=lambda i: (column_height(layers[i]), -i))
    tops: dict[str, float] = {}
    y = float(MARGIN)
    for node_id in layers[reference]:
        tops[node_id] = y
        y += sizes[node_id][1] + gap
    order = list(range(reference + 1, len(layers))) + list(range(reference - 1, -1, -1))
    for index in order:
        neighbours = incoming if index > reference else outgoing
        wanted = []
        for node_id in layers[index]:
            centres = [tops[n] + sizes[n][1] / 2 for n in neighbours[node_id] if n in tops]
            centre = sum(centres) / len(centres) if centres else MARGIN + sizes[node_id][1] / 2
            wanted.append(centre - sizes[node_id][1] / 2)
        tops.update(_pack(layers[index], wanted, [sizes[n][1] for n in layers[index]], gap))
    return tops


def _pack(ids: list[str], wanted: list[float], heights: list[float], gap: float) -> dict[str, float]:
    """Tops nearest (least squares) to the wanted ones, keeping order and gaps: pool adjacent violators."""
    blocks: list[list[int]] = []  # indexes of nodes sharing one block
    block_top: list[float] = []

    def offsets(block: list[int]) -> list[float]:
        result, y = [], 0.0
        for i in block:
            result.append(y)
            y += heights[i] + gap
        return result

    def best_top(block: list[int]) -> float:
        shifts = offsets(block)
        return max(float(MARGIN), sum(wanted[i] - s for i, s in zip(block, shifts, strict=True)) / len(block))

    for index in range(len(ids)):
        blocks.append([index])
        block_top.append(max(float(MARGIN), wanted[index]))
        while len(blocks) > 1:
            previous = blocks[-2]
            bottom = block_top[-2] + offsets(previous)[-1] + heights[previous[-1]] + gap
            if bottom <= block_top[-1]:
                break
            merged = previous + blocks.pop()
            block_top.pop()
            blocks[-1] = merged
            block_top[-1] = best_top(merged)
    tops: dict[str, float] = {}
    for block, top in zip(blocks, block_top, strict=True):
        for i, shift in zip(block, offsets(block), strict=True):
            tops[ids[i]] = round(top + shift, 1)
    return tops


def _ports(
    edges: list[Edge], placed: dict[str, PlacedNode], position: dict[str, int], gap: float
) -> dict[tuple[int, str], float]:
    """The y of each edge's end on each box, spread evenly along its side and ordered like the boxes they
    lead to, so that arrows into one box never meet in one point and each stays a click target of its own."""
    ends: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, edge in enumerate(edges):
        ends[(edge.source, "out")].append(index)
        ends[(edge.target, "in")].append(index)
    ports: dict[tuple[int, str], float] = {}
    for (node_id, side), indexes in ends.items():
        other = (lambda i: edges[i].target) if side == "out" else (lambda i: edges[i].source)
        indexes.sort(key=lambda i: (placed[other(i)].cy, position[other(i)], i))
        box = placed[node_id]
        step = max(gap, (box.height - 8) / len(indexes))
        for rank, index in enumerate(indexes):
            ports[(index, side)] = round(box.cy + (rank - (len(indexes) - 1) / 2) * step, 1)
    return ports


def _route(index: int, edge: Edge, placed: dict[str, PlacedNode], ports: dict) -> PlacedEdge:
    """A stub out of the source, an S-curve, then a straight run (holding the label) into the target."""
    source, target = placed[edge.source], placed[edge.target]
    x0, y0 = source.x + source.width, ports[(index, "out")]
    x1, y1 = target.x, ports[(index, "in")]
    label = None
    run: float = STUB_IN + ARROW
    if edge.label:
        label_width = text_width(edge.label, FONT_SIZE["edge"]) + 8
        run += label_width + STUB
        label = LabelBox(
            round(x1 - ARROW - STUB / 2 - label_width, 1), round(y1 - 8, 1), round(label_width, 1), 16
        )
    start, end = x0 + STUB, x1 - run
    middle = (start + end) / 2
    path = (
        f"M{x0:.1f} {y0:.1f}H{start:.1f}C{middle:.1f} {y0:.1f} {middle:.1f} {y1:.1f} {end:.1f} {y1:.1f}"
        f"H{x1 - ARROW:.1f}"
    )
    arrow = f"{x1:.1f},{y1:.1f} {x1 - ARROW:.1f},{y1 - 4:.1f} {x1 - ARROW:.1f},{y1 + 4:.1f}"
    return PlacedEdge(edge, path, arrow, label)
