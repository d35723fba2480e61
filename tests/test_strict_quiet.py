"""`mkdocs build -q --strict` fails on the catalog's problems: `-q` hides warnings from MkDocs' strict
counter, and a CI written that way must not publish broken contracts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import FIXTURES, make_project

MINI = FIXTURES / "mini" / "contracts"


def mkdocs_build(project, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def broken_project(tmp_path):
    project = make_project(tmp_path, MINI)
    registry = project / "contracts" / "event-types-registry.json"
    data = json.loads(registry.read_text())
    data["widget.created"]["schema_versions"][0]["status"] = "retired"
    registry.write_text(json.dumps(data, indent=2))
    return project


def test_a_quiet_strict_build_fails_on_a_catalog_problem_and_says_which(tmp_path):
    result = mkdocs_build(broken_project(tmp_path), "-q", "--strict")
    assert result.returncode != 0
    assert "contract-catalog: 1 problem(s) in a strict build" in result.stderr
    assert "contracts/event-types-registry.json#/widget.created/schema_versions/0/status" in result.stderr


def test_the_same_tree_builds_without_strict_and_a_clean_tree_builds_quietly_strict(tmp_path):
    assert mkdocs_build(broken_project(tmp_path), "-q").returncode == 0
    assert mkdocs_build(make_project(tmp_path, MINI), "-q", "--strict").returncode == 0
