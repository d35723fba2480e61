"""The catalog spine, built for real: what a reader sees on event, contract, domain and index pages."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES
from mkdocs.exceptions import Abort
from page_html import content, soup

MINI = FIXTURES / "mini" / "contracts"


def test_event_page_shows_producer_consumers_versions_and_notes(build_site):
    site = build_site(MINI)
    page = content(site.page("events/widget.created/"))
    facts = page.select_one(".cc-facts").get_text(" ", strip=True)
    assert "Producer north" in facts
    assert "Consumers south , west" in facts
    assert "Alpha widgets" in facts  # the owning contract, by its title
    versions = [row.select("td")[0].get_text() for row in page.select("table.cc-versions tbody tr")]
    assert versions == ["v2", "v1"]
    assert page.select_one("h2#v2") and page.select_one("h2#v1")
    notes = page.select_one("h2#v2").find_next(class_="cc-notes")
    assert notes.select_one("strong").get_text() == "size"


def test_event_without_owning_contract_says_so(build_site):
    site = build_site(MINI)
    facts = content(site.page("events/widget.removed/")).select_one(".cc-facts").get_text(" ", strip=True)
    assert "no owning contract registered" in facts


def test_producer_and_consumer_links_lead_to_domain_pages(build_site):
    site = build_site(MINI)
    page = content(site.page("events/widget.created/"))
    hrefs = {a.get_text(): a["href"] for a in page.select(".cc-facts a.cc-domain")}
    assert hrefs == {
        "north": "../../domains/north/",
        "south": "../../domains/south/",
        "west": "../../domains/west/",
    }
    for href in hrefs.values():
        assert (site.site / "events" / "widget.created" / href / "index.html").resolve().is_file()


def test_contract_page_renders_readme_with_working_links(build_site):
    site = build_site(MINI)
    page = content(site.page("contracts/alpha/"))
    assert page.select_one("h1").get_text(strip=True).startswith("Alpha widgets")
    links = {a.get_text(): a["href"] for a in page.select("a")}
    assert links["glossary"] == "glossary/"
    assert links["v2 payload schema"] == "schema/payloads/widget.created-v2.json"
    assert (site.site / "contracts/alpha/glossary/index.html").is_file()
    owned = [a.get_text() for a in page.select(".cc-contract-summary a code")]
    assert "widget.created" in owned


def test_schema_files_are_published_verbatim(build_site):
    site = build_site(MINI)
    original = (MINI / "alpha/schema/payloads/widget.created-v2.json").read_bytes()
    assert (site.site / "contracts/alpha/schema/payloads/widget.created-v2.json").read_bytes() == original
    registry = (site.site / "contracts/event-types-registry.json").read_bytes()
    assert registry == (MINI / "event-types-registry.json").read_bytes()


def test_sub_documents_and_validation_documents_have_pages_under_their_contract(build_site):
    site = build_site(MINI)
    glossary = content(site.page("contracts/alpha/glossary/"))
    assert "Part of the" in glossary.select_one(".cc-banner").get_text()
    assert (site.site / "contracts/alpha/validation/checks/index.html").is_file()


def test_domain_pages_list_what_they_produce_and_consume(build_site):
    site = build_site(MINI)
    north = content(site.page("domains/north/"))
    produces = [c.get_text() for c in north.select("h2#produces + table code")]
    consumes = [c.get_text() for c in north.select("h2#consumes + table code")]
    assert produces == ["widget.created"]
    assert consumes == ["widget.removed"]


def test_events_index_lists_every_event_with_its_producer(build_site):
    site = build_site(MINI)
    rows = content(site.page("events/")).select("table.cc-events-index tbody tr")
    assert [(r["data-producer"], r.select_one("code").get_text()) for r in rows] == [
        ("north", "widget.created"),
        ("south", "widget.removed"),
    ]


def test_home_counts_match_the_registry(build_site):
    site = build_site(MINI)
    counts = {s["data-cc-count"]: int(s.get_text()) for s in content(site.page("")).select("[data-cc-count]")}
    assert counts == {"events": 2, "versions": 3, "contracts": 1, "domains": 3, "deprecated": 1}


def test_navigation_stays_small(build_site):
    site = build_site(MINI)
    nav_links = soup(site.page("events/widget.created/")).select("nav.md-nav--primary a.md-nav__link")
    assert not any("widget.created" in a.get_text() for a in nav_links)


def tree_with_a_wrong_status(tmp_path):
    """The mini tree with one version's status set to a value the registry format does not allow."""
    tree = tmp_path / "tree"
    shutil.copytree(MINI, tree)
    registry = json.loads((tree / "event-types-registry.json").read_text())
    registry["widget.created"]["schema_versions"][0]["status"] = "retired"
    (tree / "event-types-registry.json").write_text(json.dumps(registry))
    return tree


def test_wrong_field_fails_strict_build_with_its_pointer(build_site, tmp_path):
    with pytest.raises(Abort):
        build_site(tree_with_a_wrong_status(tmp_path), strict=True)


def test_wrong_field_is_a_warning_naming_file_and_pointer_and_the_rest_still_builds(build_site, tmp_path):
    site = build_site(tree_with_a_wrong_status(tmp_path))
    expected = "contracts/event-types-registry.json#/widget.created/schema_versions/0/status"
    assert any(expected in w and "retired" in w for w in site.warnings)
    page = content(site.page("events/widget.created/"))
    assert expected in page.select_one(".cc-problems").get_text()
    assert (site.site / "events/widget.removed/index.html").is_file()


def test_a_wrong_plugin_option_is_a_config_error(build_site):
    with pytest.raises(Abort):
        build_site(MINI, plugin_options={"deprecation_window_days": "two weeks"})
    with pytest.raises(Abort):
        build_site(MINI, plugin_options={"build_date": "last tuesday"})


def test_any_contracts_tree_builds_without_the_demo_names(build_site):
    site = build_site(MINI, strict=True)
    assert site.warnings == []


def facts(site, event: str) -> dict[str, str]:
    card = content(site.page(f"events/{event}/")).select_one(".cc-facts")
    return {dt.get_text(strip=True): dt.find_next("dd").get_text(" ", strip=True) for dt in card.select("dt")}


def test_event_page_says_which_version_to_use_on_the_build_date(build_site):
    after_cutover = facts(build_site(MINI, plugin_options={"build_date": "2026-05-20"}), "widget.created")
    assert after_cutover["Use now"] == "v2 active"
    in_window = facts(build_site(MINI, plugin_options={"build_date": "2026-02-05"}), "widget.created")
    assert in_window["Use now"].startswith("v1 in deprecation window consumable until 2026-02-15")
    assert "v2 planned emitted from 2026-02-15" in in_window["Use now"]
