"""Who produces what for whom: the catalog as a networkx graph, and the coupling report computed from it.

Nodes are domains (`domain:<name>`) and event types (`event:<name>`). Edges run producer -> event (kind
"produces") and event -> consumer (kind "consumes"); each carries the event's latest version, that
version's status and the list of all its versions. The domain graph folds events away: one edge per
producer -> consumer pair, with the event types behind it. Nothing here knows MkDocs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import networkx as nx

from . import urls
from .catalog_types import Catalog, EventType

MAX_LISTED_CYCLES = 30  # shortest first; a dense domain graph has more cycles than anyone can read
MAX_COUNTED_CYCLES = 10_000


def domain_node(name: str) -> str:
    return f"domain:{name}"


def event_node(name: str) -> str:
    return f"event:{name}"


def _edge_facts(event: EventType) -> dict[str, Any]:
    latest = event.latest
    return {
        "event": event.name,
        "version": latest.version if latest else None,
        "status": latest.status if latest else None,
        "versions": [{"version": v.version, "status": v.status} for v in event.versions],
    }


def build_graph(catalog: Catalog) -> nx.DiGraph:
    """Domains and event types as nodes; producer -> event -> consumer edges with version and status."""
    graph = nx.DiGraph()
    for domain in sorted(catalog.domains.values(), key=lambda d: d.name):
        graph.add_node(domain_node(domain.name), kind="domain", name=domain.name, declared=domain.declared)
    for event in sorted(catalog.events.values(), key=lambda e: e.name):
        latest = event.latest
        graph.add_node(
            event_node(event.name),
            kind="event",
            name=event.name,
            contract=event.contract_id,
            version=latest.version if latest else None,
            status=latest.status if latest else None,
        )
        facts = _edge_facts(event)
        if event.producer:
            graph.add_edge(domain_node(event.producer), event_node(event.name), kind="produces", **facts)
        for consumer in event.consumers:
            graph.add_edge(event_node(event.name), domain_node(consumer), kind="consumes", **facts)
    return graph


def domain_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Producer -> consumer domains, each edge with the sorted event types behind it and their count."""
    folded = nx.DiGraph()
    folded.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d["kind"] == "domain")
    for node, data in graph.nodes(data=True):
        if data["kind"] != "event":
            continue
        for producer in graph.predecessors(node):
            for consumer in graph.successors(node):
                if not folded.has_edge(producer, consumer):
                    folded.add_edge(producer, consumer, events=[])
                folded.edges[producer, consumer]["events"].append(data["name"])
    for _, _, data in folded.edges(data=True):
        data["events"].sort()
        data["count"] = len(data["events"])
    return folded


@dataclass
class DomainCoupling:
    name: str
    produces: int  # event types
    consumes: int
    fan_out: list[str]  # other domains that consume at least one of its event types
    fan_in: list[str]  # other domains whose event types it consumes


@dataclass
class MissingSchema:
    event: str
    label: str  # "v2"
    anchor: str
    path: str | None  # as written in the registry; None when no schema is registered
    status: str | None


@dataclass
class CouplingReport:
    domains: list[str]  # both axes of the matrix, sorted
    flows: dict[tuple[str, str], list[str]]  # (producer, consumer) -> event types
    coupling: list[DomainCoupling]
    no_consumers: list[str] = field(default_factory=list)
    self_consumed: list[str] = field(default_factory=list)
    undeclared_consumers: dict[str, list[str]] = field(default_factory=dict)
    domains_declared: bool = True
    no_contract: list[tuple[str, str | None]] = field(default_factory=list)  # (event, path as written)
    missing_schemas: list[MissingSchema] = field(default_factory=list)
    cycle_groups: list[list[str]] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)
    cycle_count: int = 0
    cycle_count_capped: bool = False

    def count(self, producer: str, consumer: str) -> int:
        return len(self.flows.get((producer, consumer), ()))


def coupling_report(catalog: Catalog, graph: nx.DiGraph | None = None) -> CouplingReport:
    """The domain x domain matrix, fan-in and fan-out, and the findings a reviewer should look at."""
    graph = graph if graph is not None else build_graph(catalog)
    folded = domain_graph(graph)
    names = sorted(data["name"] for _, data in folded.nodes(data=True))
    flows = {
        (folded.nodes[p]["name"], folded.nodes[c]["name"]): data["events"]
        for p, c, data in folded.edges(data=True)
    }
    report = CouplingReport(domains=names, flows=flows, coupling=_fan(catalog, names, flows))
    events = sorted(catalog.events.values(), key=lambda e: e.name)
    report.no_consumers = [e.name for e in events if not e.consumers]
    report.self_consumed = [e.name for e in events if e.producer and e.producer in e.consumers]
    report.domains_declared = isinstance(catalog.metadata.get("domains"), dict)
    if report.domains_declared:
        undeclared: dict[str, list[str]] = defaultdict(list)
        for event in events:
            for consumer in event.consumers:
                if not catalog.domains[consumer].declared:
                    undeclared[consumer].append(event.name)
        report.undeclared_consumers = dict(sorted(undeclared.items()))
    report.no_contract = [(e.name, e.owning_contract) for e in events if e.contract_id is None]
    report.missing_schemas = [
        MissingSchema(e.name, v.label, v.anchor, v.payload_schema, v.status)
        for e in events
        for v in e.versions
        if not v.schema_path_ok
    ]
    _find_cycles(report, flows)
    return report


def _fan(catalog: Catalog, names: list[str], flows: dict[tuple[str, str], list[str]]) -> list[DomainCoupling]:
    rows = []
    for name in names:
        domain = catalog.domains[name]
        rows.append(
            DomainCoupling(
                name=name,
                produces=len(domain.produces),
                consumes=len(domain.consumes),
                fan_out=sorted(c for p, c in flows if p == name and c != name),
                fan_in=sorted(p for p, c in flows if c == name and p != name),
            )
        )
    return rows


def _find_cycles(report: CouplingReport, flows: dict[tuple[str, str], list[str]]) -> None:
    """Domains that depend on each other in a loop; a domain reading its own events is another finding."""
    dependencies = nx.DiGraph((p, c) for p, c in flows if p != c)
    report.cycle_groups = sorted(
        sorted(group) for group in nx.strongly_connected_components(dependencies) if len(group) > 1
    )
    counted = list(islice(nx.simple_cycles(dependencies), MAX_COUNTED_CYCLES + 1))
    report.cycle_count_capped = len(counted) > MAX_COUNTED_CYCLES
    report.cycle_count = min(len(counted), MAX_COUNTED_CYCLES)
    shortest: list[list[str]] = []
    bound = 2
    while len(shortest) < MAX_LISTED_CYCLES and bound <= dependencies.number_of_nodes():
        shortest += sorted(
            _rotate(cycle)
            for cycle in nx.simple_cycles(dependencies, length_bound=bound)
            if len(cycle) == bound
        )
        bound += 1
    report.cycles = shortest[:MAX_LISTED_CYCLES]


def _rotate(cycle: list[str]) -> list[str]:
    """The same cycle always reads the same way: starting from its alphabetically first domain."""
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def to_json(catalog: Catalog, site_urls: urls.SiteUrls | None = None) -> dict[str, Any]:
    """The graph and the coupling report as plain data, for `graph.json`. URLs are site-relative."""
    graph = build_graph(catalog)
    report = coupling_report(catalog, graph)

    def url(src_uri: str) -> dict[str, str]:
        return {"url": site_urls.url(src_uri)} if site_urls else {}

    nodes = []
    for node, data in graph.nodes(data=True):
        if data["kind"] == "domain":
            page = urls.domain_page(catalog.domains[data["name"]])
        else:
            page = urls.event_page(catalog.events[data["name"]])
        nodes.append({"id": node, **data, **url(page)})
    edges = [{"source": s, "target": t, **data} for s, t, data in graph.edges(data=True)]
    return {
        "nodes": nodes,
        "edges": edges,
        "domain_edges": [
            {"producer": p, "consumer": c, "count": len(events), "events": events}
            for (p, c), events in sorted(report.flows.items())
        ],
        "coupling": {
            "domains": report.domains,
            "matrix": [[report.count(p, c) for c in report.domains] for p in report.domains],
            "fan": {
                row.name: {
                    "produces": row.produces,
                    "consumes": row.consumes,
                    "fan_out": row.fan_out,
                    "fan_in": row.fan_in,
                }
                for row in report.coupling
            },
        },
        "findings": {
            "no_consumers": report.no_consumers,
            "self_consumed": report.self_consumed,
            "undeclared_consumers": report.undeclared_consumers,
            "no_owning_contract": [{"event": e, "owning_contract": path} for e, path in report.no_contract],
            "missing_schemas": [
                {"event": m.event, "version": m.label, "payload_schema": m.path}
                for m in report.missing_schemas
            ],
            "cycle_groups": report.cycle_groups,
            "cycles": report.cycles,
            "cycle_count": report.cycle_count,
            "cycle_count_capped": report.cycle_count_capped,
        },
    }
