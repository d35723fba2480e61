"""/fields/ in Chromium: the filter over every row of fields.json, with and without Material's instant
navigation, and a field found by Material's search lands on its row."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .conftest import BUILD_DATE, REPO, http_server, new_tab, running
from .test_search import search

pytestmark = pytest.mark.browser

FIELD = "person_id"


def field_rows(site) -> list[dict]:
    document = json.loads((site / "fields.json").read_text(encoding="utf-8"))
    return [dict(zip(document["columns"], row, strict=True)) for row in document["fields"]]


def filter_by_name(page, text: str) -> None:
    page.locator(".cc-filter input[name=name]").fill(text)


def test_the_filter_reaches_every_row_of_fields_json_and_each_row_lands_on_its_field(reader, catalog_site):
    page = reader.open("fields/")
    page.locator(".cc-filter").wait_for()
    wanted = [f for f in field_rows(catalog_site) if FIELD in f["name"] or FIELD in f["path"]]
    filter_by_name(page, FIELD)
    count = page.locator(".cc-filter__count").inner_text()
    assert count.startswith(f"{len(wanted)} of {len(wanted)} matching rows"), count
    assert page.locator(".cc-fields-index__table tbody tr").count() == len(wanted)

    deprecated = [f for f in wanted if f["status"] == "deprecated"]
    page.locator(".cc-filter select[name=status]").select_option("deprecated")
    assert page.locator(".cc-fields-index__table tbody tr").count() == len(deprecated)

    page.locator(".cc-filter select[name=status]").select_option("")
    link = page.locator(".cc-fields-index__table tbody tr td:nth-child(2) a").first
    link.click()
    page.wait_for_url(lambda url: "#" in url)
    anchor = unquote(urlsplit(page.url).fragment)
    assert anchor.startswith("v") and FIELD in anchor
    assert page.evaluate("id => !!document.getElementById(id)", anchor), anchor
    assert not reader.errors


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory):
    """The catalog built with Material's navigation.instant, served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("instant") / "site"
    server = http_server(site)
    # Instant navigation follows only links to pages of the sitemap, which is written from site_url.
    config = load_config(
        str(REPO / "mkdocs.yml"),
        site_dir=str(site),
        strict=False,
        site_url=f"http://127.0.0.1:{server.server_address[1]}/",
    )
    config.plugins["contract-catalog"].config.build_date = BUILD_DATE
    config.theme["features"].append("navigation.instant")
    build(config)
    with running(server) as url:
        yield url


def test_the_filter_comes_up_after_an_instant_navigation(browser, instant_url):
    tab = new_tab(browser, instant_url)
    try:
        page = tab.open("")
        page.wait_for_load_state("networkidle")  # the sitemap is read: links are followed instantly from now
        page.evaluate("window.ccSamePage = true")  # gone if the browser loads a new document
        page.locator("a.md-tabs__link", has_text="Fields").click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/fields/")
        page.locator(".cc-filter").wait_for(timeout=10_000)
        assert page.evaluate("window.ccSamePage === true"), (
            "the page was loaded anew: not an instant navigation"
        )
        filter_by_name(page, FIELD)
        assert page.locator(".cc-fields-index__table tbody tr").count() > 0
        assert page.locator(".cc-filter").count() == 1
        assert not tab.errors
    finally:
        tab.page.context.close()


def test_search_finds_a_nested_field_and_lands_on_its_row(reader, catalog_site):
    row = next(f for f in field_rows(catalog_site) if f["path"].count(".") >= 1 and f["event"])
    page = reader.open("")
    results = search(page, row["path"])
    hrefs = [a.get_attribute("href") for a in results]
    target = next(
        (a for a in results if a.get_attribute("href").endswith("#" + row["url"].split("#")[1])), None
    )
    assert target is not None, (row["url"], hrefs)
    target.click()
    page.wait_for_url(lambda url: urlsplit(url).fragment != "")
    anchor = unquote(urlsplit(page.url).fragment)
    assert page.evaluate("id => !!document.getElementById(id)", anchor), anchor
