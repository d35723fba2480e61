"""`contracts check`: each check catches its seeded fault with the right path, pointer or line,
and exit code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, SHALLOW_PROBLEM, repository_is_shallow
from contract_catalog.cli.main import main
from contract_catalog.cli.report import pointer_line

CLEAN = FIXTURES / "checks" / "contracts"
REGISTRY = "contracts/event-types-registry.json"
WIDGET_V2 = "/widget.created/schema_versions/1"


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of a tree that passes every check, named `contracts` like a repository's."""
    copy = tmp_path / "repo" / "contracts"
    shutil.copytree(CLEAN, copy)
    return copy


def check(contracts: Path, capsys, *options: str) -> tuple[int, list[dict]]:
    code = main(
        ["check", "--contracts", str(contracts), "--format", "json", "--build-date", "2026-05-20", *options]
    )
    return code, json.loads(capsys.readouterr().out)


def edit_registry(tree: Path, change) -> None:
    path = tree / "event-types-registry.json"
    registry = json.loads(path.read_text())
    change(registry)
    path.write_text(json.dumps(registry, indent=2))


def found(problems: list[dict], code: str) -> list[tuple[str, str | None, int | None]]:
    return [(p["file"], p["pointer"], p["line"]) for p in problems if p["code"] == code]


def test_bundled_corpus_passes_every_check(capsys):
    code = main(["check", "--contracts", str(REPO / "contracts")])
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    if repository_is_shallow():  # the only problem a shallow clone of this repository may add
        assert code == 1 and [line for line in lines if SHALLOW_PROBLEM in line]
        lines = [line for line in lines if SHALLOW_PROBLEM not in line]
    else:
        assert code == 0
        assert "is clean" in captured.err
    assert all(": note: field" in line for line in lines)  # field drift, failing nothing


def test_clean_fixture_passes_every_check(tree, capsys):
    assert check(tree, capsys) == (0, [])


def test_registry_is_validated_against_its_own_schema(tree, capsys):
    edit_registry(tree, lambda r: r.update(registry_version=3))
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "registry-schema") == [(REGISTRY, "/registry_version", None)]
    assert "event-types-registry.schema.json" in problems[0]["message"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda r: r["widget.created"]["schema_versions"][1].update(status="retired"),
            ("bad-status", f"{WIDGET_V2}/status"),
        ),
        (
            lambda r: r["widget.created"]["schema_versions"][1].update(owner="north"),
            ("unknown-field", f"{WIDGET_V2}/owner"),
        ),
        (lambda r: r.update({"Widget.Painted": r["gadget.sold"]}), ("bad-name", "/Widget.Painted")),
    ],
    ids=["enum", "additional-property", "property-name"],
)
def test_a_fault_the_model_reports_is_not_reported_again_by_the_registry_schema(
    tree, capsys, change, expected
):
    edit_registry(tree, change)
    code, problems = check(tree, capsys)
    assert code == 1
    assert [(p["code"], p["pointer"]) for p in problems] == [expected]


def test_duplicate_keys_are_reported_with_their_pointer(tree, capsys):
    path = tree / "event-types-registry.json"
    text = path.read_text()
    path.write_text(
        text.replace(
            '"owning_contract": "contracts/beta/README.md",',
            '"owning_contract": "contracts/beta/README.md",\n    "producer": "north",',
        )
    )
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "duplicate-key") == [(REGISTRY, "/gadget.sold/producer", None)]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("contracts/alpha/schema/payloads/widget.created-v3.json", "does not exist"),
        ("contracts/alpha/schema/payloads", "is a directory"),
        ("contracts/../outside.json", "contains '..'"),
        ("/etc/passwd", "absolute path"),
    ],
)
def test_registry_paths_must_name_a_file_inside_the_contracts_folder(tree, capsys, written, reason):
    (tree.parent / "outside.json").write_text("{}")
    edit_registry(tree, lambda r: r["widget.created"]["schema_versions"][1].update(payload_schema=written))
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "bad-path") == [(REGISTRY, f"{WIDGET_V2}/payload_schema", None)]
    assert reason in problems[0]["message"]


def test_payload_schema_must_be_valid_against_its_metaschema(tree, capsys):
    path = tree / "alpha/schema/payloads/widget.created-v2.json"
    schema = json.loads(path.read_text())
    schema["properties"]["size"]["type"] = "whole number"
    path.write_text(json.dumps(schema, indent=2))
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "invalid-schema") == [
        ("contracts/alpha/schema/payloads/widget.created-v2.json", "/properties/size/type", None)
    ]


def test_shared_schema_files_are_checked_against_their_metaschema_too(tree, capsys):
    path = tree / "shared/schema/defs/common-v1.json"
    path.write_text(path.read_text().replace('"minLength": 1', '"minLength": -1'))
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "invalid-schema") == [
        ("contracts/shared/schema/defs/common-v1.json", "/$defs/id/minLength", None)
    ]


def test_schema_file_that_is_not_json_is_reported_with_its_line(tree, capsys):
    (tree / "beta/schema/payloads/gadget.sold-v1.json").write_text('{\n  "type": "object",\n}\n')
    code, problems = check(tree, capsys)
    assert code == 1
    assert ("contracts/beta/schema/payloads/gadget.sold-v1.json", None, 3) in found(problems, "not-json")


def test_examples_must_validate_against_their_schema(tree, capsys):
    path = tree / "alpha/schema/payloads/widget.created-v2.json"
    path.write_text(path.read_text().replace('"size": 3', '"size": "three"'))
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "invalid-example") == [
        ("contracts/alpha/schema/payloads/widget.created-v2.json", "/examples/0/size", None)
    ]


def test_owning_contract_must_exist(tree, capsys):
    edit_registry(tree, lambda r: r["gadget.sold"].update(owning_contract="contracts/gamma/README.md"))
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "bad-path") == [(REGISTRY, "/gadget.sold/owning_contract", None)]


def test_producers_and_consumers_must_be_declared_domains(tree, capsys):
    edit_registry(tree, lambda r: r["gadget.sold"].update(consumers=["north", "east"]))
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "unknown-domain") == [(REGISTRY, "/gadget.sold/consumers/1", None)]


def test_lifecycle_dates_must_be_in_order(tree, capsys):
    edit_registry(
        tree, lambda r: r["widget.created"]["schema_versions"][0].update(deprecated_at="2025-12-01")
    )
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "deprecated-before-registered") == [
        (REGISTRY, "/widget.created/schema_versions/0/deprecated_at", None)
    ]


def test_contract_folder_nothing_refers_to_is_an_orphan(tree, capsys):
    (tree / "delta").mkdir()
    (tree / "delta/README.md").write_text("# Delta\n\nNo event and no other contract mentions this one.\n")
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "orphan-contract") == [("contracts/delta/README.md", None, None)]
    assert problems[0]["severity"] == "warning"


def test_contract_folder_linked_from_another_contract_is_not_an_orphan(tree, capsys):
    (tree / "delta").mkdir()
    (tree / "delta/README.md").write_text("# Delta\n\nSee [alpha](../alpha/README.md).\n")
    with (tree / "beta/README.md").open("a") as readme:
        readme.write("\nDelta's [glossary](../delta/README.md#terms) explains the words.\n")
    assert check(tree, capsys) == (0, [])


def test_schema_file_nothing_refers_to_is_an_orphan(tree, capsys):
    (tree / "beta/schema/payloads/gadget.sold-v2.json").write_text('{"type": "object"}\n')
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "orphan-schema") == [
        ("contracts/beta/schema/payloads/gadget.sold-v2.json", None, None)
    ]


def test_schema_file_reached_only_by_ref_is_not_an_orphan(tree, capsys):
    path = tree / "alpha/schema/payloads/widget.created-v2.json"
    path.write_text(
        path.read_text().replace(
            "../../../shared/schema/defs/common-v1.json", "../../../shared/schema/defs/ids-v1.json"
        )
    )
    shutil.copy(tree / "shared/schema/defs/common-v1.json", tree / "shared/schema/defs/ids-v1.json")
    assert check(tree, capsys) == (0, [])


def test_broken_relative_link_in_a_contract_document_is_reported_with_its_line(tree, capsys):
    with (tree / "alpha/README.md").open("a") as readme:
        readme.write(
            "\nThe [glossary](glossary.md) is not written yet.\n\n```text\n[ignored](in-code.md)\n```\n"
        )
    line = (
        (tree / "alpha/README.md")
        .read_text()
        .splitlines()
        .index("The [glossary](glossary.md) is not written yet.")
    )
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "broken-link") == [("contracts/alpha/README.md", None, line + 1)]
    assert "glossary.md" in problems[0]["message"]


def test_links_in_indented_code_and_front_matter_are_not_links(tree, capsys):
    readme = tree / "alpha/README.md"
    readme.write_text(
        "---\nsee: '[front](in-front-matter.md)'\n---\n"
        + readme.read_text()
        + "\nAn example:\n\n    [ignored](in-indented-code.md)\n\n~~~\n[ignored](in-tilde-fence.md)\n~~~\n"
    )
    assert check(tree, capsys) == (0, [])


def test_text_output_is_one_sorted_line_per_problem(tree, capsys):
    edit_registry(tree, lambda r: r["gadget.sold"].update(producer="west"))
    (tree / "beta/schema/payloads/gadget.sold-v2.json").write_text('{"type": "object"}\n')
    code = main(["check", "--contracts", str(tree), "--build-date", "2026-05-20"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines == [
        (
            "contracts/beta/schema/payloads/gadget.sold-v2.json: schema file is orphaned: no registry entry, "
            "`$ref` from another schema or contract document refers to it"
        ),
        f"{REGISTRY}#/gadget.sold/producer: 'west' is not a domain declared in /domains",
    ]


def test_github_format_writes_annotations_on_the_line_of_the_pointer(tree, capsys):
    edit_registry(tree, lambda r: r["gadget.sold"].update(producer="west"))
    code = main(["check", "--contracts", str(tree), "--format", "github", "--build-date", "2026-05-20"])
    out = capsys.readouterr().out
    line = next(
        n
        for n, text in enumerate((tree / "event-types-registry.json").read_text().splitlines(), 1)
        if '"producer": "west"' in text
    )
    assert code == 1
    assert out == (
        f"::error file={REGISTRY},line={line},title=unknown-domain::#/gadget.sold/producer: "
        "'west' is not a domain declared in /domains\n"
    )


def test_pointer_line_finds_keys_items_and_the_last_of_repeated_keys():
    text = '{\n  "a": [\n    1,\n    {"b": 2}\n  ],\n  "c": 1,\n  "c": 2\n}\n'
    assert pointer_line(text, "") == 1
    assert pointer_line(text, "/a") == 2
    assert pointer_line(text, "/a/1/b") == 4
    assert pointer_line(text, "/c") == 7
    assert pointer_line(text, "/a/5") == 2  # past the document: the deepest value reached
    assert pointer_line("{not json", "/a") is None


@pytest.mark.parametrize(
    "options", [["--contracts", "no-such-folder"], ["--window", "-1"], ["--build-date", "soon"]]
)
def test_usage_errors_exit_2_with_one_line(tree, capsys, options):
    code = main(["check", "--contracts", str(tree), *options])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == "" and len(captured.err.splitlines()) == 1


def test_a_folder_without_registry_exits_2(tmp_path, capsys):
    assert main(["check", "--contracts", str(tmp_path)]) == 2
    assert "has no event-types-registry.json" in capsys.readouterr().err


def test_an_unknown_format_is_a_usage_error(tree, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["check", "--contracts", str(tree), "--format", "xml"])
    assert stop.value.code == 2


def test_registry_that_is_not_json_is_a_finding_with_its_line(tree, capsys):
    (tree / "event-types-registry.json").write_text('{\n  "widget.created": {,\n}\n')
    code, problems = check(tree, capsys)
    assert code == 1
    assert found(problems, "not-json") == [(REGISTRY, None, 2)]


def test_the_build_logs_exactly_the_problems_check_reports(tree, capsys, build_site):
    edit_registry(tree, lambda r: r["gadget.sold"].update(producer="west"))
    (tree / "beta/schema/payloads/gadget.sold-v2.json").write_text('{"type": "object"}\n')
    _, problems = check(tree, capsys)
    site = build_site(tree)
    logged = [w.removeprefix("contract_catalog: ") for w in site.warnings]
    expected = [
        f"{p['file']}#{p['pointer']}: {p['message']}"
        if p["pointer"] is not None
        else f"{p['file']}: {p['message']}"
        for p in problems
    ]
    assert logged == expected
