"""Redirects to catalog pages work whichever order mkdocs.yml lists mkdocs-redirects and the catalog in."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, build_project, make_project

MINI = FIXTURES / "mini" / "contracts"
REDIRECTS = {"redirects": {"redirect_maps": {"old/widgets.md": "events/widget.created.md#v2"}}}


@pytest.mark.parametrize("redirects_first", [True, False], ids=["redirects-first", "catalog-first"])
def test_a_redirect_to_a_catalog_page_works_in_either_plugin_order(tmp_path, redirects_first):
    catalog = {"contract-catalog": {"build_date": "2026-05-20"}}
    plugins = ["search", REDIRECTS, catalog] if redirects_first else ["search", catalog, REDIRECTS]
    built = build_project(make_project(tmp_path, MINI, extra_config={"plugins": plugins}), strict=True)
    assert built.warnings == []
    redirect = built.page("old/widgets/")
    assert 'http-equiv="refresh"' in redirect and "../../events/widget.created/#v2" in redirect
    assert (built.site / "events" / "widget.created" / "index.html").is_file()
