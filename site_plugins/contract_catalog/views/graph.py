"""Producer/consumer graphs on the site: an event's flow, a domain's neighbourhood, and /graph/.

Each picture is drawn at build time (graph_svg) from the networkx model (graph) and comes with a table of
the same facts. Above `domain_graph_threshold` event types a picture folds events into domain -> domain
edges that carry counts and link to the list of event types behind them on /graph/.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..drawing.graph_svg import Diagram, Edge, Link, Node, layout
from ..model import urls
from ..model.catalog import Domain, EventType
from ..model.lifecycle import State
from ..model.system_graph import build_graph, coupling_report, to_json
from ..render.output_formats import schema_bytes, versioned
from ..render.renderer import GeneratedPage, PendingPage, Section
from .base import BuildContext, CatalogView

GRAPH_PAGE = "graph/index.md"
GRAPH_JSON = "graph.json"
GRAPH_SCHEMA = "graph.schema.json"
FLOW_ORDER = 40


class GraphView(CatalogView):
    """Flow on event pages, neighbourhood on domain pages, the system graph and coupling report on /graph/."""

    def __init__(self, context: BuildContext):
        super().__init__(context)
        self.catalog = context.catalog
        self.graph = build_graph(self.catalog)
        self.report = coupling_report(self.catalog, self.graph)
        self.threshold = context.domain_graph_threshold
        events = self.catalog.events
        self.flows = [
            (p, c, [events[name] for name in names]) for (p, c), names in sorted(self.report.flows.items())
        ]

    def event_sections(self, event: EventType, src_uri: str) -> list[Section]:
        diagram = DiagramBuilder(self).event_flow(event)
        html = self._figure(src_uri, diagram, rows=[event])
        return [Section("Flow", "flow", html, FLOW_ORDER)]

    def domain_sections(self, domain: Domain, src_uri: str) -> list[Section]:
        produced, consumed = _neighbourhood(domain)
        builder = DiagramBuilder(self)
        if len(produced) + len(consumed) > self.threshold:
            diagram = builder.domain_neighbourhood_by_domain(domain)
            rows: list = [flow for flow in self.flows if domain.name in (flow[0], flow[1])]  # flows or events
        elif produced and consumed:
            # Two pictures, each three columns wide, fit the content column where one of five would not.
            html = self._figure(
                src_uri,
                builder.domain_inflow(domain, consumed),
                rows=consumed,
                caption=f"What {domain.name} consumes from other domains",
            )
            html += self._figure(
                src_uri,
                builder.domain_outflow(domain, produced),
                rows=produced,
                caption=f"What {domain.name} produces, and who consumes it",
            )
            return [Section("Neighbourhood", "neighbourhood", html, FLOW_ORDER)]
        else:
            diagram = (
                builder.domain_outflow(domain, produced)
                if produced
                else builder.domain_inflow(domain, consumed)
            )
            rows = consumed + produced
        html = self._figure(src_uri, diagram, rows=rows, empty=not (produced or consumed))
        return [Section("Neighbourhood", "neighbourhood", html, FLOW_ORDER)]

    def pages(self) -> list[PendingPage]:
        return [PendingPage(GRAPH_PAGE, self._graph_page)]  # rendered when read: a live preview may skip it

    def page_inputs(self, src_uri: str) -> tuple | None:
        """The system graph shows the registry and which schema files exist: the shared part of the tree,
        which every page's key holds (see BuildContext.shared_digest), as the domain pages' neighbourhoods
        do."""
        return ("system graph",) if src_uri == GRAPH_PAGE else None

    def _graph_page(self) -> GeneratedPage:
        events = sorted(self.catalog.events.values(), key=lambda e: e.name)
        builder = DiagramBuilder(self)
        by_domain = len(events) > self.threshold
        diagram = builder.system_by_domain() if by_domain else builder.system(events)
        return self.context.renderer.render(
            "graph.md.j2",
            GRAPH_PAGE,
            drawing=layout(diagram),
            rows=self.flows if by_domain else events,
            report=self.report,
            flows=self.flows,
            threshold=self.threshold,
            event_count=len(events),
            **self._helpers(),
        ).titled(
            "System graph",
            f"Which domain produces and which domains consume each of the {len(events)} "
            "event types, with coupling and findings",
        )

    def static_files(self) -> list[tuple[str, bytes]]:
        data = to_json(self.catalog, self.context.urls)
        # `status` is the registry's; `use_now` what the pages say on the build date
        for node in data["nodes"]:
            if node["kind"] == "event":
                now = self.context.standing(self.catalog.events[node["name"]])
                node["use_now"] = (
                    {"version": now.use_now.version.version, "state": now.use_now.state.value}
                    if now.use_now
                    else None
                )
        data = versioned(GRAPH_SCHEMA, data)
        return [
            (GRAPH_JSON, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")),
            (GRAPH_SCHEMA, schema_bytes(GRAPH_SCHEMA)),
        ]

    def nav_entries(self) -> list[tuple[str, str]]:
        return [("Graph", GRAPH_PAGE)]

    def flow_anchor(self, producer: str, consumer: str) -> str:
        domains = self.catalog.domains
        return f"flow-{domains[producer].slug}--{domains[consumer].slug}"

    def _figure(
        self, src_uri: str, diagram: Diagram, rows: list, empty: bool = False, caption: str = ""
    ) -> Markup:
        return self.context.renderer.render_fragment(
            "partials/graph_figure.j2",
            src_uri,
            drawing=None if empty else layout(diagram),
            rows=rows,
            caption=caption,
            **self._helpers(),
        )

    def _helpers(self) -> dict:
        return {
            "catalog": self.catalog,
            "event_page": urls.event_page,
            "domain_page": urls.domain_page,
            "flow_anchor": self.flow_anchor,
            "graph_page": GRAPH_PAGE,
        }


def _neighbourhood(domain: Domain) -> tuple[list[EventType], list[EventType]]:
    """What a domain produces, and what it consumes from others (its own events are on the produced side)."""
    produced = sorted(domain.produces, key=lambda e: e.name)
    consumed = sorted((e for e in domain.consumes if e.producer != domain.name), key=lambda e: e.name)
    return produced, consumed


class DiagramBuilder:
    """Builds the diagrams of one build: nodes and edges with their links and text alternatives."""

    def __init__(self, view: GraphView):
        self.view = view
        self.catalog = view.catalog
        self.report = view.report

    def event_flow(self, event: EventType) -> Diagram:
        diagram = Diagram("flow", f"Flow of {event.name}: producer, event type and consumers", "events")
        centre = self.event(f"e:{event.name}", 1, event, focus=True)
        diagram.nodes.append(centre)
        if event.producer:
            diagram.nodes.append(self.domain(f"p:{event.producer}", 0, event.producer))
            diagram.edges.append(self.produces(f"p:{event.producer}", centre.id, event))
        for consumer in event.consumers:
            diagram.nodes.append(self.domain(f"c:{consumer}", 2, consumer))
            diagram.edges.append(self.consumes(centre.id, f"c:{consumer}", event, consumer))
        return diagram

    def domain_inflow(self, domain: Domain, consumed: list[EventType]) -> Diagram:
        """Upstream producers -> the events the domain consumes from them -> the domain."""
        diagram = Diagram(
            "neighbourhood", f"What {domain.name} consumes: producers and event types", "events"
        )
        me = f"d:{domain.name}"
        diagram.nodes.append(self.domain(me, 2, domain.name, focus=True))
        upstream: set[str] = set()
        for event in consumed:
            diagram.nodes.append(self.event(f"in:{event.name}", 1, event))
            diagram.edges.append(self.consumes(f"in:{event.name}", me, event, domain.name))
            if event.producer:
                if event.producer not in upstream:
                    upstream.add(event.producer)
                    diagram.nodes.append(self.domain(f"up:{event.producer}", 0, event.producer))
                diagram.edges.append(self.produces(f"up:{event.producer}", f"in:{event.name}", event))
        diagram.nodes.sort(key=lambda n: (n.layer, n.label))
        return diagram

    def domain_outflow(self, domain: Domain, produced: list[EventType]) -> Diagram:
        """The domain -> the events it produces -> their consumers."""
        diagram = Diagram(
            "neighbourhood", f"What {domain.name} produces: event types and consumers", "events"
        )
        me = f"d:{domain.name}"
        diagram.nodes.append(self.domain(me, 0, domain.name, focus=True))
        downstream: set[str] = set()
        for event in produced:
            diagram.nodes.append(self.event(f"out:{event.name}", 1, event))
            diagram.edges.append(self.produces(me, f"out:{event.name}", event))
            for consumer in event.consumers:
                if consumer not in downstream:
                    downstream.add(consumer)
                    diagram.nodes.append(self.domain(f"down:{consumer}", 2, consumer))
                diagram.edges.append(self.consumes(f"out:{event.name}", f"down:{consumer}", event, consumer))
        diagram.nodes.sort(key=lambda n: (n.layer, n.label))
        return diagram

    def domain_neighbourhood_by_domain(self, domain: Domain) -> Diagram:
        diagram = Diagram("neighbourhood", f"Domains {domain.name} consumes from and produces for", "domains")
        me = f"d:{domain.name}"
        diagram.nodes.append(self.domain(me, 1, domain.name, focus=True))
        for (producer, consumer), names in sorted(self.report.flows.items()):
            if producer == consumer:
                continue
            if consumer == domain.name:
                diagram.nodes.append(self.domain(f"up:{producer}", 0, producer))
                diagram.edges.append(self.flow(f"up:{producer}", me, producer, consumer, len(names)))
            elif producer == domain.name:
                diagram.nodes.append(self.domain(f"down:{consumer}", 2, consumer))
                diagram.edges.append(self.flow(me, f"down:{consumer}", producer, consumer, len(names)))
        return diagram

    def system(self, events: list[EventType]) -> Diagram:
        diagram = Diagram(
            "system", "Every event type between its producer and its consumers", "events", compact=True
        )
        producers = sorted({e.producer for e in events if e.producer})
        consumers = sorted({c for e in events for c in e.consumers})
        diagram.nodes += [self.domain(f"p:{name}", 0, name) for name in producers]
        for event in sorted(events, key=lambda e: (e.producer or "", e.name)):
            diagram.nodes.append(self.event(f"e:{event.name}", 1, event, with_note=False))
            if event.producer:
                diagram.edges.append(self.produces(f"p:{event.producer}", f"e:{event.name}", event))
            for consumer in event.consumers:
                diagram.edges.append(self.consumes(f"e:{event.name}", f"c:{consumer}", event, consumer))
        diagram.nodes += [self.domain(f"c:{name}", 2, name) for name in consumers]
        return diagram

    def system_by_domain(self) -> Diagram:
        diagram = Diagram(
            "system", "Producer domains and the consumer domains their event types flow to", "domains"
        )
        producers = sorted({p for p, _ in self.report.flows})
        consumers = sorted({c for _, c in self.report.flows})
        diagram.nodes += [
            self.domain(f"p:{name}", 0, name, note=self.count_note(name, "produces")) for name in producers
        ]
        diagram.nodes += [
            self.domain(f"c:{name}", 1, name, note=self.count_note(name, "consumes")) for name in consumers
        ]
        for (producer, consumer), names in sorted(self.report.flows.items()):
            diagram.edges.append(self.flow(f"p:{producer}", f"c:{consumer}", producer, consumer, len(names)))
        return diagram

    def count_note(self, name: str, role: str) -> str:
        domain = self.catalog.domains[name]
        count = len(domain.produces if role == "produces" else domain.consumes)
        return f"{role} {count}"

    def domain(self, node_id: str, layer: int, name: str, note: str = "", focus: bool = False) -> Node:
        domain = self.catalog.domains[name]
        title = (
            f"Domain {name}: produces {len(domain.produces)} and consumes {len(domain.consumes)} event types"
        )
        modifiers: tuple[str, ...] = ("focus",) if focus else ()
        if not domain.declared:
            title += "; not declared in the registry"
            modifiers += ("undeclared",)
        return Node(
            node_id, layer, name, "domain", Link(urls.domain_page(domain)), title, note, modifiers=modifiers
        )

    def event(
        self, node_id: str, layer: int, event: EventType, focus: bool = False, with_note: bool = True
    ) -> Node:
        now = self.view.context.standing(event)
        note = now.short if event.versions else "no versions"
        consumers = ", ".join(event.consumers) or "nobody"
        title = (
            f"Event type {event.name}, use now: {now.summary}; produced by"
            f" {event.producer or 'no registered domain'}, consumed by {consumers}"
        )
        modifiers: tuple[str, ...] = ("focus",) if focus else ()
        modifiers += self._status(event)
        return Node(
            node_id,
            layer,
            event.name,
            "event",
            Link(urls.event_page(event)),
            title,
            note if with_note else "",
            mono=True,
            modifiers=modifiers,
        )

    def produces(self, source: str, target: str, event: EventType) -> Edge:
        producer = self.catalog.domains[event.producer]
        return Edge(
            source,
            target,
            Link(urls.domain_page(producer), "produces"),
            f"{producer.name} produces {event.name}{self._version_text(event)}",
            modifiers=self._status(event),
        )

    def consumes(self, source: str, target: str, event: EventType, consumer: str) -> Edge:
        domain = self.catalog.domains[consumer]
        return Edge(
            source,
            target,
            Link(urls.domain_page(domain), "consumes"),
            f"{consumer} consumes {event.name}{self._version_text(event)}",
            modifiers=self._status(event),
        )

    def flow(self, source: str, target: str, producer: str, consumer: str, count: int) -> Edge:
        noun = "event type" if count == 1 else "event types"
        return Edge(
            source,
            target,
            Link(GRAPH_PAGE, self.view.flow_anchor(producer, consumer)),
            f"{count} {noun} from {producer} to {consumer}",
            label=str(count),
        )

    def _version_text(self, event: EventType) -> str:
        return (
            f" (use now: {self.view.context.standing(event).short})" if event.versions else " (no versions)"
        )

    def _status(self, event: EventType) -> tuple[str, ...]:
        """Dashed when the version to use now is in its deprecation window (or none is left)."""
        state = self.view.context.standing(event).state
        return ("deprecated",) if event.versions and state in (State.DEPRECATED, None) else ()
