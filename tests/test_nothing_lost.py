"""Nothing is silently lost: every registry entry reaches a page or the warning list, whatever else is wrong.

tests/hostile/faults/contracts has a registry with many faults at once: event types registered twice (JSON
keeps only the last), an entry that is a string, an empty entry, names that are not names or that ask for
another page's URL, versions that are lists or listed twice, paths out of the tree. The expected entries
are read from the raw file here, keeping every key as written, duplicates included, without the catalog's
own reader.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hostile.trees import FAULTS, REGISTRY, check, problem_lists, strict_build

METADATA_KEYS = {"$schema", "$comment", "registry_version", "description", "domains"}  # the format's own keys


class Pairs(list):
    """A JSON object as the (key, value) pairs written, so that a key given twice is still there twice."""


def raw_entries() -> list[tuple[str, Any]]:
    """(name, value) of every top-level entry in the order written."""
    text = (FAULTS / "event-types-registry.json").read_text(encoding="utf-8")
    return [
        (key, value) for key, value in json.loads(text, object_pairs_hook=Pairs) if key not in METADATA_KEYS
    ]


def pointer(name: str) -> str:
    return "/" + name.replace("~", "~0").replace("/", "~1")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site, _ = strict_build(tmp_path_factory.mktemp("faults"), FAULTS)
    return site


def event_pages(site) -> dict[str, BeautifulSoup]:
    """Event pages by the name their heading shows."""
    pages = {}
    for path in (site.site / "events").glob("*/index.html"):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        pages[article.select_one("h1").get_text()] = article
    return pages


def test_check_and_build_report_the_same_problem_list(built):
    warned, checked = problem_lists(built, FAULTS)
    assert warned == checked


def test_the_corpus_has_the_faults_it_is_meant_to_have():
    counts = Counter(name for name, _ in raw_entries())
    assert {name for name, count in counts.items() if count > 1} == {"gadget.built", "gadget.shipped"}
    assert len(counts) >= 10


def test_every_entry_is_on_a_page_or_in_the_warnings(built):
    pages = event_pages(built)
    for name in dict.fromkeys(name for name, _ in raw_entries()):
        named = any(f"{REGISTRY}#{pointer(name)}: " in warning for warning in built.warnings)
        assert name in pages or named, name


def test_every_entry_has_a_page_of_its_own(built):
    names = {name for name, _ in raw_entries()}
    assert len(event_pages(built)) == len(names)
    assert names - {" padded "} <= set(event_pages(built))  # Markdown trims the heading of " padded "


def test_every_entry_written_twice_is_in_the_warnings(built):
    for name, count in Counter(name for name, _ in raw_entries()).items():
        if count > 1:
            expected = f"{REGISTRY}#{pointer(name)}: duplicate key '{name}'"
            assert any(expected in warning for warning in built.warnings), name


def test_every_version_of_an_entry_is_listed_on_its_page(built):
    pages = event_pages(built)
    for name, value in dict(raw_entries()).items():  # the last of duplicates, as JSON keeps it
        versions = dict(value).get("schema_versions") if isinstance(value, Pairs) else None
        if isinstance(versions, list) and not isinstance(versions, Pairs) and name in pages:
            rows = pages[name].select("table.cc-versions tbody tr")
            assert len(rows) == len(versions), name


def test_every_entry_is_in_the_events_index_and_in_catalog_json(built):
    names = {name for name, _ in raw_entries()}
    index = BeautifulSoup(built.page("events/"), "html.parser")
    assert {
        code.get_text() for code in index.select("table.cc-events-index tbody td:first-child code")
    } == names
    catalog = json.loads((built.site / "catalog.json").read_text(encoding="utf-8"))
    assert {event["name"] for event in catalog["events"]} == names


def test_contracts_check_names_every_entry_written_twice():
    status, output = check(FAULTS)
    assert status == 1
    for name, count in Counter(name for name, _ in raw_entries()).items():
        if count > 1:
            assert f"{REGISTRY}#{pointer(name)}: duplicate key '{name}'" in output
