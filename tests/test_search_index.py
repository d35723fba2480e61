"""The search plugin reads a lighter copy of catalog pages (site/search_html.py):
same index, same published pages."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, build_project, make_project
from contract_catalog.site import search_copy
from contract_catalog.site.search_appendix import SearchAppendix
from contract_catalog.site.search_html import search_html


def _index(site) -> list[tuple[str, str, str]]:
    """(location, title, text) of every search entry, whitespace runs made one space."""
    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]

    def normal(text: str) -> str:  # the project folder differs between builds (the /changes/ page names it)
        return re.sub(r"\s+", " ", text).replace(str(site.root), "<project>").strip()

    return [(doc["location"], normal(doc["title"]), normal(doc["text"])) for doc in docs]


def _pages(site) -> dict[str, bytes]:
    root = str(site.root).encode()
    return {
        p.relative_to(site.site).as_posix(): p.read_bytes().replace(root, b"<project>")
        for p in site.site.rglob("*.html")
    }


def test_the_index_and_the_pages_are_those_of_the_full_html(bundled_site, tmp_path, monkeypatch):
    # the search plugin reads the page as it is
    monkeypatch.setattr(search_copy, "search_html", lambda html: html)
    project = make_project(tmp_path, REPO / "contracts")
    shutil.copytree(REPO / "docs", project / "docs", dirs_exist_ok=True)
    plain = build_project(project)

    lighter, full = _index(bundled_site), _index(plain)
    assert len(full) > 1000  # every heading of every page is an entry
    assert lighter == full
    assert _pages(bundled_site) == _pages(plain)  # the theme still publishes every page's full HTML


def test_field_names_and_picture_labels_reach_the_index(bundled_site):
    entries = _index(bundled_site)
    texts = " ".join(text for _, _, text in entries)
    titles = {title for _, title, _ in entries}
    assert "submission_summary.first_name" in titles  # a payload field: an entry of its own
    assert "<code>" in texts  # kept tags stay, as the search plugin keeps them


def test_tags_the_index_drops_go_and_text_stays():
    html = (
        '<h2 id="payload">Payload<a class="headerlink" href="#payload" title="Permanent link">&para;</a></h2>'
        '<table><tr><td><a href="x/"><code>order_id</code></a></td>'
        '<td><span class="b">string</span></td></tr>'
        '</table><p title="a &gt; b">Text</p>'
    )
    assert (
        search_html(html)
        == '<h2 id="payload">Payload</h2><code>order_id</code>string<p title="a &gt; b">Text</p>'
    )


def test_pictures_excluded_from_search_go_whole():
    html = '<p>Before</p><svg viewBox="0 0 1 1" data-search-exclude><text>label</text></svg><p>After</p>'
    assert search_html(html) == "<p>Before</p><p>After</p>"


def test_raw_schemas_stay_out_of_the_index(bundled_site):
    texts = " ".join(text for _, _, text in _index(bundled_site))
    assert '"$schema":' not in texts  # every raw file has it; no table or prose does
    assert "cc-raw-schema" in bundled_site.page("events/lesson.cancelled/")  # still on the page


def test_markup_it_cannot_judge_is_left_to_the_search_plugin():
    for html in (
        "<div data-search-exclude><p>x</p></div>",
        "<prefix data-search-exclude></pre>",
        "<p>a</p><script>let a = '<b>'</script>",
        "<style>td{}</style><table></table>",
        "<!-- note --><table></table>",
        '<table class="linenodiv"></table>',
    ):
        assert search_html(html) is html


@pytest.fixture(scope="module")
def window_site(tmp_path_factory):
    """The bundled catalog on 2026-11-25 (payment.received v1 in its deprecation window, v2 planned), searched
    with the site's own separator, which cuts field paths at dots."""
    separator = yaml.safe_load((REPO / "mkdocs.yml").read_text())["plugins"][0]["search"]["separator"]
    plugins = [{"search": {"separator": separator}}, {"contract-catalog": {"build_date": "2026-11-25"}}]
    project = make_project(
        tmp_path_factory.mktemp("window"), REPO / "contracts", extra_config={"plugins": plugins}
    )
    shutil.copytree(REPO / "docs", project / "docs", dirs_exist_ok=True)
    return build_project(project)


def finds(site, word: str) -> list[str]:
    """Locations of the entries whose title or text has `word` as a token,
    cut as the index's separator cuts."""
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])

    def tokens(text: str) -> set[str]:
        return {t for t in separator.split(re.sub(r"<[^>]+>", " ", text).lower()) if t}

    return [doc["location"] for doc in index["docs"] if word in tokens(doc["title"]) | tokens(doc["text"])]


def test_a_field_name_finds_the_field_row(window_site):
    locations = finds(window_site, "first_name")
    row = "events/intake.matched/#v2-submission_summary.first_name"
    assert row in locations, locations
    page = BeautifulSoup(window_site.page("events/intake.matched/"), "html.parser")
    assert page.select_one('[id="v2-submission_summary.first_name"]').name != "h6", (
        "the page itself is unchanged"
    )


def test_deprecated_and_sunset_find_the_timeline_and_the_event_in_its_window(window_site):
    for word in ("deprecated", "sunset"):
        assert any(loc.startswith("timeline/") for loc in finds(window_site, word)), word
    # The top of payment.received's page, where "Use now" says v1 is deprecated and in its window.
    assert "events/payment.received/" in finds(window_site, "deprecated")


def test_table_cells_are_words_apart_in_the_index(window_site):
    texts = " ".join(text for _, _, text in _index(window_site))
    assert "VersionDeprecated" not in texts and "Version Deprecated" in texts


def test_lists_of_places_excluded_from_search_go_whole():
    html = (
        '<p>Kept</p><p class="w" data-search-exclude>In 2 places: <a href="x/"><code>a</code></a></p>'
        "<details data-search-exclude><summary>1 more</summary><p><code>b</code></p></details><p>After</p>"
    )
    assert search_html(html) == "<p>Kept</p><p>After</p>"


def test_each_field_entry_follows_the_entry_of_its_page(bundled_site):
    """Field entries are added after the search plugin's own (site/search_appendix.py); Material's
    document map needs a page's entry before any entry of its sections."""
    docs = json.loads((bundled_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))[
        "docs"
    ]
    pages_so_far: set[str] = set()
    for doc in docs:
        page, _, anchor = doc["location"].partition("#")
        assert not anchor or page in pages_so_far, doc["location"]
        if not anchor:
            pages_so_far.add(page)
    assert sum(1 for doc in docs if doc["location"].startswith("events/") and "#v" in doc["location"]) > 50


def _material_index_file(tmp_path, entries: list[dict], indent: int | None = None):
    """An index file as Material's search plugin writes it (its own code makes the text)."""
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=["stemmer"], fields={})
    index.entries = list(entries)
    text = index.generate_search_index(None)
    if indent is not None:  # a layout the appendix does not know
        text = json.dumps(json.loads(text), indent=indent) + "\n"
    path = tmp_path / "search_index.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("own", [[], [{"location": "events/a/", "title": "a", "text": ""}]])
def test_field_entries_are_added_to_the_index_file_in_page_order(tmp_path, own, indent):
    appendix = SearchAppendix()
    appendix.add(
        "events/b.md", [{"location": "events/b/#v1-x", "title": "b v1 field: x", "text": "<p>é &lt;</p>"}]
    )
    appendix.add(
        "events/a.md", [{"location": "events/a/#v1-y", "title": "a v1 field: y", "text": "<p>y</p>"}]
    )
    appendix.add("events/c.md", [])  # a page without fields adds nothing
    path = _material_index_file(tmp_path, own, indent)

    appendix.write_into(str(path), ["events/a.md", "events/c.md", "events/b.md"])

    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    assert [doc["location"] for doc in docs] == [
        *(doc["location"] for doc in own),
        "events/a/#v1-y",
        "events/b/#v1-x",
    ]
    assert docs[-1]["text"] == "<p>é &lt;</p>"
