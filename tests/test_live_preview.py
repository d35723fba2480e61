"""The live preview (`make serve`, i.e. `mkdocs serve --dirty`) rebuilds only the pages an edit can change,
and the site it then serves is the site a clean build of the edited tree makes, byte for byte.

Each rebuild here is what `mkdocs serve` runs on a change: the real build function, a new configuration,
the same plugin instances (MkDocs keeps those that define `on_startup`), the same site folder, `dirty=True`.
The clean build runs in a fresh process with the same serve URL, so nothing differs legitimately: the
live-reload script is injected when a page is served, not written into the files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import contract_catalog_synth as synth_corpus
import pytest
from conftest import make_project
from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"
CLEAN_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.site_url = sys.argv[3]
build(config, serve_url=sys.argv[3])
"""


def serve_build(project: Path) -> None:
    """One build of `mkdocs serve --dirty`: what it runs at start and after each change."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "served"))
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=True)


def clean_build(project: Path) -> Path:
    site = project / "clean"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-c", CLEAN_BUILD, str(project / "mkdocs.yml"), str(site), SERVE_URL],
        check=True,
        cwd=project,
        env=env,
        capture_output=True,
    )
    return site


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def assert_same_site(served: Path, clean: Path) -> None:
    served_files, clean_files = site_files(served), site_files(clean)
    assert sorted(served_files) == sorted(clean_files), (
        "the preview serves other files than a clean build writes"
    )
    differing = [name for name in clean_files if served_files[name] != clean_files[name]]
    assert not differing, f"the preview serves stale or different files: {differing[:10]}"


def written_at(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns for path in site.rglob("index.html")}


@pytest.fixture
def preview(tmp_path):
    """A project of a small synthetic tree (shared definitions, several versions), served once."""
    source = tmp_path / "source"
    synth_corpus.generate(24, source, seed=3)
    project = make_project(tmp_path, source / "contracts")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "served"))
    config.plugins.on_startup(command="serve", dirty=True)  # as `mkdocs serve --dirty` starts
    try:
        serve_build(project)
        yield project
    finally:
        # The plugin instances live on for the rest of this process (MkDocs caches them): plain builds again.
        config.plugins.on_startup(command="build", dirty=False)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        search.search_index_prev = None


def event_types(registry: dict) -> list[str]:
    return [name for name, entry in registry.items() if isinstance(entry, dict) and "producer" in entry]


def payload_schemas(project: Path) -> list[Path]:
    return sorted((project / "contracts").glob("*/schema/payloads/*.json"))


def test_a_payload_schema_edit_is_served_as_a_clean_build_of_the_edited_tree(preview: Path):
    served = preview / "served"
    before = written_at(served)
    schema = payload_schemas(preview)[0]
    data = json.loads(schema.read_text(encoding="utf-8"))
    field = next(name for name, value in sorted(data["properties"].items()) if "$ref" not in value)
    data["properties"][field]["description"] = "Edited in the preview: zebra crossing"
    schema.write_text(json.dumps(data, indent=2), encoding="utf-8")

    serve_build(preview)

    event = schema.name.rsplit("-v", 1)[0]
    assert "zebra crossing" in (served / "events" / event / "index.html").read_text(encoding="utf-8")
    assert "zebra crossing" in (served / "fields.json").read_text(encoding="utf-8")
    assert "zebra crossing" in (served / "search" / "search_index.json").read_text(encoding="utf-8")
    assert_same_site(served, clean_build(preview))
    after = written_at(served)
    untouched = [
        page
        for page in before
        if page.startswith("events/") and event not in page and after[page] == before[page]
    ]
    assert untouched, "every event page was rebuilt for an edit of one event's schema"
    assert after[f"events/{event}/index.html"] != before[f"events/{event}/index.html"]
    for whole_tree in ("events/index.html", "graph/index.html", "timeline/index.html"):  # they show no schema
        assert after[whole_tree] == before[whole_tree], f"{whole_tree} was rebuilt for a schema edit"


def test_an_edit_of_a_shared_definition_reaches_every_event_that_references_it(preview: Path):
    shared = next((preview / "contracts").glob("*/schema/defs/*.json"))
    data = json.loads(shared.read_text(encoding="utf-8"))
    definitions = data["$defs"]
    reference = {name: f"{shared.name}#/$defs/{name}" for name in definitions}
    referring = {
        name: [
            path for path in payload_schemas(preview) if reference[name] in path.read_text(encoding="utf-8")
        ]
        for name, value in definitions.items()
        if str(value.get("pattern", "")).endswith("$")
    }
    name = max(referring, key=lambda n: len(referring[n]))
    assert len(referring[name]) > 1, "the synthetic tree references a shared definition from several events"
    definitions[name]["pattern"] = definitions[name]["pattern"][:-1] + "(-heron)?$"  # the examples stay valid
    shared.write_text(json.dumps(data, indent=2), encoding="utf-8")

    serve_build(preview)

    served = preview / "served"
    for schema in referring[name]:
        page = served / "events" / schema.name.rsplit("-v", 1)[0] / "index.html"
        assert "heron" in page.read_text(encoding="utf-8"), f"{page} still shows the old definition"
    assert_same_site(served, clean_build(preview))


def test_a_new_consumer_in_the_registry_reaches_every_page_that_shows_it(preview: Path):
    registry_path = preview / "contracts" / "event-types-registry.json"
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    event = min(event_types(registry))
    registry[event]["consumers"] = [*registry[event].get("consumers", []), "lighthouse"]
    domains = registry["domains"]
    domains["lighthouse"] = {**next(iter(domains.values())), "description": "Keeps watch."}
    registry_path.write_text(json.dumps(registry, indent=2), encoding="utf-8")

    serve_build(preview)

    served = preview / "served"
    assert "lighthouse" in (served / "events" / event / "index.html").read_text(encoding="utf-8")
    assert event in (served / "domains" / "lighthouse" / "index.html").read_text(encoding="utf-8")
    assert "lighthouse" in (served / "graph" / "index.html").read_text(encoding="utf-8")
    assert "lighthouse" in (served / "events" / "index.html").read_text(encoding="utf-8")
    assert "lighthouse" in (served / "catalog.json").read_text(encoding="utf-8")
    assert_same_site(served, clean_build(preview))


def test_a_removed_event_type_leaves_no_page_behind(preview: Path):
    registry_path = preview / "contracts" / "event-types-registry.json"
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    event = max(event_types(registry))
    del registry[event]
    registry_path.write_text(json.dumps(registry, indent=2), encoding="utf-8")

    serve_build(preview)

    assert not (preview / "served" / "events" / event / "index.html").exists()
    assert_same_site(preview / "served", clean_build(preview))
