"""One lifecycle answer everywhere: every place that says which version of an event type to use, and in what
state, says what `lifecycle.standing` says on the build date, for every event of the bundled corpus, on dates
before, inside and after the deprecation windows of the corpus (payment.received's v1 is in its window from
2026-11-20 to 2026-12-04 while v2 is planned: nothing may call v2 active then)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, build_project, make_project
from contract_catalog.model.catalog import load_catalog
from contract_catalog.model.lifecycle import catalog_lifecycles, standing

BUILD_DATES = ["2026-05-20", "2026-11-25", "2026-12-10"]
WINDOW_DAYS = 14
# Facts read off the registry by hand, so the test does not only compare the module with itself.
KNOWN = {
    ("2026-11-25", "payment.received"): "v1 in deprecation window",
    ("2026-12-10", "payment.received"): "v2 active",
    ("2026-05-20", "intake.matched"): "v1 in deprecation window",
    ("2026-12-10", "intake.matched"): "v2 active",
}
ATOM = "{http://www.w3.org/2005/Atom}"
STATES_AFTER = {
    "activated": {"active", "deprecated", "retired"},
    "deprecated": {"deprecated", "retired"},
    "sunset": {"retired"},
}


@pytest.fixture(scope="module", params=BUILD_DATES)
def dated_site(request, tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("dated"), REPO / "contracts", {"build_date": request.param}
    )
    shutil.copytree(REPO / "docs", project / "docs", dirs_exist_ok=True)
    return request.param, build_project(project)


def expected_answers(day: str) -> dict:
    catalog = load_catalog(REPO / "contracts")
    lifecycles = catalog_lifecycles(catalog, date.fromisoformat(day), WINDOW_DAYS)
    return {name: standing(lifecycle) for name, lifecycle in lifecycles.items()}


def use_now_texts(html: str) -> dict[str, set[str]]:
    """event -> the texts of every 'use now' answer a page shows for it."""
    found: dict[str, set[str]] = {}
    for element in BeautifulSoup(html, "html.parser").select(".cc-use-now[data-event]"):
        found.setdefault(element["data-event"], set()).add(" ".join(element.get_text(" ").split()))
    return found


def svg_titles(html: str) -> list[str]:
    return [" ".join(t.get_text().split()) for t in BeautifulSoup(html, "html.parser").select("svg title")]


def test_every_place_gives_the_lifecycle_answer(dated_site):
    day, site = dated_site
    answers = expected_answers(day)
    catalog_json = json.loads((site.site / "catalog.json").read_text(encoding="utf-8"))
    events = {e["name"]: e for e in catalog_json["events"]}
    assert set(events) == set(answers)
    for (known_day, name), text in KNOWN.items():
        if known_day == day:
            assert answers[name].short == text

    pages = {"events/", "graph/"}
    for event in events.values():
        pages |= {event["url"], *(f"domains/{d}/" for d in [event["producer"], *event["consumers"]] if d)}
        if event["owning_contract"] and event["owning_contract"]["url"]:
            pages.add(event["owning_contract"]["url"])
    html = {path: site.page(path) for path in pages}
    shown = {path: use_now_texts(text) for path, text in html.items()}

    for name, event in events.items():
        now = answers[name]
        places = [
            "events/",
            "graph/",
            event["url"],
            *(f"domains/{d}/" for d in [event["producer"], *event["consumers"]] if d),
        ]
        if event["owning_contract"] and event["owning_contract"]["url"]:
            places.append(event["owning_contract"]["url"])
        for path in places:
            assert shown[path].get(name) == {now.short}, (
                f"{path} on {day} says {shown[path].get(name)} for {name}"
            )
        # The pictures: the event's box says the summary; the arrows to and from it the short answer.
        for path in (event["url"], "graph/"):
            titles = svg_titles(html[path])
            assert any(t.startswith(f"Event type {name}, use now: {now.summary};") for t in titles), (
                path,
                name,
            )
            arrows = [t for t in titles if re.search(rf" (produces|consumes) {re.escape(name)} \(", t)]
            assert arrows and all(t.endswith(f"(use now: {now.short})") for t in arrows), (path, arrows)
        # catalog.json: the event's answer and each version's state.
        use_now = event["use_now"]
        if now.use_now is None:
            assert use_now is None
        else:
            assert (use_now["version"], use_now["state"], use_now["summary"]) == (
                now.use_now.version.version,
                now.use_now.state.value,
                now.summary,
            )
            assert {v["version"]: v["state"] for v in event["versions"]}[use_now["version"]] == use_now[
                "state"
            ]

    graph_json = json.loads((site.site / "graph.json").read_text(encoding="utf-8"))
    for node in graph_json["nodes"]:
        if node["kind"] == "event":
            assert node["use_now"] == (
                {k: events[node["name"]]["use_now"][k] for k in ("version", "state")}
                if events[node["name"]]["use_now"]
                else None
            ), node
    # deprecations.json and the feed agree with catalog.json's version states.
    states = {(e["name"], v["version"]): v["state"] for e in events.values() for v in e["versions"]}
    deprecations = json.loads((site.site / "deprecations.json").read_text(encoding="utf-8"))
    for entry in deprecations["deprecations"]:
        assert entry["state"] == states[(entry["event"], entry["version"])], entry
    for entry in deprecations["planned_activations"]:
        assert states[(entry["event"], entry["version"])] == "planned", entry
    feed = ET.parse(site.site / "feed.xml").getroot()
    for entry in feed.iter(f"{ATOM}entry"):
        name, label, kind = entry.findtext(f"{ATOM}title").rsplit(" ", 2)
        assert entry.findtext(f"{ATOM}updated")[:10] <= day
        if kind in STATES_AFTER:
            assert states[(name, int(label.lstrip("v")))] in STATES_AFTER[kind], (day, name, label, kind)
