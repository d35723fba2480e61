"""Producer/consumer graphs: the networkx model, the coupling report, and the SVG pictures on the site."""

from __future__ import annotations

import colorsys
import itertools
import json
import random
import re
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, build_project, make_project
from contract_catalog.drawing import graph_svg
from contract_catalog.model.catalog import load_catalog
from contract_catalog.model.system_graph import build_graph, coupling_report, to_json
from contract_catalog.model.urls import SiteUrls
from contract_catalog.render.renderer import PageRenderer
from contract_catalog.views.base import BuildContext
from contract_catalog.views.graph import DiagramBuilder, GraphView
from page_html import content, soup

GRAPH = FIXTURES / "graph" / "contracts"
GRAPH_CSS = Path(graph_svg.__file__).parent.parent / "assets" / "graph.css"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


# ---- helpers --------------------------------------------------------------------------------------------


def graphs(html: str) -> BeautifulSoup:
    """Only the graph sections of a page (each runs up to the next heading or graph),
    so big pages parse fast."""
    parts = []
    for match in re.finditer(r'<div class="cc-graph ', html):
        end = re.compile(r'<h[1-6][\s>]|</article>|<div class="cc-graph ').search(html, match.end())
        parts.append(html[match.start() : end.start()])
    return soup("".join(parts))


def graph_svgs(html: str) -> list:
    return graphs(html).select("svg.cc-graph__svg")


def node_labels(svg) -> list[str]:
    return [a.select_one("text.cc-graph__label").get_text() for a in svg.select("a.cc-graph__node")]


def registry_flows(registry: Path) -> Counter:
    """(producer, consumer) -> number of event types, read straight from the registry JSON."""
    counts: Counter = Counter()
    for entry in json.loads(registry.read_text(encoding="utf-8")).values():
        if isinstance(entry, dict) and "producer" in entry and isinstance(entry.get("consumers"), list):
            for consumer in dict.fromkeys(c for c in entry["consumers"] if isinstance(c, str)):
                counts[(entry["producer"], consumer)] += 1
    return counts


def matrix_from_html(html: str) -> Counter:
    table = content(html).select_one(".cc-coupling-matrix table")
    consumers = [th.get_text(strip=True) for th in table.select("thead th")[1:]]
    counts: Counter = Counter()
    for row in table.select("tbody tr"):
        producer = row.select_one("th").get_text(strip=True)
        for consumer, cell in zip(consumers, row.select("td"), strict=True):
            text = cell.get_text(strip=True)
            if text.isdigit():
                counts[(producer, consumer)] = int(text)
    return counts


class LinkChecker:
    """Resolves relative links of a built site to files, and anchors to element ids, like a browser would."""

    def __init__(self, site: Path):
        self.site = site
        self.ids: dict[Path, set[str]] = {}

    def check(self, page_url: str, href: str) -> None:
        assert "://" not in href and not href.startswith("//"), href
        target = urljoin("/" + page_url, href)
        path, _, anchor = target.partition("#")
        file = self.site / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        assert file.is_file(), f"{href} on {page_url} leads to no built file ({file})"
        if anchor:
            if file not in self.ids:
                self.ids[file] = set(re.findall(r'\sid="([^"]+)"', file.read_text(encoding="utf-8")))
            assert anchor in self.ids[file], f"{href} on {page_url}: no element with id {anchor}"

    def check_graphs(self, page_url: str, html: str) -> int:
        """Every link of every graph section on a page; returns how many links were checked."""
        links = [a["href"] for graph in graphs(html).select(".cc-graph") for a in graph.select("a[href]")]
        for href in links:
            self.check(page_url, href)
        return len(links)


@pytest.fixture(scope="module")
def graph_site(tmp_path_factory):
    return build_project(make_project(tmp_path_factory.mktemp("graph"), GRAPH))


@pytest.fixture(scope="module")
def fixture_catalog():
    return load_catalog(GRAPH)


def graph_view(catalog, threshold: int = 150) -> GraphView:
    site_urls = SiteUrls()
    context = BuildContext(
        catalog, PageRenderer(site_urls), site_urls, date(2026, 5, 20), domain_graph_threshold=threshold
    )
    return GraphView(context)


# ---- the model and the coupling report -----------------------------------------------------------------


def test_graph_has_domain_and_event_nodes_and_versioned_producer_consumer_edges(fixture_catalog):
    graph = build_graph(fixture_catalog)
    kinds = Counter(data["kind"] for _, data in graph.nodes(data=True))
    assert kinds == {"domain": 5, "event": 5}  # alpha, beta, gamma, delta and the undeclared omega
    produced = graph.edges["domain:alpha", "event:alpha.order.placed"]
    assert produced["kind"] == "produces" and produced["version"] == 2 and produced["status"] == "active"
    assert produced["versions"] == [
        {"version": 1, "status": "deprecated"},
        {"version": 2, "status": "active"},
    ]
    consumed = graph.edges["event:alpha.order.placed", "domain:gamma"]
    assert consumed["kind"] == "consumes" and consumed["version"] == 2
    assert graph.has_edge("event:gamma.report.ready", "domain:gamma")  # consumed by its own producer


def test_coupling_report_lists_every_kind_of_finding(fixture_catalog):
    report = coupling_report(fixture_catalog)
    assert report.no_consumers == ["beta.audit.logged"]
    assert report.self_consumed == ["gamma.report.ready"]
    assert report.undeclared_consumers == {"omega": ["alpha.ping.sent"]}
    assert report.no_contract == [("gamma.report.ready", None)]
    missing = [(m.event, m.label, m.path) for m in report.missing_schemas]
    assert missing == [
        ("beta.order.shipped", "v1", "contracts/shop/schema/payloads/beta.order.shipped-v1.json"),
        ("gamma.report.ready", "v1", None),
    ]
    assert report.cycle_groups == [["alpha", "beta", "gamma"]]
    assert report.cycles == [["alpha", "beta"], ["alpha", "gamma"]]
    assert report.cycle_count == 2


def test_fan_in_and_fan_out_count_other_domains(fixture_catalog):
    fan = {row.name: row for row in coupling_report(fixture_catalog).coupling}
    assert (fan["alpha"].produces, fan["alpha"].consumes) == (2, 2)
    assert fan["alpha"].fan_out == ["beta", "gamma", "omega"]
    assert fan["alpha"].fan_in == ["beta", "gamma"]
    assert fan["gamma"].fan_out == ["alpha"]  # gamma reading its own report is not coupling to another domain
    assert (fan["delta"].produces, fan["delta"].consumes, fan["delta"].fan_out) == (0, 0, [])


def test_coupling_matrix_matches_the_registry(fixture_catalog):
    report = coupling_report(fixture_catalog)
    expected = registry_flows(GRAPH / "event-types-registry.json")
    assert {pair: report.count(*pair) for pair in expected} == dict(expected)
    assert sum(report.count(p, c) for p in report.domains for c in report.domains) == sum(expected.values())


def test_cycles_are_listed_shortest_first_from_their_first_domain(tmp_path):
    registry = {"domains": {name: {} for name in "abcd"}}
    for producer, consumer in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "c")]:
        registry[f"{producer}.to.{consumer}"] = {
            "producer": producer,
            "consumers": [consumer],
            "owning_contract": None,
            "schema_versions": [],
        }
    (tmp_path / "event-types-registry.json").write_text(json.dumps(registry))
    report = coupling_report(load_catalog(tmp_path))
    assert report.cycles == [["c", "d"], ["a", "b", "c"]]
    assert report.cycle_groups == [["a", "b", "c", "d"]]


def test_graph_json_carries_nodes_edges_matrix_and_findings(fixture_catalog):
    data = to_json(fixture_catalog, SiteUrls())
    urls = {node["id"]: node["url"] for node in data["nodes"]}
    assert urls["event:beta.order.shipped"] == "events/beta.order.shipped/"
    assert urls["domain:omega"] == "domains/omega/"
    assert len(data["edges"]) == 5 + 6
    assert {(e["producer"], e["consumer"]): e["count"] for e in data["domain_edges"]} == dict(
        registry_flows(GRAPH / "event-types-registry.json")
    )
    domains = data["coupling"]["domains"]
    assert data["coupling"]["matrix"][domains.index("alpha")][domains.index("beta")] == 1
    assert data["findings"]["no_consumers"] == ["beta.audit.logged"]
    json.dumps(data)  # plain data only


# ---- the layout ----------------------------------------------------------------------------------------


def test_layout_reads_left_to_right_without_overlapping_boxes_or_labels():
    catalog = load_catalog(Path(__file__).resolve().parent.parent / "contracts")
    view = graph_view(catalog)
    drawing = graph_svg.layout(DiagramBuilder(view).system(list(catalog.events.values())))
    columns: dict[int, list] = {}
    for placed in drawing.nodes:
        columns.setdefault(placed.node.layer, []).append(placed)
    lefts = [min(p.x for p in columns[layer]) for layer in sorted(columns)]
    rights = [max(p.x + p.width for p in columns[layer]) for layer in sorted(columns)]
    assert all(right < next_left for right, next_left in zip(rights, lefts[1:], strict=False))
    assert [p.node.kind for p in columns[0]] == ["domain"] * len(columns[0])
    assert [p.node.kind for p in columns[1]] == ["event"] * len(columns[1])
    for column in columns.values():
        boxes = sorted(column, key=lambda p: p.y)
        assert all(a.y + a.height < b.y for a, b in itertools.pairwise(boxes))
        for p in column:
            font = graph_svg.FONT_SIZE["mono" if p.node.mono else "label"]
            assert graph_svg.text_width(p.text, font, p.node.mono) < p.width
    assert drawing.width > 0 and all(p.y + p.height <= drawing.height for p in drawing.nodes)


def test_barycentric_ordering_removes_avoidable_crossings():
    nodes = [
        graph_svg.Node(f"{side}{i}", layer, f"{side}{i}", "domain", graph_svg.Link("x.md"), "")
        for layer, side in enumerate("lr")
        for i in range(4)
    ]
    edges = [graph_svg.Edge(f"l{i}", f"r{3 - i}", graph_svg.Link("x.md"), "") for i in range(4)]
    drawing = graph_svg.layout(graph_svg.Diagram("test", "test", "domains", nodes=nodes, edges=edges))
    by_id = {p.node.id: p for p in drawing.nodes}
    ends = sorted((by_id[e.source].cy, by_id[e.target].cy) for e in edges)
    assert [target for _, target in ends] == sorted(target for _, target in ends)  # no two edges cross


def test_layout_is_deterministic(fixture_catalog):
    view = graph_view(fixture_catalog)
    first = graph_svg.layout(DiagramBuilder(view).system(list(fixture_catalog.events.values())))
    second = graph_svg.layout(DiagramBuilder(view).system(list(fixture_catalog.events.values())))
    assert [(p.node.id, p.x, p.y) for p in first.nodes] == [(p.node.id, p.x, p.y) for p in second.nodes]
    assert [e.path for e in first.edges] == [e.path for e in second.edges]


# ---- the built site ------------------------------------------------------------------------------------


def test_graph_page_draws_every_event_between_its_producer_and_consumers(graph_site):
    html = graph_site.page("graph/")
    (svg,) = graph_svgs(html)
    labels = node_labels(svg)
    # producers alpha beta gamma, five events, consumers alpha beta gamma omega
    assert len(labels) == 3 + 5 + 4
    assert sorted(label for label in labels if "." in label) == sorted(
        json.loads((GRAPH / "event-types-registry.json").read_text()).keys() - {"registry_version", "domains"}
    )
    assert len(svg.select("a.cc-graph__edge")) == 5 + 6
    rows = content(html).select(".cc-graph--system .cc-graph-table--events tbody tr")
    assert len(rows) == 5


def test_every_node_and_edge_is_a_link_with_a_title(graph_site):
    for url in ["graph/", "events/alpha.order.placed/", "domains/alpha/"]:
        for svg in graph_svgs(graph_site.page(url)):
            for link in svg.select("a.cc-graph__node, a.cc-graph__edge"):
                assert link.get("href")
                assert link.select_one("title").get_text().strip()
            assert len(svg.select("a")) == len(svg.select("a.cc-graph__node, a.cc-graph__edge"))


def test_graph_links_lead_to_built_pages_and_anchors(graph_site):
    checker = LinkChecker(graph_site.site)
    checked = checker.check_graphs("graph/", graph_site.page("graph/"))
    for name in [
        "alpha.order.placed",
        "alpha.ping.sent",
        "beta.order.shipped",
        "beta.audit.logged",
        "gamma.report.ready",
    ]:
        checked += checker.check_graphs(f"events/{name}/", graph_site.page(f"events/{name}/"))
    for name in ["alpha", "beta", "gamma", "delta", "omega"]:
        checked += checker.check_graphs(f"domains/{name}/", graph_site.page(f"domains/{name}/"))
    findings = content(graph_site.page("graph/")).select(
        ".cc-findings a[href], .cc-cycles a[href], .cc-coupling-matrix a[href]"
    )
    for link in findings:
        checker.check("graph/", link["href"])
    assert checked > 50 and findings


def test_graphs_use_no_external_urls(graph_site):
    for url in ["graph/", "events/alpha.order.placed/", "domains/gamma/"]:
        for svg in graph_svgs(graph_site.page(url)):
            for element in [svg, *svg.find_all(True)]:
                for name, value in element.attrs.items():
                    text = " ".join(value) if isinstance(value, list) else value
                    if name == "xmlns":
                        assert text == SVG_NAMESPACE
                    else:
                        assert "://" not in text and not text.startswith("//"), (name, text)
                        assert not name.startswith("xlink"), name
    css = GRAPH_CSS.read_text(encoding="utf-8")
    assert "url(" not in css and "://" not in css
    data = json.loads((graph_site.site / "graph.json").read_text(encoding="utf-8"))
    assert "://" not in json.dumps(data)


def test_event_flow_has_its_producer_the_event_and_each_consumer(graph_site, fixture_catalog):
    for event in fixture_catalog.events.values():
        html = graph_site.page(f"events/{event.name}/")
        (svg,) = graph_svgs(html)
        assert sorted(node_labels(svg)) == sorted([event.producer, event.name, *event.consumers])
        assert content(html).select_one("h2#flow")
        table = content(html).select_one(".cc-graph--flow .cc-graph-table--events")
        assert event.name in table.get_text()


def test_domain_neighbourhood_shows_upstream_and_downstream(graph_site):
    # Two pictures of three columns, which fit the content column: what alpha consumes, what it produces.
    inflow, outflow = graph_svgs(graph_site.page("domains/alpha/"))
    # consumes beta.order.shipped from beta and gamma.report.ready from gamma
    assert Counter(node_labels(inflow)) == Counter(
        {"beta": 1, "gamma": 1, "beta.order.shipped": 1, "gamma.report.ready": 1, "alpha": 1}
    )
    # produces two events for beta, gamma and omega
    assert Counter(node_labels(outflow)) == Counter(
        {"alpha": 1, "alpha.order.placed": 1, "alpha.ping.sent": 1, "beta": 1, "gamma": 1, "omega": 1}
    )
    assert (
        "No registered event type"
        in content(graph_site.page("domains/delta/")).select_one("h2#neighbourhood").find_next("p").get_text()
    )


def test_undeclared_domain_and_deprecated_event_are_marked(graph_site):
    (svg,) = graph_svgs(graph_site.page("graph/"))
    undeclared = [node_labels_of(a) for a in svg.select("a.cc-graph__node--undeclared")]
    assert undeclared == ["omega"]
    assert not svg.select("a.cc-graph__node--deprecated")  # alpha.order.placed v2 is active


def node_labels_of(link) -> str:
    return link.select_one("text.cc-graph__label").get_text()


def test_coupling_matrix_on_the_page_matches_the_registry(graph_site):
    assert matrix_from_html(graph_site.page("graph/")) == registry_flows(GRAPH / "event-types-registry.json")


def test_findings_on_the_graph_page_link_to_the_events(graph_site):
    page = content(graph_site.page("graph/"))

    def listed(anchor: str) -> str:
        found = page.select_one(f"h4#{anchor}").find_next("ul")
        for breaking in found.select("wbr"):  # a reader sees intake.matched whole, not split at its <wbr>s
            breaking.decompose()
        found.smooth()
        return found.get_text(" ", strip=True)

    assert "beta.audit.logged" in listed("no-consumers")
    assert "gamma.report.ready" in listed("self-consumed")
    assert "omega" in listed("undeclared-consumers") and "alpha.ping.sent" in listed("undeclared-consumers")
    assert "gamma.report.ready" in listed("no-owning-contract")
    assert "beta.order.shipped v1" in listed("missing-schemas")
    cycles = [li.get_text(" ", strip=True) for li in page.select("ol.cc-cycles li")]
    assert cycles == ["alpha → beta → alpha", "alpha → gamma → alpha"]


def test_graph_json_is_published_at_the_site_root(graph_site):
    data = json.loads((graph_site.site / "graph.json").read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"] if n["kind"] == "event"} == {
        "event:alpha.order.placed",
        "event:alpha.ping.sent",
        "event:beta.order.shipped",
        "event:beta.audit.logged",
        "event:gamma.report.ready",
    }
    for node in data["nodes"]:
        assert (graph_site.site / node["url"] / "index.html").is_file()


def test_above_the_threshold_the_graph_page_draws_domains_with_counts(build_site):
    site = build_site(GRAPH, plugin_options={"domain_graph_threshold": 3})
    html = site.page("graph/")
    (svg,) = graph_svgs(html)
    assert "cc-graph--by-domains" in content(html).select_one(".cc-graph")["class"]
    assert len(svg.select("a.cc-graph__node")) == 3 + 4
    counts = {}
    for edge in svg.select("a.cc-graph__edge"):
        row = content(html).select_one(edge["href"].removeprefix("./"))
        producer, consumer = [td.get_text(strip=True) for td in row.select("td")[:2]]
        counts[(producer, consumer)] = int(edge.select_one("text").get_text())
        assert int(row.select("td")[2].get_text()) == counts[(producer, consumer)]
    assert counts == registry_flows(GRAPH / "event-types-registry.json")
    LinkChecker(site.site).check_graphs("graph/", html)


# ---- legibility: text contrast in Material's light and dark palettes -----------------------------------


@cache
def material_variables(stylesheets: Path, scheme: str) -> dict[str, str]:
    """Material's custom properties as the page body sees them with primary indigo in one scheme."""
    css = "".join(p.read_text(encoding="utf-8") for p in sorted(stylesheets.glob("*.css")))
    layers = [{":root", "[data-md-color-scheme=default]"}, {"[data-md-color-primary=indigo]"}]
    if scheme == "slate":
        layers += [
            {"[data-md-color-scheme=slate]"},
            {"[data-md-color-scheme=slate][data-md-color-primary=indigo]"},
        ]
    variables: dict[str, str] = {}
    for wanted in layers:
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            if wanted & {s.strip() for s in selectors.split(",")}:
                variables.update(re.findall(r"(--md-[\w-]+):([^;]+)", body))
    return variables


def resolve(value: str, variables: dict[str, str]) -> str:
    pattern = re.compile(r"var\((--[\w-]+)(?:,\s*([^()]*))?\)")
    while match := pattern.search(value):
        value = (
            value[: match.start()]
            + variables.get(match.group(1), match.group(2) or "")
            + value[match.end() :]
        )
    return value.strip()


def rgba(color: str) -> tuple[float, float, float, float]:
    if color.startswith("#"):
        digits = color[1:]
        if len(digits) in (3, 4):
            digits = "".join(d * 2 for d in digits)
        parts = [int(digits[i : i + 2], 16) / 255 for i in range(0, len(digits), 2)]
        return (*parts[:3], parts[3] if len(parts) == 4 else 1.0)
    match = re.fullmatch(
        r"hsla?\(\s*([\d.]+)(?:deg)?\s*,\s*([\d.]+)%\s*,\s*([\d.]+)%\s*(?:,\s*([\d.]+))?\)", color
    )
    assert match, f"unexpected colour {color}"
    hue, saturation, lightness, alpha = match.groups()
    red, green, blue = colorsys.hls_to_rgb(float(hue) / 360, float(lightness) / 100, float(saturation) / 100)
    return red, green, blue, float(alpha) if alpha else 1.0


def over(top: tuple, bottom: tuple) -> tuple:
    alpha = top[3]
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True)), 1.0)


def contrast(first: tuple, second: tuple) -> float:
    def luminance(color: tuple) -> float:
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in color[:3]]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def css_fill(css: str, class_name: str) -> str:
    match = re.search(r"\." + re.escape(class_name) + r"\s*\{[^}]*?fill:\s*([^;]+);", css)
    assert match, f"graph.css gives .{class_name} no fill"
    return match.group(1)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_svg_text_contrasts_with_its_box_in_light_and_dark_palettes(graph_site, build_site, scheme):
    css = GRAPH_CSS.read_text(encoding="utf-8")
    variables = material_variables(graph_site.site / "assets" / "stylesheets", scheme)
    page_background = rgba(resolve("var(--md-default-bg-color)", variables))
    domain_level = build_site(GRAPH, plugin_options={"domain_graph_threshold": 3}).page("graph/")
    kinds = set()
    for html in [graph_site.page("graph/"), graph_site.page("events/alpha.order.placed/"), domain_level]:
        for svg in graph_svgs(html):
            for text in svg.select("text"):
                (ink,) = [c for c in text["class"] if c.startswith("cc-graph__ink--")]
                kind = ink.removeprefix("cc-graph__ink--")
                box = text.find_previous_sibling("rect")
                assert f"cc-graph__fill--{kind}" in box["class"], "text must sit on the box of its own kind"
                kinds.add(kind)
    assert kinds == {"domain", "event", "count"}
    for kind in kinds:
        box = over(rgba(resolve(css_fill(css, f"cc-graph__fill--{kind}"), variables)), page_background)
        ink = over(rgba(resolve(css_fill(css, f"cc-graph__ink--{kind}"), variables)), box)
        assert contrast(ink, box) >= 4.5, (scheme, kind, contrast(ink, box))


# ---- the bundled corpus --------------------------------------------------------------------------------


def test_bundled_coupling_matrix_matches_the_registry(bundled_site):
    registry = bundled_site.root / "contracts" / "event-types-registry.json"
    assert matrix_from_html(bundled_site.page("graph/")) == registry_flows(registry)
    data = json.loads((bundled_site.site / "graph.json").read_text(encoding="utf-8"))
    domains = data["coupling"]["domains"]
    from_json = Counter(
        {
            (p, c): data["coupling"]["matrix"][i][j]
            for i, p in enumerate(domains)
            for j, c in enumerate(domains)
            if data["coupling"]["matrix"][i][j]
        }
    )
    assert from_json == registry_flows(registry)


def test_bundled_graph_event_and_domain_pages_show_linked_graphs_with_tables(bundled_site):
    catalog = load_catalog(bundled_site.root / "contracts")
    checker = LinkChecker(bundled_site.site)
    pages = ["graph/"] + [f"events/{e.slug}/" for e in catalog.events.values()]
    pages += [f"domains/{d.slug}/" for d in catalog.domains.values()]
    two_way = {
        f"domains/{d.slug}/"
        for d in catalog.domains.values()
        if d.produces and any(e.producer != d.name for e in d.consumes)
    }
    assert two_way
    for url in pages:
        html = bundled_site.page(url)
        found = graphs(html).select(".cc-graph")
        # a domain that consumes from others and produces has two pictures, each with its table
        assert len(found) == (2 if url in two_way else 1), url
        for graph in found:
            assert graph.select_one("svg.cc-graph__svg") and graph.select_one(".cc-graph__facts table"), url
        checker.check_graphs(url, html)
    (svg,) = graph_svgs(bundled_site.page("graph/"))
    events = [label for label in node_labels(svg) if label in catalog.events]
    assert sorted(events) == sorted(catalog.events)


# ---- scale ---------------------------------------------------------------------------------------------


def synthetic_registry(folder: Path, events: int = 2000, domains: int = 12, seed: int = 7) -> Path:
    """A registry of many event types spread over a dozen domains, each with one to four consumers."""
    rng = random.Random(seed)
    names = [f"domain-{i:02d}" for i in range(domains)]
    registry: dict = {"registry_version": "1.0.0", "domains": {name: {"owner_team": name} for name in names}}
    for index in range(events):
        producer = rng.choice(names)
        consumers = rng.sample([n for n in names if n != producer], rng.randint(1, 4))
        registry[f"{producer}.entity{index}.changed"] = {
            "producer": producer,
            "consumers": consumers,
            "owning_contract": None,
            "schema_versions": [
                {"version": 1, "payload_schema": None, "status": "active", "registered_at": "2026-01-01"}
            ],
        }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "event-types-registry.json").write_text(json.dumps(registry), encoding="utf-8")
    return folder


def test_two_thousand_events_draw_a_domain_level_system_and_small_event_graphs(tmp_path):
    catalog = load_catalog(synthetic_registry(tmp_path / "contracts"))
    view = graph_view(catalog)
    page = view.pages()[0].render()
    figure = soup(next(iter(page.fragments.values())))  # the page's first part: the picture and its table
    (svg,) = figure.select("svg.cc-graph__svg")
    assert "cc-graph--by-domains" in figure.select_one(".cc-graph")["class"]
    assert len(svg.select("a.cc-graph__node")) <= 2 * 12
    assert sum(int(t.get_text()) for t in svg.select("text.cc-graph__count")) == sum(
        len(e.consumers) for e in catalog.events.values()
    )
    for event in list(catalog.events.values())[::250]:
        (section,) = view.event_sections(event, f"events/{event.slug}.md")
        nodes = soup(section.html).select("a.cc-graph__node")
        assert len(nodes) <= 1 + 1 + len(event.consumers)
    domain = catalog.domains["domain-03"]
    (section,) = view.domain_sections(domain, f"domains/{domain.slug}.md")
    assert "cc-graph--by-domains" in soup(section.html).select_one(".cc-graph")["class"]
    assert len(soup(section.html).select("a.cc-graph__node")) <= 1 + 2 * 11


def test_hostile_names_are_escaped_in_pictures_and_tables(tmp_path):
    hostile = '<script>alert(1)</script>"'
    registry = {
        "domains": {"a": {}},
        f"x.{hostile}": {
            "producer": "a",
            "consumers": [f"b{hostile}"],
            "owning_contract": None,
            "schema_versions": [],
        },
    }
    (tmp_path / "event-types-registry.json").write_text(json.dumps(registry))
    catalog = load_catalog(tmp_path)
    view = graph_view(catalog)
    event = next(iter(catalog.events.values()))
    html = str(view.event_sections(event, f"events/{event.slug}.md")[0].html)
    html += "".join(view.pages()[0].render().fragments.values())
    html += str(view.domain_sections(catalog.domains["a"], "domains/a.md")[0].html)
    assert "<script" not in html
    assert "&lt;script&gt;" in html
