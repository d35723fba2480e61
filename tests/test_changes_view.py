"""Schema evolution on the site: diffs between consecutive versions, and the changelog from git history."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import FIXTURES, build_project, make_project
from page_html import content

MINI = FIXTURES / "mini" / "contracts"


def add_version_three(tree) -> None:
    """widget.created v3: `size.width` becomes optional, a required `colour` appears."""
    schema = json.loads((tree / "alpha/schema/payloads/widget.created-v2.json").read_text())
    schema["title"] = "widget.created v3"
    schema["properties"]["colour"] = {"type": "string", "enum": ["red", "blue"]}
    schema["required"] = ["widget_id", "size", "colour"]
    schema["properties"]["size"]["required"] = []
    schema["examples"] = [{"widget_id": "w1", "size": {}, "colour": "red"}]
    (tree / "alpha/schema/payloads/widget.created-v3.json").write_text(json.dumps(schema, indent=2))
    registry = json.loads((tree / "event-types-registry.json").read_text())
    registry["widget.created"]["schema_versions"].append(
        {
            "version": 3,
            "payload_schema": "contracts/alpha/schema/payloads/widget.created-v3.json",
            "status": "active",
            "registered_at": "2026-03-01",
            "notes": "Adds colour.",
        }
    )
    (tree / "event-types-registry.json").write_text(json.dumps(registry, indent=2))


def test_consecutive_versions_show_their_field_changes_and_verdicts(build_site, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(MINI, tree)
    add_version_three(tree)
    page = content(build_site(tree).page("events/widget.created/"))
    section = page.select_one("#changes-v3").find_next("p", class_="cc-verdicts")
    verdicts = [span.get_text(" ", strip=True) for span in section.select(".cc-verdict")]
    assert verdicts == ["BACKWARD breaks", "FORWARD breaks", "FULL breaks"]
    rows = section.find_next("table", class_="cc-changes").select("tbody tr")
    described = {
        row.select_one("td code").get_text(): row.select("td")[2].get_text(" ", strip=True) for row in rows
    }
    # A new required field without a default: new readers reject old data, and the closed payload makes
    # old readers reject the new field.
    assert described["colour"] == "BACKWARD FORWARD"
    # Dropping a requirement: new readers accept everything old; old readers may miss the field.
    assert described["size.width"] == "FORWARD"
    anchors = {a["href"] for row in rows for a in row.select("a")}
    assert "#v3-colour" in anchors and "#v2-size.width" in anchors
    for anchor in anchors:
        assert page.select_one(f'[id="{anchor[1:]}"]') is not None, anchor


def test_an_older_version_without_a_schema_is_said_instead_of_an_empty_diff(build_site):
    page = content(build_site(MINI).page("events/widget.created/"))
    note = page.select_one("#changes-v2").find_next("p", class_="cc-no-diff")
    assert "v1 has no payload schema registered" in note.get_text()


def test_changes_page_outside_a_git_repository_says_so(build_site):
    page = content(build_site(MINI).page("changes/"))
    assert "No history to show" in page.get_text()


def committed_mini_project(tmp_path):
    """A project whose contracts are the mini tree, committed once as "First registry";
    and its git command."""
    project = make_project(tmp_path, MINI)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(project)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "First registry"], check=True)
    return project, git


def project_with_two_commits(tmp_path):
    project, git = committed_mini_project(tmp_path)
    add_version_three(project / "contracts")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "Register widget.created v3"], check=True)
    return project


def test_changes_page_lists_commits_that_touched_the_contracts_newest_first(tmp_path):
    project = project_with_two_commits(tmp_path)
    page = content(build_project(project).page("changes/"))
    subjects = [p.get_text(strip=True) for p in page.select(".cc-commit-subject")]
    assert subjects == ["Register widget.created v3", "First registry"]
    newest = page.select_one(".cc-commit-changes")
    link = newest.select_one('a[href$="#v3"]')
    assert link is not None and link.get_text() == "widget.created v3"


def test_changes_page_names_each_changed_field_with_its_verdict_and_metadata_as_text(tmp_path):
    project, git = committed_mini_project(tmp_path)
    tree = project / "contracts"
    schema_file = tree / "alpha/schema/payloads/widget.created-v2.json"
    schema = json.loads(schema_file.read_text())
    schema["properties"]["size"]["required"] = []  # size.width becomes optional in place
    schema_file.write_text(json.dumps(schema, indent=2))
    registry = json.loads((tree / "event-types-registry.json").read_text())
    registry["domains"]["alpha"] = {"description": "Widgets {'x': 1}", "owner_team": "widget-team"}
    (tree / "event-types-registry.json").write_text(json.dumps(registry, indent=2))
    subprocess.run([*git, "commit", "-qam", "Loosen size, declare domains"], check=True)

    newest = content(build_project(project).page("changes/")).select_one(".cc-commit-changes")
    fields = {
        item.select_one("code").get_text(): " ".join(item.get_text(" ").split())
        for item in newest.select(".cc-field-changes li")
    }
    assert "size.width" in fields, fields
    assert "breaks FORWARD" in fields["size.width"] and "compatible" not in fields["size.width"]
    metadata = next(
        item
        for item in newest.find_all("li", recursive=False)
        if item.select_one("code").get_text() == "domains"
    )
    assert " ".join(metadata.get_text(" ").split()) == "domains : added alpha (widget-team)"
    text = newest.get_text()
    assert "{'" not in text and "'description':" not in text, "a Python repr reached the page"


def test_a_shallow_checkout_is_a_problem_and_its_oldest_commit_is_not_credited_with_everything(tmp_path):
    """What `actions/checkout` does by default (fetch-depth 1):
    the catalog must say so, not invent history."""
    full = project_with_two_commits(tmp_path)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{full}", str(shallow)], check=True)
    (shallow / "docs").mkdir()  # git keeps no empty folder
    built = build_project(shallow)
    expected = (
        "contract_catalog: contracts/: the git checkout is shallow, so /changes/ cannot tell what its oldest "
        "fetched commit changed, and what was removed before it keeps no page (tombstone or redirect)"
    )
    assert [w for w in built.warnings if "shallow" in w] == [
        expected + "; fetch the full history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)"
    ]
    page = content(built.page("changes/"))
    assert "Incomplete history" in page.get_text()
    assert [p.get_text(strip=True) for p in page.select(".cc-commit-subject")] == [
        "Register widget.created v3"
    ]
    assert "not fetched" in page.select_one(".cc-commit-meta").get_text()
    assert page.select(".cc-commit-changes") == []  # nothing credited to the commit whose parent is missing
    assert not [w for w in build_project(full).warnings if "shallow" in w]
