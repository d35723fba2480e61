"""Plugin options take what YAML gives (a date,
a number) and refuse the rest with a message naming the value."""

from __future__ import annotations

import logging

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, build_project, make_project
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

MINI = FIXTURES / "mini" / "contracts"


def write_options(project, options_yaml: str) -> None:
    """Replace the plugin's options with text as a person writes it, so YAML types apply (unquoted dates)."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["plugins"] = ["search", "contract-catalog"]
    text = yaml.safe_dump(config).replace("- contract-catalog\n", "- contract-catalog:\n" + options_yaml)
    (project / "mkdocs.yml").write_text(text)


def test_the_readme_example_build_date_is_accepted_as_yaml_reads_it(tmp_path):
    project = make_project(tmp_path, MINI)
    write_options(project, "    build_date: 2026-02-05\n    deprecation_window_days: 14\n")
    # unquoted: YAML makes it a date
    assert "build_date: 2026-02-05\n" in (project / "mkdocs.yml").read_text()
    page = BeautifulSoup(build_project(project, strict=True).page("events/widget.created/"), "html.parser")
    assert "On 2026-02-05" in [th.get_text() for th in page.select("table.cc-versions th")]


@pytest.mark.parametrize(
    "options_yaml, message",
    [
        (
            "    build_date: last tuesday\n",
            "option 'build_date': expected a date of the form YYYY-MM-DD, got 'last tuesday'",
        ),
        (
            "    build_date: '2026-13-01'\n",
            "option 'build_date': expected a date of the form YYYY-MM-DD, got '2026-13-01'",
        ),
        (
            "    deprecation_window_days: two weeks\n",
            "option 'deprecation_window_days': expected a whole number of days",
        ),
        (
            "    deprecation_window_days: yes\n",
            "option 'deprecation_window_days': expected a whole number of days, got True",
        ),
        (
            "    deprecation_window_days: -1\n",
            "option 'deprecation_window_days': expected 0 or more days, got -1",
        ),
        ("    adr_url: https://example.org/adr/\n", "option 'adr_url': expected a URL with {number}"),
        ("    repo_url: example.org/blob/main\n", "option 'repo_url': expected an http:// or https:// URL"),
    ],
)
def test_a_wrong_option_names_the_option_and_the_value(tmp_path, caplog, options_yaml, message):
    project = make_project(tmp_path, MINI)
    write_options(project, options_yaml)
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        load_config(str(project / "mkdocs.yml"))
    assert any(message in record.getMessage() for record in caplog.records), caplog.text
