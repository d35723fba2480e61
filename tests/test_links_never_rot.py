"""Links that never rot: every URL and anchor of an earlier build still answers, and says what happened.

The bundled corpus is committed to a temporary git repository and built; then one commit removes an event
type, renames another (its schema file moved, same owning contract), drops a field from a payload schema in
place, moves one document and deletes another, and the catalog is built again.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, build_project, make_project

REMOVED, RENAMED, NEW_NAME = "payment.failed", "order.updated", "order.changed"
DROPPED_FROM, DROPPED_FIELD = "lead.created", "market_id"
MOVED_DOC, MOVED_TO, DELETED_DOC = (
    "finance-mart/ltv.md",
    "finance-mart/lifetime-value.md",
    "finance-mart/margin.md",
)
EVENT_ANCHOR = re.compile(r"^(v\d+|entry-\d+)(-.+)?$")


def run_git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(project), *args],
        check=True,
        capture_output=True,
    )


def retire_rename_drop_and_move(project: Path) -> None:
    tree = project / "contracts"
    registry = json.loads((tree / "event-types-registry.json").read_text(encoding="utf-8"))
    removed = registry.pop(REMOVED)
    run_git(project, "rm", "-q", removed["schema_versions"][0]["payload_schema"])
    entry = registry.pop(RENAMED)
    old_schema = entry["schema_versions"][0]["payload_schema"]
    new_schema = old_schema.replace(RENAMED, NEW_NAME)
    run_git(project, "mv", old_schema, new_schema)
    entry["schema_versions"][0]["payload_schema"] = new_schema
    registry[NEW_NAME] = entry
    (tree / "event-types-registry.json").write_text(json.dumps(registry, indent=2) + "\n", encoding="utf-8")
    schema_file = tree / "lead-lifecycle/schema/payloads/lead.created-v1.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    del schema["properties"][DROPPED_FIELD]
    schema["required"] = [name for name in schema.get("required", []) if name != DROPPED_FIELD]
    for example in schema.get("examples", []):
        example.pop(DROPPED_FIELD, None)
    schema_file.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    run_git(project, "mv", f"contracts/{MOVED_DOC}", f"contracts/{MOVED_TO}")
    run_git(project, "rm", "-q", f"contracts/{DELETED_DOC}")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-qm", "Retire payment.failed, rename order.updated, move the LTV document")


def published(site: Path) -> dict[str, set[str]]:
    """Every page and schema file of the catalog's folders,
    with the event pages' version and field anchors."""
    found: dict[str, set[str]] = {}
    for path in sorted([*site.glob("events/**/index.html"), *site.glob("contracts/**/index.html")]):
        url = path.parent.relative_to(site).as_posix() + "/"
        ids = set()
        if url.startswith("events/") and url != "events/":
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids = {tag["id"] for tag in soup.select("article [id]") if EVENT_ANCHOR.match(tag["id"])}
        found[url] = ids
    for path in site.glob("contracts/**/*.json"):
        found[path.relative_to(site).as_posix()] = set()
    return found


def page_of(site: Path, url: str) -> BeautifulSoup | None:
    path = site / url / "index.html" if url.endswith("/") else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") if path.is_file() else None


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("rot"), REPO / "contracts")
    run_git(project, "init", "-q")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-qm", "The catalog as first published")
    before = build_project(project).site.rename(project / "site-before")
    retire_rename_drop_and_move(project)
    return before, build_project(project)


def test_every_url_and_anchor_of_the_first_build_resolves_in_the_second(two_builds):
    before, after = two_builds
    old = published(before)
    assert f"events/{REMOVED}/" in old and f"v1-{DROPPED_FIELD}" in old[f"events/{DROPPED_FROM}/"]
    broken = []
    for url, anchors in old.items():
        soup = page_of(after.site, url)
        if soup is None:
            broken.append(url)
            continue
        ids = {tag.get("id") for tag in soup.select("[id]")}
        broken += [f"{url}#{anchor}" for anchor in sorted(anchors - ids)]
    assert not broken, broken


def test_each_old_url_says_what_happened(two_builds):
    _, after = two_builds
    site = after.site
    tombstone = page_of(site, f"events/{REMOVED}/").select_one("article")
    assert re.search(
        r"Removed on \d{4}-\d{2}-\d{2} in [0-9a-f]{10}: Retire payment\.failed", tombstone.get_text()
    )
    assert tombstone.select_one('[id="v1-failure.stage"]') is not None  # its last field table

    redirect = page_of(site, f"events/{RENAMED}/")
    refresh = redirect.select_one('meta[http-equiv="refresh"]')["content"]
    assert refresh.endswith(f"../{NEW_NAME}/")
    link = redirect.select_one('[id="v1"] a, a[id="v1"]') or redirect.select_one('[id="v1"]').find("a")
    assert link["href"] == f"../{NEW_NAME}/#v1"

    note = page_of(site, f"events/{DROPPED_FROM}/").select_one(f'[id="v1-{DROPPED_FIELD}"]')
    assert "removed" in note.get_text() and "Retire payment.failed" in note.get_text()

    moved = page_of(site, "contracts/" + MOVED_DOC.removesuffix(".md") + "/")
    assert moved.select_one('meta[http-equiv="refresh"]')["content"].endswith("../lifetime-value/")
    deleted = page_of(site, "contracts/" + DELETED_DOC.removesuffix(".md") + "/").select_one("article")
    assert "Removed on" in deleted.get_text()


def check_urls(contracts: Path, urls_from: Path, capsys) -> tuple[int, list[dict]]:
    from contract_catalog.cli.main import main

    code = main(
        [
            "check",
            "--contracts",
            str(contracts),
            "--format",
            "json",
            "--build-date",
            "2026-05-20",
            "--urls-from",
            str(urls_from),
        ]
    )
    problems = json.loads(capsys.readouterr().out)
    return code, [p for p in problems if p["code"] in ("url-dropped", "anchor-dropped")]


def test_the_permanence_check_passes_with_history_and_names_what_a_tree_without_it_drops(
    two_builds, tmp_path, capsys
):
    before, after = two_builds
    promised = json.loads((before / "urls.json").read_text(encoding="utf-8"))["urls"]
    assert f"v1-{DROPPED_FIELD}" in promised[f"events/{DROPPED_FROM}/"]
    crawled = tmp_path / "site-without-urls-json"  # a build from before urls.json existed: its pages are read
    shutil.copytree(before, crawled, ignore=shutil.ignore_patterns("urls.json"))
    for source in (before, before / "urls.json", before / "catalog.json", crawled):
        assert check_urls(after.root / "contracts", source, capsys)[1] == [], source
    without_history = tmp_path / "contracts"  # the same tree, copied out of git: nothing keeps the old pages
    shutil.copytree(after.root / "contracts", without_history)
    code, dropped = check_urls(without_history, before, capsys)
    assert code == 1
    named = {p["file"] for p in dropped}
    assert {
        f"events/{REMOVED}/",
        f"events/{RENAMED}/",
        f"events/{DROPPED_FROM}/#v1-{DROPPED_FIELD}",
        "contracts/" + MOVED_DOC.removesuffix(".md") + "/",
    } <= named
    assert all(p["message"].startswith(f"published by {before}") for p in dropped)
