"""The synthetic corpus generator (contract_catalog_synth, CLI scripts/synth_corpus.py): deterministic, and
its trees pass the checks the bundled corpus passes, so that the benchmark measures a catalog of realistic,
valid contracts.

No timing here: speed is measured by scripts/bench.py and reported in BENCHMARKS.md.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import contract_catalog_synth as synth
import pytest
from contracts_tree import disk_retriever, has_numbered_heading, iter_refs
from jsonschema import Draft202012Validator
from referencing import Registry

REPO = Path(__file__).resolve().parent.parent
BASE_DOMAINS = ("platform", "sales", "growth", "delivery", "coaching", "revenue", "platform-warehouse")
RESERVED = ("$schema", "registry_version", "description", "domains")
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A 200-event synthetic contracts tree, written once for the module."""
    return synth.generate(200, tmp_path_factory.mktemp("synth") / "contracts", seed=1)


@pytest.fixture(scope="module")
def registry(tree) -> dict:
    return json.loads((tree / "event-types-registry.json").read_text(encoding="utf-8"))


def _events(registry: dict) -> list[tuple[str, dict]]:
    return [(name, entry) for name, entry in registry.items() if name not in RESERVED]


def _path(tree: Path, written: str) -> Path:
    """A registry path is written from the repository root: contracts/..."""
    assert written.startswith("contracts/"), written
    return tree / written[len("contracts/") :]


# ---------------------------------------------------------------- determinism and shape


def test_same_arguments_give_byte_identical_trees(tmp_path):
    first = synth.generate(60, tmp_path / "a" / "contracts", seed=3)
    second = synth.generate(60, tmp_path / "b" / "contracts", seed=3)
    assert _files(first) == _files(second)


def test_another_seed_gives_another_tree(tmp_path):
    first = synth.generate(60, tmp_path / "a" / "contracts", seed=3)
    second = synth.generate(60, tmp_path / "b" / "contracts", seed=4)
    assert _files(first) != _files(second)


def test_the_default_profile_writes_the_files_it_wrote_before_the_wide_profile_existed(tmp_path):
    """Benchmarks compare figures across commits: the default corpus must not change under them."""
    tree = synth.generate(60, tmp_path / "contracts", seed=1)
    digest = hashlib.sha256()
    for name, data in _files(tree).items():
        if name != "event-types-registry.schema.json":  # copied from the repository's own
            digest.update(name.encode() + b"\0" + data + b"\0")
    assert digest.hexdigest() == "3002c0fd90e625b882297d0d8d3d920d849b2b5bf25ea1c5bb6891206fdf0a59"


def test_the_wide_profile_adds_webhook_shaped_fields_and_keeps_examples_valid(tmp_path):
    tree = synth.generate(8, tmp_path / "contracts", seed=2, profile="wide")
    shared = json.loads((tree / "event-envelope/schema/defs/wide-v1.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(shared)
    registry = Registry(retrieve=disk_retriever(tree))
    payloads = sorted(tree.glob("*/schema/payloads/*.json"))
    assert payloads
    for path in payloads:
        schema = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(schema)
        assert "wide-v1.json#/$defs/user" in text and "wide-v1.json#/$defs/repository" in text
        assert len(schema["properties"]["change"]["oneOf"]) == 3
        validator = Draft202012Validator(
            {"$id": path.resolve().as_uri(), **schema},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        assert [e.message for example in schema["examples"] for e in validator.iter_errors(example)] == []
    with pytest.raises(ValueError):
        synth.generate(8, tmp_path / "other" / "contracts", profile="narrow")


def test_out_folder_not_named_contracts_receives_one(tmp_path):
    target = synth.generate(10, tmp_path / "project", seed=1)
    assert target == tmp_path / "project" / "contracts"
    assert (target / "event-types-registry.json").is_file()


def test_refuses_to_write_into_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "keep.md").write_text("# Keep\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        synth.generate(10, tmp_path / "contracts", seed=1)


def test_registry_has_the_requested_number_of_event_types(registry):
    assert len(_events(registry)) == 200


def test_registry_metadata_comes_first_and_declares_the_seven_domains(registry):
    assert tuple(registry)[:4] == RESERVED
    assert tuple(registry["domains"])[:7] == BASE_DOMAINS


def test_large_corpora_declare_more_domains():
    names = [name for name, _, _ in synth.Generator(2000, 1).domains]
    assert tuple(names[:7]) == BASE_DOMAINS
    assert len(names) > 20 and len(set(names)) == len(names)


def test_registry_validates_against_its_schema(tree, registry):
    schema = json.loads((tree / "event-types-registry.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(registry)]
    assert not errors, "\n".join(errors[:20])


def test_parties_are_declared_domains(registry):
    declared = set(registry["domains"])
    undeclared = [
        (name, party)
        for name, entry in _events(registry)
        for party in [entry["producer"], *entry["consumers"]]
        if party not in declared
    ]
    assert not undeclared


def test_every_referenced_path_exists(tree, registry):
    missing = []
    for name, entry in _events(registry):
        paths = [entry["owning_contract"]] + [v["payload_schema"] for v in entry["schema_versions"]]
        missing += [(name, p) for p in paths if p and not _path(tree, p).is_file()]
    assert not missing
    assert (tree / registry["$schema"]).is_file()


def test_versions_count_up_and_keep_the_deprecation_window(registry):
    problems, counts, states = [], set(), set()
    anchor = synth.ANCHOR
    for name, entry in _events(registry):
        versions = entry["schema_versions"]
        counts.add(len(versions))
        if [v["version"] for v in versions] != list(range(1, len(versions) + 1)):
            problems.append(f"{name}: versions are not 1..{len(versions)}")
        if [v["status"] for v in versions].count("active") != 1 or versions[-1]["status"] != "active":
            problems.append(f"{name}: exactly the last version is active")
        for older, newer in itertools.pairwise(versions):
            deprecated = date.fromisoformat(older["deprecated_at"])
            if newer["registered_at"] != older["deprecated_at"]:
                problems.append(
                    f"{name}: v{newer['version']} is not registered when v{older['version']} is deprecated"
                )
            if newer["active_from"] != (deprecated + timedelta(days=14)).isoformat():
                problems.append(f"{name}: v{newer['version']} does not start at the end of the window")
            sunset = deprecated + timedelta(days=14)
            states.add(
                "retired" if anchor >= sunset else "in window" if anchor >= deprecated else "announced"
            )
        for v in versions:
            if v.get("active_from") and date.fromisoformat(v["active_from"]) > anchor:
                states.add("planned")
    assert not problems, "\n".join(problems[:20])
    assert counts == {1, 2, 3}
    assert states == {"retired", "in window", "announced", "planned"}


# ---------------------------------------------------------------- schemas


def test_schemas_are_valid_and_their_examples_validate(tree):
    registry = Registry(retrieve=disk_retriever(tree))
    problems, refs = [], []
    schema_files = sorted(p for p in tree.rglob("*.json") if "schema" in p.relative_to(tree).parts[:-1])
    assert len(schema_files) > 200
    for path in schema_files:
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == DRAFT and "$id" not in schema
        Draft202012Validator.check_schema(schema)
        refs += [ref for _, ref in iter_refs(schema)]
        if "payloads" not in path.parts:
            continue
        validator = Draft202012Validator(
            {"$id": path.resolve().as_uri(), **schema},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        assert schema.get("examples"), f"{path.name} has no example"
        for example in schema["examples"]:
            problems += [f"{path.name} {e.json_path}: {e.message}" for e in validator.iter_errors(example)]
    assert not problems, "\n".join(problems[:20])
    assert not [r for r in refs if urlsplit(r).scheme], "no remote references"
    assert any(r.startswith("#/$defs/") for r in refs), "in-file $defs are used"
    assert any(r.startswith("../../../event-envelope/schema/defs/common-v1.json#") for r in refs)


def test_envelope_examples_carry_registered_payloads_that_validate(tree, registry):
    store = Registry(retrieve=disk_retriever(tree))
    envelope_path = tree / "event-envelope" / "schema" / "envelope-v1.json"
    envelope = json.loads(envelope_path.read_text(encoding="utf-8"))
    checker = Draft202012Validator.FORMAT_CHECKER
    outer = Draft202012Validator(
        {"$id": envelope_path.resolve().as_uri(), **envelope}, registry=store, format_checker=checker
    )
    assert envelope["examples"]
    for example in envelope["examples"]:
        assert not list(outer.iter_errors(example))
        entry = registry[example["event_type"]]
        assert example["producer"] == entry["producer"]
        version = next(v for v in entry["schema_versions"] if v["version"] == example["schema_version"])
        path = _path(tree, version["payload_schema"])
        payload_schema = json.loads(path.read_text(encoding="utf-8"))
        inner = Draft202012Validator(
            {"$id": path.resolve().as_uri(), **payload_schema}, registry=store, format_checker=checker
        )
        assert not list(inner.iter_errors(example["payload"]))


def test_a_later_version_changes_the_payload(tree, registry):
    changed = 0
    for name, entry in _events(registry):
        schemas = [
            json.loads(_path(tree, v["payload_schema"]).read_text(encoding="utf-8"))
            for v in entry["schema_versions"]
            if v["payload_schema"]
        ]
        for older, newer in itertools.pairwise(schemas):
            assert older["properties"] != newer["properties"], name
            changed += 1
    assert changed > 20


# ---------------------------------------------------------------- Markdown


SECTION_REF = re.compile(r"\b([a-z][a-z0-9-]+) §(\d+(?:\.\d+)*)")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_every_owned_event_has_its_numbered_section(tree, registry):
    missing = []
    for name, entry in _events(registry):
        if entry["owning_contract"] is None:
            continue
        readme = _path(tree, entry["owning_contract"]).read_text(encoding="utf-8")
        if not re.search(rf"^### 4\.\d+ {re.escape(name)}$", readme, re.MULTILINE):
            missing.append(name)
    assert not missing


def test_notes_cite_sections_that_exist_and_mention_registered_events(tree, registry):
    problems, cited, mentioned = [], 0, 0
    for name, entry in _events(registry):
        for v in entry["schema_versions"]:
            for contract, number in SECTION_REF.findall(v["notes"]):
                readme = tree / contract / "README.md"
                cited += 1
                if not readme.is_file() or not has_numbered_heading(
                    readme.read_text(encoding="utf-8"), number
                ):
                    problems.append(f"{name} v{v['version']}: {contract} §{number}")
            for other in re.findall(r"`([a-z][a-z0-9_.-]*\.[a-z0-9_.-]+)`", v["notes"]):
                mentioned += 1
                if other not in registry:
                    problems.append(f"{name} v{v['version']}: mentions unregistered {other}")
    assert not problems, "\n".join(problems[:20])
    assert cited > 200 and mentioned > 100


def test_markdown_links_resolve_to_files_of_the_tree(tree):
    broken = []
    for page in sorted(tree.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert len(re.findall(r"^# ", text, re.MULTILINE)) == 1, f"{page} has one H1"
        for target in LINK.findall(text):
            assert "://" not in target and "#" not in target, f"{page}: {target}"
            if not (page.parent / target).resolve().is_file():
                broken.append(f"{page.relative_to(tree)} -> {target}")
    assert not broken, "\n".join(broken[:20])


# ---------------------------------------------------------------- the catalog of a synthetic tree


def test_the_registry_of_two_thousand_event_types_is_read_whole(tmp_path):
    """Such a registry is over 2 MB, the cap for a payload schema; the catalog still reads all of it."""
    from contract_catalog.model.catalog import load_catalog

    tree = synth.generate(2000, tmp_path / "contracts", seed=1)
    assert (tree / "event-types-registry.json").stat().st_size > 2 * 1024 * 1024
    catalog = load_catalog(tree)
    assert len(catalog.events) == 2000
    assert not catalog.all_problems


def test_two_hundred_event_tree_builds_without_warnings(tree, build_site):
    built = build_site(tree)
    assert built.warnings == []
    names = [name for name, _ in _events(json.loads((tree / "event-types-registry.json").read_text()))]
    for name in names[:5] + names[-5:]:
        assert (built.site / "events" / name / "index.html").is_file()
