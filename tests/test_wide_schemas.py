"""Real-world schema shapes: hundreds of fields, large shared definitions `$ref`-ed across files, `oneOf`
variants. An event page stays readable (each shared definition shown once, variants list only what
differs) and small, and every field path still has its anchor on the page.

The paths come from an independent flattening (tests/flatten.py), not from the catalog's own rows.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import contract_catalog_synth as synth
import pytest
from bs4 import BeautifulSoup
from conftest import REPO, build_project, make_project
from flatten import Flattener

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wide"
PAGE_LIMIT = 400_000  # bytes of HTML for one event page
EVENT = "repo.pushed"


def _events(contracts: Path) -> dict[str, dict]:
    registry = json.loads((contracts / "event-types-registry.json").read_text(encoding="utf-8"))
    return {
        name: entry
        for name, entry in registry.items()
        if isinstance(entry, dict) and "schema_versions" in entry
    }


def _unreachable(site: Path, root: Path, name: str, entry: dict) -> list[str]:
    """Field paths of the event's schemas that have no element with their anchor id on its page."""
    html = (site / "events" / name / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    flattener = Flattener(root)
    missing = []
    for version in entry["schema_versions"]:
        if version.get("payload_schema"):
            paths = flattener.paths(version["payload_schema"])
            assert paths, f"{name} v{version['version']}: the independent flattening found no field"
            missing += [
                f"v{version['version']}-{p}" for p in paths if f"v{version['version']}-{p}" not in ids
            ]
    return missing


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("wide"), FIXTURE / "contracts")
    return build_project(project, strict=True)


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory):
    """Twelve events of the synthetic corpus's wide profile."""
    tmp = tmp_path_factory.mktemp("wide-profile")
    contracts = synth.generate(12, tmp / "tree" / "contracts", seed=3, profile="wide")
    project = make_project(tmp, contracts)
    shutil.rmtree(tmp / "tree")
    return build_project(project, strict=True)


def test_the_fixture_event_has_500_fields_shared_definitions_and_three_variants():
    schema = json.loads((FIXTURE / "contracts/hooks/schema/payloads/repo.pushed-v1.json").read_text())
    assert len(Flattener(FIXTURE).paths("contracts/hooks/schema/payloads/repo.pushed-v1.json")) >= 500
    assert len(schema["properties"]["action"]["oneOf"]) == 3
    assert "shared/schema/defs/hooks-v1.json" in json.dumps(schema)


def test_a_500_field_event_page_is_small_and_every_field_has_its_anchor(fixture_site):
    assert fixture_site.warnings == []
    html = fixture_site.page(f"events/{EVENT}/")
    assert len(html.encode()) < PAGE_LIMIT
    assert (
        _unreachable(fixture_site.site, fixture_site.root, EVENT, _events(FIXTURE / "contracts")[EVENT]) == []
    )


def test_a_shared_definition_is_shown_once_and_linked_from_every_use(fixture_site):
    page = BeautifulSoup(fixture_site.page(f"events/{EVENT}/"), "html.parser")
    shown = [d.select_one("summary code").get_text() for d in page.select("details.cc-definition")]
    assert sorted(shown) == sorted(set(shown)) and {"user", "repository", "commit"} <= set(shown)
    user = next(
        d for d in page.select("details.cc-definition") if d.select_one("summary code").get_text() == "user"
    )
    assert not user.has_attr("open")  # folded until a reader or a link opens it
    uses = page.select("tr.cc-field--shared")
    assert {row["id"] for row in uses} >= {"v1-sender", "v1-pusher", "v1-repository", "v1-head_commit"}
    sender = page.find(id="v1-sender")
    assert sender.select_one(".cc-shared-ref").get_text(" ", strip=True).startswith("Shape: user (")
    login = page.find(id="v1-sender.login")
    assert login.name == "a" and login["href"] == f"#{user['id']}.login"
    assert page.find(id=login["href"][1:]) is not None  # the definition's row of that field
    # through two definitions
    assert page.find(id="v1-repository.owner.login")["href"].endswith("~user.login")


def test_variants_show_what_they_declare_alike_once(fixture_site):
    page = BeautifulSoup(fixture_site.page(f"events/{EVENT}/"), "html.parser")
    rows = [tr for tr in page.select("tr.cc-field") if tr["id"].startswith("v1-action.")]
    paths = [tr.select_one(".cc-field-path code").get_text() for tr in rows]
    assert paths.count("action.actor") == 1 and paths.count("action.at") == 1
    assert paths.count("action.action") == 3  # the discriminator differs in every variant
    branches = {tr.select_one(".cc-branch").get_text() for tr in rows if tr.select_one(".cc-branch")}
    assert branches == {"Created", "Updated", "Deleted"}
    assert page.find(id="v1-action.forced").select_one(".cc-branch").get_text() == "Updated"


def test_wide_profile_pages_are_small_and_every_field_has_its_anchor(wide_site):
    contracts = wide_site.root / "contracts"
    events = {
        n: e
        for n, e in _events(contracts).items()
        if any(v.get("payload_schema") for v in e["schema_versions"])
    }
    assert events
    sizes = {}
    for name, entry in events.items():
        sizes[name] = len(wide_site.page(f"events/{name}/").encode())
        assert _unreachable(wide_site.site, wide_site.root, name, entry) == [], name
    counts = [
        len(Flattener(wide_site.root).paths(v["payload_schema"]))
        for e in events.values()
        for v in e["schema_versions"]
        if v.get("payload_schema")
    ]
    assert min(counts) >= 100 and max(counts) <= 500, counts
    assert max(sizes.values()) < PAGE_LIMIT, sizes


def test_the_bundled_catalog_shows_every_field(bundled_site):
    missing = {
        name: _unreachable(bundled_site.site, bundled_site.root, name, entry)
        for name, entry in _events(REPO / "contracts").items()
    }
    assert {name: paths for name, paths in missing.items() if paths} == {}


def test_counts_in_the_thousands_are_printed_with_separators(wide_site):
    rows = len(json.loads((wide_site.site / "fields.json").read_text(encoding="utf-8"))["fields"])
    assert rows >= 1000
    lead = BeautifulSoup(wide_site.page("fields/"), "html.parser").select_one(".cc-lead").get_text()
    assert f"{rows:,} field rows" in lead, lead


def test_a_long_drift_value_on_a_field_page_shows_its_first_places_and_links_to_the_rest(wide_site):
    """A name in hundreds of places once listed them all under each drifting value; the page's Occurrences
    section lists every place, grouped by definition."""
    linked = []
    for page in sorted((wide_site.site / "fields").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for value in soup.select(".cc-field-findings > li > ul > li"):
            more = value.find("a", string=re.compile(r"^[\d,]+ more$"))
            if more is not None:
                assert more["href"] == "#occurrences" and soup.find(id="occurrences") is not None
                linked.append(int(more.get_text().split()[0].replace(",", "")))
    assert linked and max(linked) > 12, linked
