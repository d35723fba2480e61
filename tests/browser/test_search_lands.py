"""Material's search box lands on what a reader asked for: a payload field's row, the timeline, an event whose
version is deprecated and in its window (intake.matched v1 on the browser build date, 2026-05-20)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .test_search import search

pytestmark = pytest.mark.browser

ROW = "v2-submission_summary.first_name"


def targets(results) -> list[str]:
    """path#fragment of each result link, in the order shown."""
    found = []
    for link in results:
        url = urlsplit(link.get_attribute("href"))
        found.append(url.path + ("#" + url.fragment if url.fragment else ""))
    return found


def test_a_field_name_opens_the_field_row(reader):
    page = reader.open("")
    results = search(page, "first_name")
    hrefs = targets(results)
    assert f"/events/intake.matched/#{ROW}" in hrefs, hrefs
    results[hrefs.index(f"/events/intake.matched/#{ROW}")].click()
    page.wait_for_url(f"**/events/intake.matched/**#{ROW}")
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        arg=ROW,
    )


def test_deprecated_finds_the_timeline_and_the_event_in_its_window(reader):
    page = reader.open("")
    shown = [href.split("#")[0] for href in targets(search(page, "deprecated"))]
    assert "/timeline/" in shown, shown
    assert "/events/intake.matched/" in shown, shown


def test_sunset_finds_the_timeline_first(reader):
    page = reader.open("")
    assert targets(search(page, "sunset"))[0] == "/timeline/"
