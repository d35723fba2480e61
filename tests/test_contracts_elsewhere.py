"""A contracts folder outside the MkDocs project, named with `..`:
how a team with its own docs site adopts it."""

from __future__ import annotations

import os
import shutil

from conftest import FIXTURES, build_project, make_project
from contract_catalog.cli.main import main

CLEAN = FIXTURES / "checks" / "contracts"


def test_a_contracts_dir_with_dotdot_builds_strictly(tmp_path):
    project = make_project(tmp_path, CLEAN, {"contracts_dir": "../elsewhere/contracts"})
    (tmp_path / "elsewhere").mkdir()
    shutil.move(project / "contracts", tmp_path / "elsewhere" / "contracts")
    built = build_project(project, strict=True)
    assert built.warnings == []
    assert "widget.created" in built.page("events/widget.created/")
    assert (built.site / "contracts" / "event-types-registry.json").is_file()


def test_check_accepts_a_contracts_folder_given_with_dotdot(tmp_path, capsys, monkeypatch):
    shutil.copytree(CLEAN, tmp_path / "elsewhere" / "contracts")
    (tmp_path / "site").mkdir()
    monkeypatch.chdir(tmp_path / "site")
    code = main(
        ["check", "--contracts", os.path.join("..", "elsewhere", "contracts"), "--build-date", "2026-05-20"]
    )
    captured = capsys.readouterr()
    assert (code, captured.out) == (0, "")
    assert "contracts/ is clean" in captured.err
