"""The GitHub workflows: valid against the workflow schema, and every step a make target a developer can run."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as true
    return data


def make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, flags=re.MULTILINE))


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def test_workflows_are_valid_against_the_github_workflow_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, FILES)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert {path.name for path in FILES} == {"pr.yml", "publish.yml"}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_run_step_is_a_make_target_a_developer_runs_locally(path):
    targets = make_targets()
    for step in steps(workflow(path.name)):
        if "run" not in step:
            continue
        command = shlex.split(step["run"].split(">>")[0])
        assert command[0] == "make", step
        named = [word for word in command[1:] if not word.startswith("-") and "=" not in word]
        assert named and set(named) <= targets, step


def test_pull_requests_touching_contracts_are_checked_summarised_built_and_uploaded():
    data = workflow("pr.yml")
    assert "contracts/**" in data["on"]["pull_request"]["paths"]
    runs = [step.get("run", "") for step in steps(data)]
    assert "make check FORMAT=github" in runs
    assert "make site" in runs
    assert any(run.startswith("make -s diff") and "$GITHUB_STEP_SUMMARY" in run for run in runs)
    summary = next(step for step in steps(data) if "diff" in step.get("run", ""))
    assert summary["env"]["BASE"] == "origin/${{ github.base_ref }}"
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") and step["with"]["path"] == "site/"
               for step in steps(data))


def test_pushes_to_the_default_branch_deploy_to_pages():
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"]["pages"] == "write"
    assert "make site" in [step.get("run") for step in steps(data)]
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in data["jobs"]["deploy"]["steps"])


def test_the_pull_request_summary_fails_on_a_breaking_change():
    summary = next(step["run"] for step in steps(workflow("pr.yml")) if "diff" in step.get("run", ""))
    command = shlex.split(summary.split(">>")[0])
    dry_run = subprocess.run([*command, "-n", "BASE=origin/main"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout
    assert "contracts diff origin/main --format markdown --fail-on breaking" in dry_run


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_checkout_fetches_the_full_history(path):
    """/changes/ is read from git history; a shallow checkout is a problem that fails the strict build."""
    checkouts = [step for step in steps(workflow(path.name)) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step.get("with", {}).get("fetch-depth") == 0 for step in checkouts)
