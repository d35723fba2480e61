"""/catalog.json: valid against its published schema, complete, and every URL in it leads somewhere."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, REPO, BuiltSite

MINI = FIXTURES / "mini" / "contracts"
SCHEMA = REPO / "site_plugins" / "contract_catalog" / "catalog.schema.json"
METADATA_KEYS = {"$schema", "$comment", "registry_version", "description", "domains"}


def catalog_of(site: BuiltSite) -> dict:
    return json.loads((site.site / "catalog.json").read_text(encoding="utf-8"))


def validate(document: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(document)


def target(site: BuiltSite, url: str) -> Path:
    path = site.site / url.split("#")[0]
    return path / "index.html" if url.split("#")[0].endswith("/") or url == "" else path


def test_catalog_json_of_the_bundled_catalog_validates_against_its_schema(bundled_site):
    validate(catalog_of(bundled_site))


def test_catalog_schema_is_published_beside_it_as_in_the_repository(bundled_site):
    assert (bundled_site.site / "catalog.schema.json").read_bytes() == SCHEMA.read_bytes()


def test_catalog_json_lists_every_registry_entry_and_every_version(bundled_site):
    registry = json.loads((REPO / "contracts" / "event-types-registry.json").read_text(encoding="utf-8"))
    entries = {name: entry for name, entry in registry.items() if name not in METADATA_KEYS}
    events = {event["name"]: event for event in catalog_of(bundled_site)["events"]}
    assert set(events) == set(entries)
    for name, entry in entries.items():
        listed = [v["version"] for v in events[name]["versions"]]
        assert sorted(listed) == sorted(v["version"] for v in entry["schema_versions"])
        assert events[name]["producer"] == entry["producer"]
        assert events[name]["consumers"] == entry["consumers"]


def test_every_url_in_catalog_json_names_a_published_file(bundled_site):
    document = catalog_of(bundled_site)
    urls = [document["registry"]["url"]]
    for event in document["events"]:
        urls.append(event["url"])
        urls += [v["url"] for v in event["versions"]]
        urls += [v["payload_schema"]["url"] for v in event["versions"] if v["payload_schema"]]
    for contract in document["contracts"]:
        urls += [
            contract["url"],
            *(d["url"] for d in contract["documents"]),
            *(s["url"] for s in contract["schema_files"]),
        ]
    urls += [domain["url"] for domain in document["domains"]]
    missing = [url for url in urls if url is not None and not target(bundled_site, url).is_file()]
    assert missing == []


def test_version_urls_point_at_the_version_heading(bundled_site):
    event = catalog_of(bundled_site)["events"][0]
    for version in event["versions"]:
        page = target(bundled_site, version["url"]).read_text(encoding="utf-8")
        assert f'id="{version["anchor"]}"' in page


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> dict:
    from conftest import build_project, make_project

    project = make_project(tmp_path_factory.mktemp("mini"), MINI, {"deprecation_window_days": 10})
    return catalog_of(build_project(project))


def test_deprecated_version_has_its_sunset_and_state_on_the_build_date(mini):
    v1 = next(e for e in mini["events"] if e["name"] == "widget.created")["versions"][0]
    assert (v1["status"], v1["deprecated_at"], v1["sunset"], v1["state"]) == (
        "deprecated",
        "2026-02-01",
        "2026-02-11",
        "retired",
    )
    assert (mini["build_date"], mini["deprecation_window_days"]) == ("2026-05-20", 10)


def test_payload_schema_has_its_published_url_and_field_count(mini):
    v2 = next(e for e in mini["events"] if e["name"] == "widget.created")["versions"][1]
    assert v2["payload_schema"] == {
        "path": "contracts/alpha/schema/payloads/widget.created-v2.json",
        "url": "contracts/alpha/schema/payloads/widget.created-v2.json",
        "field_count": 4,  # widget_id, size, size.width, size.label
    }
    assert v2["url"] == "events/widget.created/#v2"


def test_owning_contract_and_domains_carry_their_page_urls(mini):
    created = next(e for e in mini["events"] if e["name"] == "widget.created")
    removed = next(e for e in mini["events"] if e["name"] == "widget.removed")
    assert created["owning_contract"] == {
        "path": "contracts/alpha/README.md",
        "contract": "alpha",
        "url": "contracts/alpha/",
    }
    assert removed["owning_contract"] is None
    north = next(d for d in mini["domains"] if d["name"] == "north")
    assert (north["url"], north["produces"], north["consumes"]) == (
        "domains/north/",
        ["widget.created"],
        ["widget.removed"],
    )
    validate(mini)
