"""`contracts check` takes the plugin's options from the site's mkdocs.yml; a flag wins
(`contracts diff`: see test_changes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, repository_is_shallow
from contract_catalog.cli.main import main

CLEAN = FIXTURES / "checks" / "contracts"
PLUGIN = "plugins:\n  - search\n  - contract-catalog:\n"


def test_check_reads_contracts_dir_and_build_date_from_mkdocs_yml(tmp_path, capsys, monkeypatch):
    shutil.copytree(CLEAN, tmp_path / "elsewhere" / "contracts")
    site = tmp_path / "site"
    site.mkdir()
    (site / "mkdocs.yml").write_text(
        f"site_name: x\n{PLUGIN}      contracts_dir: ../elsewhere/contracts\n      build_date: 2026-05-20\n"
    )
    monkeypatch.chdir(site)
    assert main(["check"]) == 0
    assert "contracts/ is clean" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--config-file", str(site / "mkdocs.yml")]) == 0


@pytest.mark.parametrize(
    "options, message",
    [
        (
            "      deprecation_window_days: fourteen\n",
            "option 'deprecation_window_days': expected a whole number",
        ),
        ("      build_date: someday\n", "option 'build_date': expected a date of the form YYYY-MM-DD"),
    ],
)
def test_a_wrong_option_in_mkdocs_yml_is_a_usage_error_naming_it(
    tmp_path, capsys, monkeypatch, options, message
):
    shutil.copytree(CLEAN, tmp_path / "contracts")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\n{PLUGIN}{options}")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("contracts check: mkdocs.yml: contract-catalog ") and message in err


def test_help_has_no_stray_backtick_and_version_is_printed(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "\ncontracts check: every check of a catalog build" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("contracts 0.")


def test_the_bundled_mkdocs_yml_is_read_as_is(capsys, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    assert main(["check"]) == (1 if repository_is_shallow() else 0)  # a shallow clone's history is a problem
