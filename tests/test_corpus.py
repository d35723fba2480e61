"""Integrity checks for the contract corpus under contracts/.

The corpus is data, not code: these tests keep it honest. They check that every JSON file parses
without duplicate keys, that every schema is valid against its meta-schema and that its examples
validate (with cross-file $ref resolved from disk, never from the network), that the event types
registry validates against its own schema, that the registry agrees with the facts published in the
2.0.1 package seed, and that every file the registry or the 2.0.1 package names exists.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from contracts_tree import disk_retriever, has_numbered_heading, iter_refs
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from referencing import Registry
from referencing.exceptions import NoSuchResource

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = (ROOT / "contracts").resolve()
REGISTRY_PATH = CONTRACTS / "event-types-registry.json"
REGISTRY_SCHEMA_PATH = CONTRACTS / "event-types-registry.schema.json"
ENVELOPE_PATH = CONTRACTS / "event-envelope" / "schema" / "envelope-v1.json"

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
RESERVED_KEYS = ("$schema", "registry_version", "description", "domains")
DOMAINS = ("platform", "sales", "growth", "delivery", "coaching", "revenue", "platform-warehouse")
DEPRECATION_WINDOW = dt.timedelta(days=14)  # event-envelope README §16


# --------------------------------------------------------------------------------------------
# Loading helpers
# --------------------------------------------------------------------------------------------


class DuplicateKeyError(ValueError):
    """A JSON object in a corpus file repeats a key (json.loads would silently keep the last)."""


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKeyError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def load_json(path: Path):
    """Parse a corpus JSON file strictly: duplicate keys are an error."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle, object_pairs_hook=_reject_duplicates)


@cache
def _load_cached(path: Path):
    return load_json(path)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def inside_contracts(path: Path) -> bool:
    """True when path, with symlinks and '..' resolved, is a regular file inside contracts/."""
    resolved = path.resolve()
    return resolved.is_relative_to(CONTRACTS) and resolved.is_file()


# Schemas carry no $id, so each is validated under its own file:// URI and a relative $ref resolves against
# the referring file; nothing outside contracts/ is read.
retrieve_from_disk = disk_retriever(CONTRACTS, _load_cached)
SCHEMA_REGISTRY: Registry = Registry(retrieve=retrieve_from_disk)


def validator_for_file(path: Path, schema: dict | None = None):
    """A format-checking validator for the schema in path, rooted at the file's own URI."""
    contents = load_json(path) if schema is None else schema
    rooted = {"$id": path.resolve().as_uri(), **contents}
    cls = validator_for(contents, default=Draft202012Validator)
    return cls(rooted, registry=SCHEMA_REGISTRY, format_checker=cls.FORMAT_CHECKER)


def errors_of(validator, instance) -> list[str]:
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    ]


ALL_JSON = sorted(CONTRACTS.rglob("*.json"))
SCHEMA_FILES = [p for p in ALL_JSON if "schema" in p.relative_to(CONTRACTS).parts[:-1]]


def registry() -> dict:
    return load_json(REGISTRY_PATH)


def event_items() -> list[tuple[str, dict]]:
    return [(k, v) for k, v in registry().items() if k not in RESERVED_KEYS]


# --------------------------------------------------------------------------------------------
# Expected facts
# --------------------------------------------------------------------------------------------

# The seed's facts, kept as data: registry 2.0.1's event order and its entries as the seed diff shows them,
# and the 88 files under contracts/ that the 2.0.1 package ships.
SEED = ROOT / "tests" / "fixtures" / "seed"
SEED_FACTS = json.loads((SEED / "registry-facts.json").read_text(encoding="utf-8"))
EVENT_ORDER = tuple(SEED_FACTS["event_order"])
SEED_EVENTS: dict[str, dict] = SEED_FACTS["events"]
PACKAGE_CONTRACT_FILES = tuple(
    (SEED / "package-contract-files-2.0.1.txt").read_text(encoding="utf-8").split()
)


# --------------------------------------------------------------------------------------------
# Every JSON file
# --------------------------------------------------------------------------------------------


def test_corpus_has_json_files():
    assert REGISTRY_PATH.is_file(), "contracts/event-types-registry.json is missing"
    assert SCHEMA_FILES, "no schema files found under contracts/**/schema/"


@pytest.mark.parametrize("path", ALL_JSON, ids=rel)
def test_json_parses_without_duplicate_keys(path: Path):
    load_json(path)


# --------------------------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*SCHEMA_FILES, REGISTRY_SCHEMA_PATH], ids=rel)
def test_schema_is_valid_against_its_meta_schema(path: Path):
    schema = load_json(path)
    assert schema.get("$schema") == DRAFT_2020_12, "schemas declare draft 2020-12 explicitly"
    assert "$id" not in schema, "corpus schemas carry no $id; they are addressed by path"
    validator_for(schema, default=Draft202012Validator).check_schema(schema)


@pytest.mark.parametrize("path", [*SCHEMA_FILES, REGISTRY_SCHEMA_PATH], ids=rel)
def test_schema_refs_stay_local(path: Path):
    """A $ref is in-file (#...) or a relative path to a file inside contracts/; never a URL."""
    schema = load_json(path)
    problems = []
    for pointer, ref in iter_refs(schema):
        if ref.startswith("#"):
            continue
        target, _, _fragment = ref.partition("#")
        if urlsplit(target).scheme or target.startswith("/"):
            problems.append(f"{pointer}: {ref} is not a relative reference")
        elif not inside_contracts(path.parent / target):
            problems.append(f"{pointer}: {ref} does not name a file inside contracts/")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=rel)
def test_schema_examples_validate(path: Path):
    schema = load_json(path)
    validator = validator_for_file(path, schema)
    problems = []
    for index, example in enumerate(schema.get("examples", [])):
        problems += [f"examples[{index}] {e}" for e in errors_of(validator, example)]
    for name, definition in (schema.get("$defs") or {}).items():
        if not isinstance(definition, dict) or not definition.get("examples"):
            continue
        wrapper = {"$schema": DRAFT_2020_12, "$ref": f"{path.resolve().as_uri()}#/$defs/{name}"}
        def_validator = Draft202012Validator(
            wrapper, registry=SCHEMA_REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for index, example in enumerate(definition["examples"]):
            problems += [f"$defs/{name}/examples[{index}] {e}" for e in errors_of(def_validator, example)]
    assert not problems, "\n".join(problems)


def test_payload_schemas_have_a_complete_example():
    missing = []
    for path in SCHEMA_FILES:
        if "payloads" in path.relative_to(CONTRACTS).parts and not load_json(path).get("examples"):
            missing.append(rel(path))
    assert not missing, f"payload schemas without examples: {missing}"


def test_retrieve_refuses_files_outside_contracts(tmp_path: Path):
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    for uri in (
        outside.as_uri(),
        (CONTRACTS / ".." / "pyproject.toml").as_uri(),
        (CONTRACTS / "event-envelope" / "no-such-file.json").as_uri(),
        "https://json-schema.org/draft/2020-12/schema",
    ):
        with pytest.raises(NoSuchResource):
            retrieve_from_disk(uri)


def test_cross_file_ref_is_resolved_from_disk():
    """The envelope's timestamps come from common-v1.json: a bad date-time must fail through the $ref."""
    validator = validator_for_file(ENVELOPE_PATH)
    example = dict(load_json(ENVELOPE_PATH)["examples"][0])
    assert not errors_of(validator, example)
    example["occurred_at"] = "yesterday"
    assert errors_of(validator, example), "occurred_at is checked through defs/common-v1.json"


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


def test_registry_validates_against_its_schema():
    validator = validator_for_file(REGISTRY_SCHEMA_PATH)
    problems = errors_of(validator, registry())
    assert not problems, "\n".join(problems)


def test_registry_metadata():
    data = registry()
    assert tuple(data)[: len(RESERVED_KEYS)] == RESERVED_KEYS, "metadata keys come first"
    assert (CONTRACTS / data["$schema"]).resolve() == REGISTRY_SCHEMA_PATH.resolve()
    assert data["registry_version"] == "2.0.1"
    assert tuple(data["domains"]) == DOMAINS


def test_registry_lists_the_45_event_types_in_order():
    assert tuple(name for name, _ in event_items()) == EVENT_ORDER


def test_registry_key_order():
    problems = []
    for name, event in event_items():
        if list(event) != ["producer", "consumers", "owning_contract", "schema_versions"]:
            problems.append(f"{name}: keys {list(event)}")
        order = [
            "version",
            "payload_schema",
            "status",
            "registered_at",
            "active_from",
            "deprecated_at",
            "notes",
        ]
        for entry in event["schema_versions"]:
            keys = list(entry)
            if keys != [k for k in order if k in entry]:
                problems.append(f"{name} v{entry.get('version')}: keys {keys}")
    assert not problems, "\n".join(problems)


def test_registry_parties_are_declared_domains():
    domains = set(registry()["domains"])
    problems = []
    for name, event in event_items():
        for party in [event["producer"], *event["consumers"]]:
            if party not in domains:
                problems.append(f"{name}: {party} is not a declared domain")
    assert not problems, "\n".join(problems)


def test_registry_paths_exist_inside_contracts():
    data = registry()
    problems = []
    for name, event in event_items():
        named = [event["owning_contract"]] + [v["payload_schema"] for v in event["schema_versions"]]
        for path_text in filter(None, named):
            path = ROOT / path_text
            if not path.resolve().is_relative_to(CONTRACTS):
                problems.append(f"{name}: {path_text} leaves contracts/")
            elif not inside_contracts(path):
                problems.append(f"{name}: {path_text} is not a regular file")
    if not inside_contracts(CONTRACTS / data["$schema"]):
        problems.append(f"$schema: {data['$schema']} is not a file inside contracts/")
    assert not problems, "\n".join(problems)


def test_registry_payload_schemas_exist():
    missing = [
        f"{name} v{v['version']}: {v['payload_schema']}"
        for name, event in event_items()
        for v in event["schema_versions"]
        if v["payload_schema"] and not (ROOT / v["payload_schema"]).is_file()
    ]
    assert not missing, "missing payload schemas:\n" + "\n".join(missing)


def test_registry_versions_are_consistent():
    """Versions count up from 1, schema files follow the naming rule, and deprecations keep the window."""
    problems = []
    for name, event in event_items():
        versions = event["schema_versions"]
        if [v["version"] for v in versions] != list(range(1, len(versions) + 1)):
            problems.append(f"{name}: versions are not 1..{len(versions)}")
        folder = None
        if event["owning_contract"]:
            folder = event["owning_contract"].rsplit("/", 1)[0]
        for v in versions:
            label = f"{name} v{v['version']}"
            schema = v["payload_schema"]
            if schema and folder and schema != f"{folder}/schema/payloads/{name}-v{v['version']}.json":
                problems.append(f"{label}: payload schema {schema} is not under {folder}/schema/payloads/")
            registered = dt.date.fromisoformat(v["registered_at"])
            if "active_from" in v and dt.date.fromisoformat(v["active_from"]) < registered:
                problems.append(f"{label}: active_from precedes registered_at")
            if "deprecated_at" in v and v["status"] != "deprecated":
                problems.append(f"{label}: deprecated_at on a version that is not deprecated")
        for older, newer in itertools.pairwise(versions):
            if older["status"] == "deprecated" and "active_from" in newer:
                expected = dt.date.fromisoformat(older["deprecated_at"]) + DEPRECATION_WINDOW
                if newer["active_from"] != expected.isoformat():
                    problems.append(
                        f"{name}: v{newer['version']} active_from {newer['active_from']} is not "
                        f"v{older['version']} deprecated_at + 14 days ({expected})"
                    )
    assert not problems, "\n".join(problems)


SECTION_REF = re.compile(r"(?:\b([a-z][a-z0-9-]+) )?§(\d+(?:\.\d+)*)")


def cited_sections(notes: str, owner: str | None) -> list[tuple[str | None, str]]:
    """(contract folder, section number) for every § reference in a note.

    "lead-lifecycle §4.1" names its contract; a bare "§9.5" belongs to the contract named last in
    the same note, or to the owning contract when none was named.
    """
    found, current = [], owner
    for match in SECTION_REF.finditer(notes):
        word = match.group(1)
        if word and (CONTRACTS / word).is_dir():
            current = word
        found.append((current, match.group(2)))
    return found


def test_registry_note_section_refs_exist():
    """Every "<contract> §N.M" a note cites is a numbered heading of that contract's README."""
    problems = []
    for name, event in event_items():
        owner = event["owning_contract"].split("/")[1] if event["owning_contract"] else None
        for v in event["schema_versions"]:
            for folder, number in cited_sections(v["notes"], owner):
                readme = CONTRACTS / folder / "README.md" if folder else None
                if readme is None or not readme.is_file():
                    problems.append(
                        f"{name} v{v['version']}: §{number} cites {folder}, which has no README.md"
                    )
                elif not has_numbered_heading(readme.read_text(encoding="utf-8"), number):
                    problems.append(f"{name} v{v['version']}: {folder} has no heading numbered {number}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(SEED_EVENTS))
def test_registry_matches_seed(name: str):
    expected = SEED_EVENTS[name]
    data = registry()
    assert name in data, f"{name} is missing from the registry"
    event = data[name]
    for key in ("producer", "consumers", "owning_contract"):
        if key in expected:
            assert event[key] == expected[key], f"{name}.{key}"
    if "versions" not in expected:
        return
    actual_versions = event["schema_versions"]
    assert len(actual_versions) == len(expected["versions"]), f"{name}: number of versions"
    for want, got in zip(expected["versions"], actual_versions, strict=True):
        label = f"{name} v{want['version']}"
        for key in ("version", "payload_schema", "status", "registered_at", "active_from", "deprecated_at"):
            assert got.get(key) == want[key], f"{label}.{key}: {got.get(key)!r} != {want[key]!r}"
        lost = [fact for fact in want["facts"] if fact not in got["notes"]]
        assert not lost, f"{label}: notes lost seed facts {lost}"


# --------------------------------------------------------------------------------------------
# Envelope
# --------------------------------------------------------------------------------------------


def test_envelope_examples_carry_registered_payloads():
    """Each envelope example names a registered (event_type, schema_version) and its payload validates."""
    data = registry()
    examples = load_json(ENVELOPE_PATH).get("examples", [])
    assert examples, "the envelope schema has at least one full example"
    problems = []
    for index, envelope in enumerate(examples):
        event = data.get(envelope["event_type"])
        if event is None:
            problems.append(f"examples[{index}]: {envelope['event_type']} is not registered")
            continue
        if envelope["producer"] != event["producer"]:
            problems.append(f"examples[{index}]: producer differs from the registry")
        version = next(
            (v for v in event["schema_versions"] if v["version"] == envelope["schema_version"]), None
        )
        if version is None or not version["payload_schema"]:
            problems.append(f"examples[{index}]: no payload schema for v{envelope['schema_version']}")
            continue
        validator = validator_for_file(ROOT / version["payload_schema"])
        problems += [f"examples[{index}].payload {e}" for e in errors_of(validator, envelope["payload"])]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------
# Package file list
# --------------------------------------------------------------------------------------------


def test_package_file_list_has_88_entries():
    assert len(PACKAGE_CONTRACT_FILES) == 88
    assert len(set(PACKAGE_CONTRACT_FILES)) == 88


@pytest.mark.parametrize("path_text", PACKAGE_CONTRACT_FILES)
def test_package_contract_file_exists(path_text: str):
    assert inside_contracts(ROOT / path_text), f"{path_text} is missing"
