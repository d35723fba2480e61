"""Old links in a real browser: a dropped field's note shows only when targeted, a renamed event's old URL
lands on the new page at the same anchor (and without a script, the old anchor is still a link there), a
tombstone reads at phone width."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import FIXTURES, build_project, make_project

from .conftest import http_server, new_tab, running
from .test_layout_gate import AXE, AXE_JS, AXE_TAGS

SCHEMA = "contracts/alpha/schema/payloads/widget.created-v2.json"


def git(project, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(project), *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def retired_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("retired"), FIXTURES / "mini" / "contracts")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "First registry")
    registry_file = project / "contracts/event-types-registry.json"
    registry = json.loads(registry_file.read_text(encoding="utf-8"))
    registry["widget.painted"] = {**registry["widget.created"], "replaced_by": "widget.created"}
    registry_file.write_text(json.dumps(registry, indent=2), encoding="utf-8")
    git(project, "commit", "-qam", "Register widget.painted")
    schema = json.loads((project / SCHEMA).read_text(encoding="utf-8"))
    del schema["properties"]["size"]["properties"]["label"]
    schema["examples"] = [{"widget_id": "w1", "size": {"width": 3}}]
    (project / SCHEMA).write_text(json.dumps(schema, indent=2), encoding="utf-8")
    registry_file = project / "contracts/event-types-registry.json"
    registry = json.loads(registry_file.read_text(encoding="utf-8"))
    registry["widget.deleted"] = {**registry.pop("widget.removed"), "renamed_from": "widget.removed"}
    del registry["widget.painted"]
    registry_file.write_text(json.dumps(registry, indent=2), encoding="utf-8")
    git(project, "rm", "-q", "contracts/alpha/glossary.md")
    git(
        project,
        "commit",
        "-qam",
        "Drop size.label; widget.removed is now widget.deleted; retire widget.painted",
    )
    site = build_project(project).site
    with running(http_server(site)) as url:
        yield url


@pytest.mark.parametrize("width", [1440, 390])
def test_a_dropped_field_anchor_shows_where_the_field_went_only_when_targeted(browser, retired_site, width):
    tab = new_tab(browser, retired_site)
    try:
        page = tab.page
        page.set_viewport_size({"width": width, "height": 900})
        tab.open("events/widget.created/")
        note = page.locator('[id="v2-size.label"]')
        assert note.bounding_box()["height"] <= 1  # there for links, out of the reader's way
        page.goto(f"{retired_site}/events/widget.created/#v2-size.label")  # a link from elsewhere, say
        page.wait_for_timeout(200)
        box = note.bounding_box()
        assert box["height"] > 20 and 0 <= box["y"] < 900 and box["x"] + box["width"] <= width
        assert "size.label is no longer a field of v2: it was removed from its schema on" in note.inner_text()
        assert "Drop size.label" in note.inner_text()
        page.screenshot(path=f"tests/output/screenshots/dropped-field-{width}.png")
        assert tab.errors == []
    finally:
        page.context.close()


def test_an_old_url_of_a_renamed_event_lands_on_the_same_anchor_of_the_new_page(browser, retired_site):
    tab = new_tab(browser, retired_site)
    try:
        tab.open("events/widget.removed/#v1")
        tab.page.wait_for_url("**/events/widget.deleted/#v1")
        assert tab.page.locator("h2#v1").is_visible()
    finally:
        tab.page.context.close()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{retired_site}/events/widget.removed/#v1")
        # the meta refresh, no script: the page, not the anchor
        page.wait_for_url("**/events/widget.deleted/")
    finally:
        context.close()


RETIRED_PAGES = [
    "events/widget.painted/",
    "events/widget.created/#v2-size.label",
    "contracts/alpha/glossary/",
    "events/#retired",
    "events/widget.removed/",
]


@pytest.mark.parametrize("width", [1440, 390])
def test_retired_pages_read_at_both_widths_without_serious_accessibility_faults(browser, retired_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="light")
    # The redirect page is read where it stands: its meta refresh and script are left out of what is served.
    context.route(
        "**/events/widget.removed/",
        lambda route: route.fulfill(
            response=route.fetch(),
            body=route.fetch()
            .text()
            .replace('http-equiv="refresh"', 'data-refresh="off"')
            .replace("window.location.replace(", "void ("),
        ),
    )
    try:
        page = context.new_page()
        for path in RETIRED_PAGES:
            page.goto(f"{retired_site}/{path}")
            page.add_script_tag(path=str(AXE))
            assert page.evaluate(AXE_JS, AXE_TAGS) == [], path
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
            name = path.strip("/").replace("/", "_").replace("#", "_")
            page.screenshot(path=f"tests/output/screenshots/retired-{name}-{width}.png")
        page.goto(f"{retired_site}/events/widget.painted/")
        banner = page.locator(".cc-retired-banner").first
        assert (
            banner.is_visible() and "Removed on" in banner.inner_text() and banner.bounding_box()["y"] < 900
        )
    finally:
        context.close()
