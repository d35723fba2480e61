"""The date a catalog describes: the option, else SOURCE_DATE_EPOCH, else today;
so builds are reproducible."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, build_project, make_project
from contract_catalog.site.builddate import resolve_build_date

MINI = FIXTURES / "mini" / "contracts"
MAY_20_2026 = "1779235200"  # 2026-05-20T00:00:00Z


def test_source_date_epoch_sets_the_date_when_no_option_is_given():
    assert resolve_build_date(None, {"SOURCE_DATE_EPOCH": MAY_20_2026}) == date(2026, 5, 20)


def test_the_option_wins_over_source_date_epoch():
    assert resolve_build_date("2026-02-05", {"SOURCE_DATE_EPOCH": MAY_20_2026}) == date(2026, 2, 5)


@pytest.mark.parametrize("option, environ", [("soon", {}), (None, {"SOURCE_DATE_EPOCH": "yesterday"})])
def test_a_date_that_is_not_one_is_refused_with_a_readable_message(option, environ):
    with pytest.raises(ValueError, match="YYYY-MM-DD|seconds"):
        resolve_build_date(option, environ)


def test_a_build_without_the_option_describes_the_source_date_epoch_day(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MAY_20_2026)
    project = make_project(tmp_path, MINI, plugin_options={"build_date": None})
    page = BeautifulSoup(build_project(project).page("events/widget.created/"), "html.parser")
    header = [th.get_text() for th in page.select("table.cc-versions th")]
    assert "On 2026-05-20" in header
