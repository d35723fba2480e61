"""Lifecycle timelines in the built site: event sections, /timeline/, domain and home sections, feeds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, REPO, BuiltSite, build_project, make_project
from contract_catalog.model.catalog import load_catalog
from contract_catalog.model.urls import SiteUrls
from contract_catalog.render.renderer import PageRenderer
from contract_catalog.views.base import BuildContext
from contract_catalog.views.timeline import TimelineView
from mkdocs.exceptions import Abort
from page_html import content

SHOP = FIXTURES / "timeline" / "contracts"
INCONSISTENT = FIXTURES / "timeline" / "inconsistent" / "contracts"
HOSTILE = FIXTURES / "timeline" / "hostile" / "contracts"
ATOM = "{http://www.w3.org/2005/Atom}"


def list_rows(page: BeautifulSoup, name: str) -> list[list[str]]:
    table = page.select_one(f'table[data-cc-list="{name}"]')
    if table is None:
        return []
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]


def build_once(tmp_path_factory, contracts: Path, options: dict | None = None) -> BuiltSite:
    return build_project(make_project(tmp_path_factory.mktemp("timeline"), contracts, options))


@pytest.fixture(scope="module")
def bundled_june(tmp_path_factory) -> BuiltSite:
    return build_once(tmp_path_factory, REPO / "contracts", {"build_date": "2026-06-01"})


@pytest.fixture(scope="module")
def shop_site(tmp_path_factory) -> BuiltSite:
    """The shop fixture built on 2026-05-20."""
    return build_once(tmp_path_factory, SHOP)


# -- the bundled corpus: the acceptance checks


def test_bundled_timeline_shows_intake_matched_v1_in_its_window_and_v2_planned(bundled_site):
    page = content(bundled_site.page("timeline/"))
    window = {row[0]: row for row in list_rows(page, "in-window")}
    assert window["intake.matched v1"][1:3] == ["2026-05-12", "2026-05-26"]
    planned = {row[0]: row for row in list_rows(page, "planned")}
    assert planned["intake.matched v2"][2] == "2026-05-26"


def test_bundled_event_page_says_where_intake_matched_stands_on_the_build_date(bundled_site):
    section = content(bundled_site.page("events/intake.matched/")).select_one(".cc-timeline")
    now = section.select_one(".cc-tl-now").get_text(" ", strip=True)
    assert "v1 in its deprecation window until 2026-05-26" in now
    assert "v2 planned from 2026-05-26" in now
    sentences = [li.get_text(strip=True) for li in section.select(".cc-tl-sentences li")]
    assert "v1 deprecated 2026-05-12, consumable until 2026-05-26; v2 emitted from 2026-05-26." in sentences
    assert section.select_one("svg .cc-tl-today") is not None


def test_bundled_timeline_on_june_first_shows_intake_matched_v1_past_sunset(bundled_june):
    page = content(bundled_june.page("timeline/"))
    overdue = {row[0]: row for row in list_rows(page, "overdue")}
    assert overdue["intake.matched v1"][1:3] == ["2026-05-26", "6 days"]
    assert "intake.matched v1" not in {row[0] for row in list_rows(page, "in-window")}
    now = (
        content(bundled_june.page("events/intake.matched/"))
        .select_one(".cc-tl-now")
        .get_text(" ", strip=True)
    )
    assert "v1 past sunset since 2026-05-26, still listed as deprecated" in now
    assert "v2 active" in now


# -- the shop fixture


def test_every_bar_links_to_its_event_version(shop_site):
    site = shop_site
    assert site.warnings == []
    page = content(site.page("timeline/"))
    links = page.select("details.cc-tl-group svg a")
    assert len(links) == 7  # one row per version
    for link in links:
        path, _, anchor = link["href"].partition("#")
        target = (site.site / "timeline" / path / "index.html").resolve()
        assert BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=anchor) is not None
        assert link.select("rect.cc-tl-bar") or link.select_one("title")


def test_timeline_groups_versions_by_producer_with_one_chart_each(shop_site):
    page = content(shop_site.page("timeline/"))
    groups = page.select("details.cc-tl-group")
    assert [g.select_one("summary strong").get_text() for g in groups] == ["billing", "shop", "warehouse"]
    assert all(len(g.select("svg")) == 1 for g in groups)
    assert "1 in deprecation window" in groups[1].select_one("summary").get_text()


def test_timeline_lists_sunsets_planned_activations_and_scheduled_deprecations(shop_site):
    page = content(shop_site.page("timeline/"))
    assert [row[:3] for row in list_rows(page, "sunsets-soon")] == [
        ["order.placed v1", "2026-05-24", "4 days"]
    ]
    assert [row[0] for row in list_rows(page, "planned")] == [
        "order.placed v2",
        "stock.counted v2",
        "invoice.sent v2",
    ]
    assert [row[:3] for row in list_rows(page, "scheduled-deprecations")] == [
        ["invoice.sent v1", "2026-07-01", "2026-07-15"]
    ]
    assert list_rows(page, "overdue") == []


def test_consumer_impact_links_each_consumer_that_must_migrate_to_its_domain_page(shop_site):
    site = shop_site
    page = content(site.page("timeline/"))
    rows = page.select('table[data-cc-list="consumer-impact"] tbody tr')
    first = rows[0]
    assert first.select_one("td").get_text(" ", strip=True) == "order.placed v1"
    assert {a.get_text(): a["href"] for a in first.select("a.cc-domain")} == {
        "billing": "../domains/billing/",
        "warehouse": "../domains/warehouse/",
    }


def test_domain_page_lists_the_deprecations_that_concern_it(shop_site):
    site = shop_site
    billing = content(site.page("domains/billing/"))
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in billing.select("h2#deprecations ~ table.cc-tl-domain tbody tr")
    ]
    assert [row[:4] for row in rows] == [
        ["order.placed v1", "consumer", "2026-05-10", "2026-05-24"],
        ["invoice.sent v1", "producer", "2026-07-01", "2026-07-15"],
    ]
    assert content(site.page("domains/warehouse/")).select_one("h2#deprecations") is not None


def test_domain_without_deprecations_has_no_deprecations_section(shop_site):
    site = shop_site
    assert content(site.page("domains/reporting/")).select_one("h2#deprecations") is None


def test_event_with_one_unchanging_version_still_shows_its_timeline(shop_site):
    section = content(shop_site.page("events/order.cancelled/")).select_one(".cc-timeline")
    assert (
        section.select_one(".cc-tl-now").get_text(" ", strip=True)
        == "On 2026-05-20, the build date: v1 active."
    )
    assert [b["class"] for b in section.select("svg rect.cc-tl-bar")] == [
        ["cc-tl-bar", "cc-tl-bar--active", "cc-tl-bar--open"]
    ]


def test_home_page_lists_what_is_changing_now_with_dates(shop_site):
    page = content(shop_site.page(""))
    items = [li.get_text(" ", strip=True) for li in page.select(".cc-tl-changing li")]
    assert items[0] == (
        "order.placed v1 : in its deprecation window until 2026-05-24 (4 days left); "
        "consumers: billing, warehouse"
    )
    assert "order.placed v2 : planned from 2026-05-24 (in 4 days)" in items


def test_deprecation_window_option_moves_the_sunset(build_site):
    site = build_site(SHOP, {"deprecation_window_days": 7})
    page = content(site.page("timeline/"))
    assert list_rows(page, "in-window") == []
    assert [row[:2] for row in list_rows(page, "overdue")] == [["order.placed v1", "2026-05-17"]]


# -- feeds


def test_deprecations_json_lists_each_deprecation_with_its_sunset_and_successor(shop_site):
    site = shop_site
    data = json.loads((site.site / "deprecations.json").read_text(encoding="utf-8"))
    assert data["build_date"] == "2026-05-20" and data["deprecation_window_days"] == 14
    first = data["deprecations"][0]
    assert {
        k: first[k] for k in ("event", "version", "state", "deprecated_at", "sunset", "days_left", "overdue")
    } == {
        "event": "order.placed",
        "version": 1,
        "state": "deprecated",
        "deprecated_at": "2026-05-10",
        "sunset": "2026-05-24",
        "days_left": 4,
        "overdue": False,
    }
    assert first["consumers"] == ["billing", "warehouse"]
    assert first["url"] == "events/order.placed/#v1"
    assert first["successor"]["label"] == "v2" and first["successor"]["active_from"] == "2026-05-24"
    assert next((p["event"], p["active_from"]) for p in data["planned_activations"]) == (
        "order.placed",
        "2026-05-24",
    )


def test_atom_feed_has_lifecycle_transitions_up_to_the_build_date_only(shop_site):
    site = shop_site
    feed = ET.parse(site.site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert "order.placed v1 deprecated" in titles and "order.placed v2 registered" in titles
    assert "order.placed v2 activated" not in titles  # 2026-05-24 is after the build date
    days = [e.findtext(f"{ATOM}updated")[:10] for e in entries]
    assert days == sorted(days, reverse=True) and max(days) <= "2026-05-20"
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        href = entry.find(f"{ATOM}link").get("href")
        assert (site.site / href.partition("#")[0] / "index.html").is_file()
    kinds = {e.find(f"{ATOM}category").get("term") for e in entries}
    assert kinds == {"registered", "deprecated"}


def test_atom_feed_includes_sunsets_and_activations_once_they_happened(build_site):
    site = build_site(SHOP, {"build_date": "2026-06-01"})
    feed = ET.parse(site.site / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles[:2] == ["order.placed v1 sunset", "order.placed v2 activated"]


def test_atom_feed_ids_are_stable_between_builds(build_site, shop_site):
    first = shop_site.site / "feed.xml"
    second = build_site(SHOP).site / "feed.xml"
    assert first.read_bytes() == second.read_bytes()


# -- findings, escaping, scale


def test_lifecycle_findings_are_build_warnings_with_file_and_pointer(build_site):
    site = build_site(INCONSISTENT)
    expected = [
        "contracts/event-types-registry.json#/early.start/schema_versions/0/active_from: ",
        "contracts/event-types-registry.json#/early.end/schema_versions/0/deprecated_at: ",
        "contracts/event-types-registry.json#/twin.active/schema_versions/1/status: ",
        "contracts/event-types-registry.json#/twin.cutover/schema_versions/1/active_from: ",
        "contracts/event-types-registry.json#/stale.active/schema_versions/0/status: ",
    ]
    for prefix in expected:
        assert sum(1 for w in site.warnings if prefix in w) == 1, prefix
    undated = "#/undated.deprecation/schema_versions/0/status: "
    assert sum(1 for w in site.warnings if undated in w) == 1  # the model's warning, not repeated
    section = content(site.page("events/twin.active/")).select_one(".cc-timeline .cc-problems")
    assert "neither has an active_from" in section.get_text()


def test_strict_build_fails_on_a_lifecycle_finding(build_site):
    with pytest.raises(Abort):
        build_site(INCONSISTENT, strict=True)


def test_hostile_names_stay_text_in_html_svg_json_and_atom(build_site):
    site = build_site(HOSTILE)
    slug = load_catalog(HOSTILE).events["evil.<script>alert(1)</script>"].slug
    for path in ("timeline/", "", f"events/{slug}/", "domains/north/"):
        page = content(site.page(path))
        assert page.find("script") is None and page.find("img") is None and page.find("b") is None
    timeline = content(site.page("timeline/"))
    labels = [t.get_text() for t in timeline.select("svg text.cc-tl-label")]
    assert "evil.<script>alert(1)</script> v1" in labels
    data = json.loads((site.site / "deprecations.json").read_text(encoding="utf-8"))
    assert data["deprecations"][0]["event"] == "evil.<script>alert(1)</script>"
    assert data["deprecations"][0]["producer"] == "<img src=x onerror=alert(2)>"
    feed = ET.parse(site.site / "feed.xml").getroot()  # parses: nothing broke out, no control character left
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert "evil.<script>alert(1)</script> v1 deprecated" in titles
    assert "evil.]]><!-- v1 registered" in titles


def synthetic_registry(count: int) -> dict:
    registry: dict = {"registry_version": "9.9.9"}
    for n in range(count):
        versions = [{"version": 1, "payload_schema": None, "status": "active", "registered_at": "2025-01-01"}]
        if n % 5 == 0:
            versions[0].update(status="deprecated", deprecated_at=f"2026-05-{1 + n % 28:02d}")
            versions.append(
                {
                    "version": 2,
                    "payload_schema": None,
                    "status": "active",
                    "registered_at": "2026-04-01",
                    "active_from": f"2026-06-{1 + n % 28:02d}",
                }
            )
        registry[f"domain{n % 20}.thing{n}.happened"] = {
            "producer": f"domain{n % 20}",
            "consumers": [f"domain{(n + 1) % 20}"],
            "owning_contract": None,
            "schema_versions": versions,
        }
    return registry


def test_timeline_page_for_two_thousand_events_stays_readable_in_collapsed_groups(tmp_path: Path):
    # Its build time is measured by `make bench`, never asserted here.
    contracts = tmp_path / "contracts"
    contracts.mkdir()
    (contracts / "event-types-registry.json").write_text(
        json.dumps(synthetic_registry(2000)), encoding="utf-8"
    )
    catalog = load_catalog(contracts)
    site_urls = SiteUrls()
    context = BuildContext(
        catalog=catalog, renderer=PageRenderer(site_urls), urls=site_urls, build_date=date(2026, 5, 20)
    )
    view = TimelineView(context)
    page = view.pages()[0].render()
    files = dict(view.static_files())
    html = "".join(page.fragments.values())
    soup = BeautifulSoup(html, "html.parser")
    groups = soup.select("details.cc-tl-group")
    assert len(groups) == 20 and not any(g.has_attr("open") for g in groups)
    assert all(len(g.select("svg")) == 1 for g in groups)
    assert len(soup.select("svg a")) == 2400
    assert len(json.loads(files["deprecations.json"])["deprecations"]) == 400
