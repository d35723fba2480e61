"""The `prefix` option puts the catalog under a folder of an existing site; which page wins is said once."""

from __future__ import annotations

import logging

import pytest
from conftest import FIXTURES, build_project, make_project
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from site_crawl import broken_links

MINI = FIXTURES / "mini" / "contracts"
SITE_URL = "https://docs.example.org/platform/"
OWN_HOME = (
    "# Our docs\n\n"
    "The [catalog](catalog/index.md), the [width field](catalog/events/widget.created.md#v2-size.width).\n"
)


def test_the_catalog_lives_under_its_prefix_beside_the_sites_own_home(tmp_path, caplog):
    project = make_project(tmp_path, MINI, {"prefix": "/catalog/"}, {"site_url": SITE_URL})
    (project / "docs" / "index.md").write_text(OWN_HOME)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        built = build_project(project, strict=True)
    assert built.warnings == []
    assert "Our docs" in built.page("")
    assert 'href="events/"' in built.page("catalog/") and "widget.created" in built.page("catalog/events/")
    assert (
        built.site / "catalog" / "contracts" / "alpha" / "schema" / "payloads" / "widget.created-v2.json"
    ).is_file()
    assert (built.site / "catalog" / "catalog.json").is_file() and not (built.site / "events").exists()
    assert broken_links(built.site, SITE_URL) == []
    assert 'not included in the "nav"' not in caplog.text  # the 117-line INFO list is gone
    assert "home" not in caplog.text  # nothing replaced, nothing to say


def test_without_a_prefix_the_sites_index_wins_and_the_build_says_so_once(tmp_path, caplog):
    project = make_project(tmp_path, MINI)
    (project / "docs" / "index.md").write_text("# Our docs\n")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        built = build_project(project, strict=True)
    said = [r.getMessage() for r in caplog.records if "home page" in r.getMessage()]
    assert said == [
        (
            "contract_catalog: docs/index.md is the site's home page, so the catalog's home (its summary "
            "and problem list) is not published; set the contract-catalog option `prefix` (e.g. `prefix: "
            "catalog`) to publish the catalog under /catalog/ beside it"
        )
    ]
    assert "Our docs" in built.page("") and "widget.created" in built.page("events/")
    assert 'not included in the "nav"' not in caplog.text


@pytest.mark.parametrize("prefix", ["../up", "a/./b", "sp ace", 7])
def test_a_prefix_that_is_not_a_plain_folder_is_refused(tmp_path, caplog, prefix):
    project = make_project(tmp_path, MINI, {"prefix": prefix})
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        load_config(str(project / "mkdocs.yml"))
    assert "option 'prefix': expected a folder" in caplog.text


def test_the_crawler_finds_a_broken_link_and_a_missing_anchor(tmp_path):
    built = build_project(make_project(tmp_path, MINI))
    (built.site / "extra.html").write_text(
        '<a href="events/nope/">x</a><a href="events/widget.created/#v9">y</a>'
    )
    assert broken_links(built.site) == [
        "extra.html: events/nope/ (no file events/nope/index.html)",
        "extra.html: events/widget.created/#v9 (no #v9)",
    ]
