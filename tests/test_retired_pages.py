"""Retired pages on a small tree: removed versions, replacements, declared renames, shallow clones."""

from __future__ import annotations

import json
import shutil
import subprocess

import jsonschema
from bs4 import BeautifulSoup
from conftest import FIXTURES, REPO, SHALLOW_PROBLEM, build_project, make_project

MINI = FIXTURES / "mini" / "contracts"
SCHEMA = REPO / "site_plugins" / "contract_catalog" / "catalog.schema.json"


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def edit_registry(tree, change) -> None:
    path = tree / "event-types-registry.json"
    registry = json.loads(path.read_text(encoding="utf-8"))
    change(registry)
    path.write_text(json.dumps(registry, indent=2), encoding="utf-8")


def git(project, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(project), *args],
        check=True,
        capture_output=True,
    )


def committed(tmp_path, message="First registry"):
    project = make_project(tmp_path, MINI)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", message)
    return project


def test_a_rename_the_registry_declares_sends_old_links_on_without_git(build_site, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(MINI, tree)

    def rename(registry):
        entry = registry.pop("widget.removed")
        registry["widget.deleted"] = {**entry, "renamed_from": "widget.removed"}

    edit_registry(tree, rename)
    site = build_site(tree)
    old = soup(site.page("events/widget.removed/"))
    assert old.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../widget.deleted/"
    assert old.select_one('[id="v1"] a')["href"] == "../widget.deleted/#v1"  # works without the script
    assert "widget.removed was renamed to widget.deleted" in old.title.get_text()
    index = soup(site.page("events/")).select_one("#retired").find_next("table")
    assert "renamed to widget.deleted" in index.get_text(" ", strip=True)
    assert not [w for w in site.warnings if "renamed_from" in w or "widget.removed" in w]
    catalog = json.loads((site.site / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalog, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert catalog["retired"]["history"] == "none"
    assert [(e["name"], e["renamed_to"], e["removed"]) for e in catalog["retired"]["events"]] == [
        ("widget.removed", "widget.deleted", None)
    ]


def test_a_replacement_that_is_not_registered_is_a_problem_at_its_pointer(build_site, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(MINI, tree)
    edit_registry(tree, lambda r: r["widget.created"].update(replaced_by="widget.nowhere"))
    site = build_site(tree)
    assert (
        "contract_catalog: contracts/event-types-registry.json#/widget.created/replaced_by: 'replaced_by' "
        "names 'widget.nowhere', no registered event type"
    ) in site.warnings
    edit_registry(tree, lambda r: r["widget.created"].update(replaced_by=7))
    assert (
        "contract_catalog: contracts/event-types-registry.json#/widget.created/replaced_by: 'replaced_by' "
        "must be an event type name, not 7"
    ) in build_site(tree).warnings


def test_the_registry_schema_accepts_the_new_fields(tmp_path):
    from contract_catalog.model.catalog import load_catalog
    from contract_catalog.site.checks import registry_schema_problems

    tree = tmp_path / "contracts"
    shutil.copytree(REPO / "contracts", tree)
    edit_registry(
        tree,
        lambda r: r["payment.received"].update(replaced_by="payment.failed", renamed_from="payment.taken"),
    )
    assert registry_schema_problems(load_catalog(tree)) == []
    edit_registry(tree, lambda r: r["payment.received"].update(replaced_by="Not An Event"))
    catalog = load_catalog(tree)
    found = [*catalog.all_problems, *registry_schema_problems(catalog)]  # the schema's is not said twice
    assert [p.pointer for p in found] == ["/payment.received/replaced_by"]


def test_a_removed_version_and_a_removed_event_keep_their_anchors_and_say_when(tmp_path):
    project = committed(tmp_path)
    edit_registry(project / "contracts", lambda r: r["widget.removed"].update(replaced_by="widget.created"))
    git(project, "commit", "-qam", "widget.removed is replaced by widget.created")

    def retire(registry):
        del registry["widget.removed"]
        registry["widget.created"]["schema_versions"].pop(0)

    edit_registry(project / "contracts", retire)
    git(project, "commit", "-qam", "Retire widget.removed and widget.created v1")
    site = build_project(project)

    tombstone = soup(site.page("events/widget.removed/")).select_one("article")
    text = tombstone.get_text(" ", strip=True)
    assert "Removed on" in text and "Retire widget.removed and widget.created v1" in text
    assert tombstone.select_one("#v1") is not None
    assert tombstone.select_one('.cc-retired-banner a[href="../widget.created/"]') is not None
    assert "Last producer south" in text

    event = soup(site.page("events/widget.created/")).select_one("article")
    retired_v1 = event.select_one("#retired-versions").find_next("h3")
    assert retired_v1["id"] == "v1" and "removed" in retired_v1.get_text()
    assert (
        "First cut, replaced by v2"
        in event.select_one("#retired-versions").find_next("div", class_="cc-notes").get_text()
    )

    index = soup(site.page("events/")).select_one("#retired").find_next("table").get_text(" ", strip=True)
    assert "widget.removed" in index and "replaced by widget.created" in index
    catalog = json.loads((site.site / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalog, json.loads(SCHEMA.read_text(encoding="utf-8")))
    retired = catalog["retired"]
    assert retired["history"] == "complete"
    assert [(e["name"], e["replaced_by"], e["url"]) for e in retired["events"]] == [
        ("widget.removed", "widget.created", "events/widget.removed/")
    ]
    assert [(v["event"], v["version"], v["url"]) for v in retired["versions"]] == [
        ("widget.created", 1, "events/widget.created/#v1")
    ]
    assert retired["events"][0]["removed"]["subject"] == "Retire widget.removed and widget.created v1"


def test_a_shallow_clone_is_a_named_problem_and_the_rest_builds(tmp_path):
    project = committed(tmp_path)
    edit_registry(project / "contracts", lambda r: r.pop("widget.removed"))
    git(project, "commit", "-qam", "Retire widget.removed")
    edit_registry(project / "contracts", lambda r: r["widget.created"].update(consumers=["south"]))
    git(project, "commit", "-qam", "West stops reading widget.created")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], check=True)
    shutil.copy(project / "mkdocs.yml", clone / "mkdocs.yml")
    (clone / "docs").mkdir(exist_ok=True)
    site = build_project(clone)
    # one problem names what a shallow clone costs
    shallow = [w for w in site.warnings if SHALLOW_PROBLEM in w]
    assert (
        len(shallow) == 1 and "what was removed before it keeps no page (tombstone or redirect)" in shallow[0]
    )
    assert (site.site / "events/widget.created/index.html").is_file()
    assert not (site.site / "events/widget.removed/index.html").exists()


def test_a_renamed_event_type_later_removed_sends_its_old_url_to_the_tombstone_of_its_new_name(tmp_path):
    project = committed(tmp_path)
    edit_registry(
        project / "contracts",
        lambda r: r.update({"widget.deleted": {**r.pop("widget.removed"), "renamed_from": "widget.removed"}}),
    )
    git(project, "commit", "-qam", "widget.removed is now widget.deleted")
    edit_registry(project / "contracts", lambda r: r.pop("widget.deleted"))
    git(project, "commit", "-qam", "Retire widget.deleted")
    site = build_project(project)
    old = soup(site.page("events/widget.removed/"))
    assert old.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../widget.deleted/"
    assert old.select_one('[id="v1"] a')["href"] == "../widget.deleted/#v1"
    tombstone = soup(site.page("events/widget.deleted/")).select_one("article")
    assert "Removed on" in tombstone.get_text() and tombstone.select_one("#v1") is not None


def test_text_from_history_never_injects_html(tmp_path):
    project = committed(tmp_path)

    def hostile(registry):
        entry = registry["widget.removed"]
        entry["producer"] = '<img src=x onerror="alert(1)">'
        entry["schema_versions"][0]["notes"] = "<script>alert(2)</script> **bold** [x](javascript:alert(3))"

    edit_registry(project / "contracts", hostile)
    git(project, "commit", "-qam", "<script>alert(4)</script>")
    edit_registry(project / "contracts", lambda r: r.pop("widget.removed"))
    git(project, "commit", "-qam", "Retire <b>widget.removed</b>")
    site = build_project(project)
    article = soup(site.page("events/widget.removed/")).select_one("article")
    assert article.select("script, img, b") == [] and "javascript:" not in str(article)
    assert "Retire <b>widget.removed</b>" in article.get_text()  # the subject as text
    assert article.select_one(".cc-notes strong").get_text() == "bold"
