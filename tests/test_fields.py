"""/fields/: every field of every schema, each linking to a row that exists; a page per shared name; drift."""

from __future__ import annotations

import html
import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, REPO, BuiltSite

SCHEMA = REPO / "site_plugins" / "contract_catalog" / "fields.schema.json"
DRIFT = FIXTURES / "fields" / "contracts"
METADATA_KEYS = {"$schema", "$comment", "registry_version", "description", "domains"}


def fields_document(site: BuiltSite) -> dict:
    return json.loads((site.site / "fields.json").read_text(encoding="utf-8"))


def fields_of(site: BuiltSite) -> dict:
    """fields.json with each field as a dict: the file gives its values in the order of `columns`."""
    document = fields_document(site)
    return {
        **document,
        "fields": [dict(zip(document["columns"], row, strict=True)) for row in document["fields"]],
    }


# -------------------------------------------------- an independent flattening of the schema files


class Flattener:
    """Property paths of a schema, walked straight from the JSON files:
    `a.b`, `a[].c`, `m./pattern/`, `m.*`."""

    def __init__(self, root: Path) -> None:
        self.root = root  # the folder holding contracts/

    def load(self, path: str):
        return json.loads((self.root / path).read_text(encoding="utf-8"))

    def resolve(self, file: str, document, ref: str):
        target, _, fragment = ref.partition("#")
        if target:
            file = posixpath.normpath(posixpath.join(posixpath.dirname(file), target))
            document = self.load(file)
        node = document
        for token in [t for t in fragment.split("/") if t]:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return file, document, node, f"{file}#{fragment}"

    def paths(self, file: str) -> set[str]:
        found: set[str] = set()
        document = self.load(file)
        self.walk(file, document, document, "", found, (f"{file}#",))
        return found

    def walk(self, file, document, schema, prefix, found, trail) -> None:
        if not isinstance(schema, dict):
            return
        if isinstance(schema.get("$ref"), str):
            file2, document2, target, key = self.resolve(file, document, schema["$ref"])
            if key not in trail:  # a recursive reference is shown once, not expanded
                self.walk(file2, document2, target, prefix, found, (*trail, key))

        def join(name: str) -> str:
            return f"{prefix}.{name}" if prefix else name

        names = [
            *schema.get("properties", {}),
            *[n for n in schema.get("required", []) if isinstance(n, str)],
        ]
        for name in names:
            found.add(join(name))
            self.walk(file, document, schema.get("properties", {}).get(name), join(name), found, trail)
        for pattern, sub in schema.get("patternProperties", {}).items():
            self.walk(file, document, sub, join(f"/{pattern}/"), found, trail)
        if isinstance(schema.get("additionalProperties"), dict):
            self.walk(file, document, schema["additionalProperties"], join("*"), found, trail)
        for index, sub in enumerate(schema.get("prefixItems", [])):
            self.walk(file, document, sub, f"{prefix}[{index}]", found, trail)
        if isinstance(schema.get("items"), dict):
            self.walk(file, document, schema["items"], f"{prefix}[]", found, trail)
        for keyword in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(keyword, []):
                self.walk(file, document, sub, prefix, found, trail)
        for keyword in ("then", "else"):
            self.walk(file, document, schema.get(keyword), prefix, found, trail)
        for sub in schema.get("dependentSchemas", {}).values():
            self.walk(file, document, sub, prefix, found, trail)


def expected_paths(root: Path) -> dict[tuple[str | None, int], set[str]]:
    """(event or None for the envelope, version) -> every property path its schema file declares."""
    registry = json.loads((root / "contracts" / "event-types-registry.json").read_text(encoding="utf-8"))
    flattener = Flattener(root)
    expected = {}
    for name, entry in registry.items():
        if name in METADATA_KEYS:
            continue
        for version in entry["schema_versions"]:
            if version.get("payload_schema"):
                expected[(name, version["version"])] = flattener.paths(version["payload_schema"])
    envelopes = sorted(
        (root / "contracts" / "event-envelope" / "schema").glob("envelope-v*.json"),
        key=lambda p: int(re.search(r"v(\d+)", p.name).group(1)),
    )
    if envelopes:
        expected[(None, 1)] = flattener.paths(envelopes[-1].relative_to(root).as_posix())
    return expected


def listed_paths(site: BuiltSite) -> dict[tuple[str | None, int], set[str]]:
    listed: dict[tuple[str | None, int], set[str]] = {}
    for entry in fields_of(site)["fields"]:
        if entry["kind"] == "property":
            listed.setdefault((entry["event"], entry["version"]), set()).add(entry["path"])
    return listed


def test_fields_json_lists_every_property_of_every_schema_version_and_the_envelope(bundled_site):
    expected = expected_paths(REPO)
    listed = listed_paths(bundled_site)
    assert sum(len(paths) for paths in expected.values()) > 500  # the walk really read the corpus
    assert listed.keys() == {key for key, paths in expected.items() if paths}
    for key, paths in expected.items():
        assert listed.get(key, set()) == paths, key


# ---------------------------------------------------------------- every link lands on a row that exists


def ids_of(site: BuiltSite, url_path: str, cache: dict) -> set[str]:
    if url_path not in cache:
        cache[url_path] = {html.unescape(i) for i in re.findall(r'\sid="([^"]+)"', site.page(url_path))}
    return cache[url_path]


def test_every_field_links_to_its_row_on_the_event_page(bundled_site):
    cache: dict = {}
    entries = fields_of(bundled_site)["fields"]
    for entry in entries:
        page, _, anchor = entry["url"].partition("#")
        assert anchor.startswith(f"v{entry['version']}-")
        assert anchor in ids_of(bundled_site, page, cache), entry["url"]
    assert {e["url"].split("#")[0] for e in entries} >= {"envelope/"}


def test_field_pages_link_to_every_occurrence_and_each_link_resolves(bundled_site):
    cache: dict = {}
    entries = fields_of(bundled_site)["fields"]
    pages = {e["page"] for e in entries if e["page"]}
    assert len(pages) > 20
    for page in pages:
        text = bundled_site.page(page)
        links = {
            posixpath.normpath(posixpath.join("/" + page, html.unescape(h)))
            for h in re.findall(r'href="([^"]+#v\d+-[^"]+)"', text)
        }
        for entry in (e for e in entries if e["page"] == page):
            assert posixpath.normpath("/" + entry["url"]) in links, (page, entry["url"])
        for link in links:
            path, anchor = link.split("#")
            assert anchor in ids_of(bundled_site, path.strip("/") + "/", cache), (page, link)


def test_a_name_in_several_events_has_a_page_and_the_index_links_to_it(bundled_site):
    entries = fields_of(bundled_site)["fields"]
    events_of: dict[str, set] = {}
    for e in entries:
        if e["kind"] == "property":
            events_of.setdefault(e["name"], set()).add(e["event"])
    for name, events in events_of.items():
        if len(events) > 1:
            assert all(e["page"] for e in entries if e["name"] == name and e["kind"] == "property"), name
    person = bundled_site.page("fields/person_id/")
    assert "person_id" in person and "Occurrences" in person


def test_fields_json_validates_against_the_published_schema(bundled_site):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(fields_document(bundled_site))
    assert (bundled_site.site / "fields.schema.json").read_bytes() == SCHEMA.read_bytes()


def test_the_index_page_shows_the_first_rows_without_script_and_is_in_the_nav(bundled_site):
    text = bundled_site.page("fields/")
    table = text.split('class="cc-fields-index__table"', 1)[1].split("</table>", 1)[0]
    total = len(fields_of(bundled_site)["fields"])
    assert table.count("<tr>") - 1 == min(200, total)  # the header row, then the first rows
    assert f"The first 200 of {total} rows" in text
    assert 'href="../fields.json"' in text
    assert re.search(r'<a[^>]*href="\./"[^>]*>\s*Fields', text) or 'href="../fields/"' in bundled_site.page(
        "events/"
    )


def test_search_has_an_entry_per_field_landing_on_its_newest_row(bundled_site):
    index = json.loads((bundled_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"]: doc for doc in index["docs"]}
    entries = fields_of(bundled_site)["fields"]
    newest: dict[tuple, dict] = {}  # one result per field path of an event, on its newest version's row
    for e in entries:
        key = (e["event"], e["path"])
        if key not in newest or e["version"] > newest[key]["version"]:
            newest[key] = e
    missing = [e["url"] for e in newest.values() if e["url"] not in locations]
    assert not missing, missing[:5]
    older = [e["url"] for e in entries if e is not newest[(e["event"], e["path"])] and e["url"] in locations]
    assert not older, older[:5]  # an older version's row is named in the entry, not a result of its own
    entry = next(e for e in newest.values() if e["path"] == "person_id" and e["event"])
    assert locations[entry["url"]]["title"] == "person_id"
    both = next(e for e in newest.values() if e["event"] == "refund.completed" and e["path"] == "person_id")
    assert "refund.completed v1, v2 field" in locations[both["url"]]["text"]


def test_the_bundled_corpus_drift_is_reported_and_a_strict_build_still_passes(bundled_site):
    findings = {(f["kind"], f["name"]) for f in fields_of(bundled_site)["findings"]}
    # What the corpus really contains: `initiated_by` an object in credit and refund events, a string in
    # lesson.rescheduled; `idempotency_key` with a pattern on the request and none on its completion.
    assert ("type", "initiated_by") in findings
    assert ("pattern", "idempotency_key") in findings
    assert not any("drift" in w for w in bundled_site.warnings)
    assert "initiated_by" in bundled_site.page("fields/").split('id="all"')[0]


# ---------------------------------------------------------------- a deliberate drift in a fixture


def test_deliberate_drift_is_on_the_pages_and_fails_a_strict_build_only_when_asked(build_site):
    site = build_site(DRIFT, strict=True)  # notes by default: the strict build passes
    findings = {(f["kind"], f["name"]) for f in fields_of(site)["findings"]}
    assert ("format", "person_id") in findings  # a uuid in widget.created, a free string in widget.removed
    assert ("description", "widget_id") in findings
    copy = next(f for f in fields_of(site)["findings"] if f["kind"] == "inline-copy")
    assert "ship_to" in copy["message"] and "return_address" in copy["message"]
    page = site.page("fields/person_id/")
    assert "uuid" in page and "widget.removed" in page and "widget.created" in page
    assert "person_id" in site.page("fields/").split('id="all"')[0]

    hostile = "<img src=x onerror=alert(1)>"  # a property name in both schemas, and its description
    for page in ("fields/", "fields/img-src-x-onerror-alert-1/", "events/widget.created/"):
        text = site.page(page)
        assert hostile not in text and "<script>alert(1)" not in text, page
    assert "&lt;img src=x onerror=alert(1)&gt;" in site.page("fields/img-src-x-onerror-alert-1/")
    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    entries = [d for d in docs if "onerror" in d["title"]]
    assert entries and all("<img" not in d["title"] + d["text"] for d in docs)

    with pytest.raises(Exception, match="Aborted with 2 warnings"):
        build_site(DRIFT, plugin_options={"field_drift": "warning"}, strict=True)


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "contract_catalog.cli",
            "check",
            "--contracts",
            str(DRIFT),
            "--build-date",
            "2026-05-20",
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_contracts_check_prints_drift_as_notes_and_fails_on_it_only_when_asked():
    default = check()
    assert default.returncode == 0, default.stderr
    assert (
        "widget.removed-v1.json#/properties/person_id: note: field 'person_id' has 2 different formats"
        in default.stdout
    )
    assert "2 notes that fail nothing" in default.stderr
    github = check("--format", "github")
    assert github.stdout.startswith("::notice file=contracts/alpha/schema/payloads/")
    strict = check("--field-drift", "error")
    assert strict.returncode == 1 and "note:" not in strict.stdout and "person_id" in strict.stdout
    off = check("--field-drift", "off")
    assert off.returncode == 0 and off.stdout == ""


def test_a_drift_message_names_a_few_values_and_counts_the_rest():
    from contract_catalog.schema.field_index import MESSAGE_VALUES, name_drift, occurrences_of
    from contract_catalog.schema.rows import FieldRow

    types = ["string", "integer", "boolean", "number", "object", "array", "null", "string | integer"] * 2
    occurrences = [
        o
        for n, type_label in enumerate(types[: MESSAGE_VALUES + 4])
        for o in occurrences_of(
            [FieldRow(path="status", anchor="v1-status", type_label=f"{type_label} #{n}", required=True)],
            event=f"event.{n:02}",
            version=1,
            status="active",
            domain="sales",
            page=f"events/event.{n:02}.md",
            schema=f"contracts/x/event.{n:02}-v1.json",
        )
    ]
    (finding,) = [f for f in name_drift("status", occurrences) if f.kind == "type"]
    assert f"has {MESSAGE_VALUES + 4} different types" in finding.message
    assert finding.message.endswith("; and 4 more")
    assert finding.message.count(" in event.") == MESSAGE_VALUES
    assert len(finding.groups) == MESSAGE_VALUES + 4  # the field's page still lists every value
