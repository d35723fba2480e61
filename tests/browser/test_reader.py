"""What a reader sees on the home page, an event page and the events index, in Chromium."""

from __future__ import annotations

import pytest

from .conftest import registry_domains, registry_events

pytestmark = pytest.mark.browser

EVENT = "intake.matched"


def test_home_page_counts_match_the_registry(reader):
    page = reader.open("")
    events = registry_events()
    versions = [v for e in events.values() for v in e["schema_versions"]]
    expected = {
        "events": len(events),
        "versions": len(versions),
        "deprecated": sum(1 for v in versions if v["status"] == "deprecated"),
        "domains": len(registry_domains()),
    }
    shown = {name: int(page.locator(f"[data-cc-count='{name}']").inner_text()) for name in expected}
    assert shown == expected
    assert page.locator("h1").inner_text().rstrip("¶") == "Event contract catalog"


def test_event_page_shows_producer_consumers_versions_payload_fields_and_graph(reader):
    page = reader.open(f"events/{EVENT}/")
    entry = registry_events()[EVENT]
    facts = page.locator(".cc-facts")
    assert facts.is_visible()
    assert (
        facts.locator("dt", has_text="Producer").locator("xpath=following-sibling::dd[1]").inner_text()
        == entry["producer"]
    )
    consumers = (
        facts.locator("dt", has_text="Consumers").locator("xpath=following-sibling::dd[1]").inner_text()
    )
    assert [c.strip() for c in consumers.split(",")] == entry["consumers"]

    listed = page.locator("table.cc-versions tbody tr td:first-child").all_inner_texts()
    assert sorted(listed) == sorted(f"v{v['version']}" for v in entry["schema_versions"])

    field_rows = page.locator("table.cc-fields tbody tr[id^='v2-']")
    assert field_rows.count() > 0, "no payload field table for v2"
    assert field_rows.first.is_visible()
    assert page.locator("#v2-submission_summary\\.first_name").is_visible()

    graph = page.locator("svg.cc-graph__svg")
    assert graph.count() >= 1, "no flow graph on the event page"
    graph.first.scroll_into_view_if_needed()
    assert graph.first.is_visible()
    labels = graph.first.locator("a.cc-graph__node text").all_text_contents()
    for name in [EVENT, entry["producer"], *entry["consumers"]]:
        assert any(name in label for label in labels), f"{name} is not drawn in the flow graph: {labels}"


def test_following_a_field_link_scrolls_to_the_row_and_highlights_it(reader):
    row_id = "v2-submission_summary.first_name"
    page = reader.open(f"events/{EVENT}/#{row_id}")
    page.mouse.move(0, 0)  # a hovered row would be tinted too
    target = page.locator(f"[id='{row_id}']")
    assert target.count() == 1, f"no element with id {row_id}"
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        arg=row_id,
    )
    header = page.locator("header.md-header").bounding_box()
    box = target.bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1, "the row is hidden under the sticky header"
    assert box["y"] + box["height"] <= page.viewport_size["height"]

    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    other = page.locator(f"table.cc-fields tbody tr[id]:not([id='{row_id}'])").first
    assert background != other.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_events_index_filters_by_producer_and_consumer(reader):
    """Version states are test_events_filter's."""
    page = reader.open("events/")
    events = registry_events()
    rows = page.locator("table.cc-events-index tbody tr")
    visible = page.locator("table.cc-events-index tbody tr:visible")
    assert rows.count() == len(events)
    form = page.locator("form.cc-filter")
    expected = {
        "producer": {
            p: sum(1 for e in events.values() if e.get("producer") == p)
            for p in {e.get("producer") for e in events.values()}
            if p
        },
        "consumer": {
            c: sum(1 for e in events.values() if c in e.get("consumers", []))
            for c in {c for e in events.values() for c in e.get("consumers", [])}
        },
    }
    for name, counts in expected.items():
        select = form.locator(f"select[name='{name}']")
        offered = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
        assert sorted(offered) == sorted(counts), f"{name} choices differ from the registry"
        for value, count in counts.items():
            select.select_option(value)
            assert visible.count() == count, f"{name}={value}"
            assert form.locator(".cc-filter__count").inner_text() == f"{count} of {len(events)} shown"
        select.select_option("")
        assert visible.count() == len(events)

    producer, consumer = "growth", "sales"
    form.locator("select[name='producer']").select_option(producer)
    form.locator("select[name='consumer']").select_option(consumer)
    both = sorted(
        n for n, e in events.items() if e.get("producer") == producer and consumer in e["consumers"]
    )
    assert sorted(visible.locator("td:first-child").all_inner_texts()) == both
