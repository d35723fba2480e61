"""Material's search box, which runs its index in a web worker of the built site, finds event types."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from .conftest import registry_events

pytestmark = pytest.mark.browser

EVENT = "intake.matched"


def rarest_notes_word(site, event: str) -> str:
    """The word of the event's notes (6+ letters) that the fewest pages of the search index contain.

    Words are cut where mkdocs.yml's search separator cuts them, so phone_normalized stays one token."""
    notes = " ".join(v.get("notes") or "" for v in registry_events()[event]["schema_versions"])
    tokens = (t.strip(",;:()'\"") for t in re.split(r"[\s\-.]+", notes))
    words = sorted({t.lower() for t in tokens if re.fullmatch(r"[A-Za-z]{6,}", t)})
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        pages[page] = pages.get(page, "") + " " + (doc["title"] + " " + doc["text"]).lower()
    return min(words, key=lambda w: (sum(1 for text in pages.values() if re.search(rf"\b{w}\b", text)), w))


def search(page, query: str) -> list:
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    page.locator("li.md-search-result__item").first.wait_for(timeout=15_000)  # the worker has answered
    return page.locator("li.md-search-result__item > a.md-search-result__link").all()


def open_result_for(page, results: list, event: str) -> None:
    path = f"/events/{event}/"
    hits = [a for a in results if urlsplit(a.get_attribute("href")).path == path]
    assert hits, f"no result leads to {path}: {[a.get_attribute('href') for a in results]}"
    hits[0].click()
    page.wait_for_url(lambda url: urlsplit(url).path == path)
    assert page.locator("article h1").inner_text().rstrip("¶") == event


def test_search_finds_an_event_type_by_name_and_opens_its_page(reader):
    page = reader.open("")
    results = search(page, EVENT)
    assert urlsplit(results[0].get_attribute("href")).path == f"/events/{EVENT}/", (
        "the event is not the top hit"
    )
    open_result_for(page, results, EVENT)


def test_search_finds_an_event_type_by_a_word_from_its_notes(reader, catalog_site):
    word = rarest_notes_word(catalog_site, EVENT)
    page = reader.open("")
    open_result_for(page, search(page, word), EVENT)
