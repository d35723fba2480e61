"""A broken registry: every fault is named with its file and JSON pointer or line, on the page and in CI.

Each case of tests/hostile/cases/ changes the clean base tree's registry in one way. For every case the
build warns with `file#pointer: message` (or `file:line`), a strict build fails, the rest of the catalog
is still built, the page of the event type (or the home page, when the registry cannot be read at all)
lists the problem, and `contracts check` reports the same line with exit status 1.
"""

from __future__ import annotations

import pytest
from conftest import make_project
from hostile.promises import EveryCase, outcomes_fixture
from hostile.trees import BASE, BASE_PAGES, REGISTRY, Expect, check, compose, contracts_check, mkdocs, outcome

R = REGISTRY
LONG_NAME = "gadget." + "l" * 300
NOT_A_NAME = "is not of the form domain.noun.verb"

CASES: dict[str, list[Expect]] = {
    "registry-not-json": [Expect(f"{R}:1", "not valid JSON: Expecting value (line 1, column 1)", "")],
    "registry-truncated": [
        Expect(
            f"{R}:19",
            "not valid JSON: Expecting property name enclosed in double quotes (line 19, column 6)",
            "",
        )
    ],
    "registry-not-object": [Expect(f"{R}#", "must be a JSON object keyed by event type, not a list", "")],
    "duplicate-event-keys": [
        Expect(
            f"{R}#/gadget.built",
            "duplicate key 'gadget.built': JSON keeps only the last one",
            "events/gadget.built/",
        ),
        Expect(
            f"{R}#/gadget.shipped/schema_versions/0/status",
            "duplicate key 'status'",
            "events/gadget.shipped/",
        ),
    ],
    "duplicate-versions": [
        Expect(
            f"{R}#/gadget.repainted/schema_versions/1/version",
            "version 1 is listed twice (first at /gadget.repainted/schema_versions/0)",
            "events/gadget.repainted/",
        ),
    ],
    "wrong-types": [
        Expect(
            f"{R}#/gadget.mistyped/producer",
            "'producer' must be a domain name, not a number",
            "events/gadget.mistyped/",
        ),
        Expect(
            f"{R}#/gadget.mistyped/consumers",
            "'consumers' must be a list, not a string",
            "events/gadget.mistyped/",
        ),
        Expect(
            f"{R}#/gadget.mistyped/owning_contract",
            "'owning_contract' must be a path or null, not a boolean",
            "events/gadget.mistyped/",
        ),
        Expect(
            f"{R}#/gadget.mistyped/schema_versions/0/version",
            "'version' must be a whole number from 1, not \"1\"",
            "events/gadget.mistyped/",
        ),
        Expect(
            f"{R}#/gadget.mistyped/schema_versions/0/payload_schema",
            "'payload_schema' must be a path or null, not a number",
            "events/gadget.mistyped/",
        ),
        Expect(
            f"{R}#/gadget.mistyped/schema_versions/0/status",
            "'status' must be one of active, deprecated, not [\"active\"]",
            "events/gadget.mistyped/",
        ),
        Expect(
            f"{R}#/gadget.mistyped/schema_versions/0/registered_at",
            "'registered_at' must be an ISO date (YYYY-MM-DD), not 20260301",
            "events/gadget.mistyped/",
        ),
        Expect(
            f"{R}#/gadget.mistyped/schema_versions/0/notes",
            "'notes' must be text, not an object",
            "events/gadget.mistyped/",
        ),
        Expect(f"{R}#/gadget.scalar", "must be an object, not a string", "events/gadget.scalar/"),
        Expect(
            f"{R}#/gadget.listed/schema_versions/0", "must be an object, not a list", "events/gadget.listed/"
        ),
        Expect(
            f"{R}#/gadget.listed/consumers/0",
            "consumer must be a domain name, not null",
            "events/gadget.listed/",
        ),
        Expect(
            f"{R}#/gadget.listed/consumers/1",
            "consumer must be a domain name, not a number",
            "events/gadget.listed/",
        ),
        Expect(
            f"{R}#/gadget.versionless/schema_versions",
            "'schema_versions' must be a list, not an object",
            "events/gadget.versionless/",
        ),
    ],
    "missing-required-fields": [
        *(
            Expect(f"{R}#/gadget.empty", f"missing required field '{field}'", "events/gadget.empty/")
            for field in ("producer", "consumers", "owning_contract", "schema_versions")
        ),
        *(
            Expect(
                f"{R}#/gadget.half/schema_versions/0",
                f"missing required field '{field}'",
                "events/gadget.half/",
            )
            for field in ("version", "payload_schema", "status", "registered_at")
        ),
    ],
    "unknown-fields": [
        Expect(f"{R}#/gadget.decorated/colour", "unknown field 'colour'", "events/gadget.decorated/"),
        Expect(
            f"{R}#/gadget.decorated/schema_versions/0/compatibility",
            "unknown field 'compatibility'",
            "events/gadget.decorated/",
        ),
    ],
    "empty-consumers": [
        Expect(
            f"{R}#/gadget.ignored/consumers",
            "has no consumers: nobody reads this event",
            "events/gadget.ignored/",
        ),
    ],
    "name-with-spaces": [
        Expect(
            f"{R}#/gadget was built",
            f"event type name 'gadget was built' {NOT_A_NAME}",
            "events/gadget-was-built/",
        ),
    ],
    "name-with-slashes": [
        Expect(
            f"{R}#/gadget~1built~1again",
            f"event type name 'gadget/built/again' {NOT_A_NAME}",
            "events/gadget-built-again/",
        ),
    ],
    "name-with-unicode": [
        Expect(
            f"{R}#/gadget.gebäude\u202e",
            f"event type name 'gadget.gebäude\u202e' {NOT_A_NAME}",
            "events/gadget.gebaude/",
        ),
        Expect(f"{R}#/ガジェット.built", f"event type name 'ガジェット.built' {NOT_A_NAME}", "events/built/"),
    ],
    "name-with-dotdot": [
        Expect(
            f"{R}#/..~1..~1gadget.escaped",
            f"event type name '../../gadget.escaped' {NOT_A_NAME}",
            "events/gadget.escaped/",
        ),
        Expect(f"{R}#/..", f"event type name '..' {NOT_A_NAME}", "events/unnamed/"),
    ],
    "same-url": [
        Expect(
            f"{R}#/Gadget.Built",
            "maps to the same page URL as 'gadget.built' (events/gadget.built/)",
            "events/gadget.built-2/",
        ),
        Expect(
            f"{R}#/gadget..built",
            "maps to the same page URL as 'gadget.built' (events/gadget.built/)",
            "events/gadget.built-3/",
        ),
    ],
    "reserved-url": [
        Expect(
            f"{R}#/index",
            "maps to the same page URL as the events index (events/); its page is events/index-2/",
            "events/index-2/",
        ),
        Expect(f"{R}#/INDEX", "maps to the same page URL as the events index (events/)", "events/index-3/"),
    ],
    "path-nul": [
        Expect(
            f"{R}#/gadget.nulled/owning_contract",
            "owning contract 'contracts/gadgets/\\x00README.md' contains a NUL byte",
            "events/gadget.nulled/",
        ),
        Expect(
            f"{R}#/gadget.nulled/schema_versions/0/payload_schema",
            "-v1.json' contains a NUL byte",
            "events/gadget.nulled/",
        ),
    ],
    "path-too-long": [
        Expect(
            f"{R}#/gadget.lengthy/owning_contract",
            "has a name of 300 bytes; file systems allow 255",
            "events/gadget.lengthy/",
        ),
        Expect(
            f"{R}#/gadget.lengthy/schema_versions/0/payload_schema",
            "has a name of 305 bytes; file systems allow 255",
            "events/gadget.lengthy/",
        ),
    ],
    "name-too-long": [
        Expect(
            f"{R}#/{LONG_NAME}",
            f"event type name is 307 characters long; page names are cut at 100, so its "
            f"page is events/{LONG_NAME[:100]}/",
            f"events/{LONG_NAME[:100]}/",
        ),
        Expect(
            f"{R}#/{LONG_NAME}/producer",
            f"domain name is 300 characters long; page names are cut at 100, so "
            f"its page is domains/{'d' * 100}/",
            f"events/{LONG_NAME[:100]}/",
        ),
    ],
    "registry-deep": [
        Expect(
            f"{R}#/gadget.deepened/colour{'/0' * 98}",
            "is nested more than 100 levels deep; what lies below is not read and counts as null",
            "events/gadget.deepened/",
        ),
        Expect(f"{R}#/gadget.deepened/colour", "unknown field 'colour'", "events/gadget.deepened/"),
    ],
    "consumer-pointer": [
        Expect(
            f"{R}#/gadget.crowded/consumers/300",
            "'nowhere' is not a domain declared in /domains",
            "events/gadget.crowded/",
        ),
    ],
    "notes-brackets": [
        Expect(
            f"{R}#/gadget.bracketed/schema_versions/0/notes",
            "'notes' are 50,000 characters long (at most 20,000); they are not shown",
            "events/gadget.bracketed/",
        ),
        Expect(
            f"{R}#/gadget.unclosed/schema_versions/0/notes",
            "'notes' line 1 has 8,000 '[' in one paragraph: "
            "rendering it would cost more than the budget of 1,000,000 steps; it is not rendered",
            "events/gadget.unclosed/",
        ),
    ],
}
UNREADABLE = {"registry-not-json", "registry-truncated", "registry-not-object"}


outcomes = outcomes_fixture(compose)


class TestEveryCase(EveryCase):
    HOSTILE_CASES = CASES


def test_the_base_tree_is_clean(tmp_path):
    """Every problem a case shows is the case's own: the tree it starts from has none."""
    result = outcome(tmp_path, BASE)
    assert (result.site.warnings, result.strict_failed, result.check_status, result.check_output) == (
        [],
        False,
        0,
        "",
    )


@pytest.mark.parametrize("case", CASES)
def test_the_rest_of_the_catalog_is_built(outcomes, case):
    site = outcomes(case).site
    registered = ("events/gadget.built/", "events/gadget.shipped/", "domains/workshop/", "domains/warehouse/")
    pages = BASE_PAGES if case in UNREADABLE else (*BASE_PAGES, *registered)
    for url_path in pages:
        assert "md-content" in site.page(url_path), url_path


def test_an_unreadable_registry_gives_messages_and_exit_codes_never_a_traceback(tmp_path):
    contracts = compose("registry-not-json", tmp_path)
    project = make_project(tmp_path, contracts)
    where = f"{R}:1: not valid JSON"

    plain = mkdocs(project)
    assert (plain.returncode, "Traceback" in plain.stderr, where in plain.stderr) == (0, False, True), (
        plain.stderr
    )
    assert (project / "site-subprocess" / "contracts" / "gadgets" / "index.html").is_file()

    strict = mkdocs(project, "--strict")
    assert strict.returncode != 0 and "Traceback" not in strict.stderr, strict.stderr

    checked = contracts_check(contracts)
    assert (checked.returncode, "Traceback" in checked.stderr) == (1, False), checked.stderr
    assert where in checked.stdout


def test_wrong_types_fail_a_strict_subprocess_build_without_a_traceback(tmp_path):
    contracts = compose("wrong-types", tmp_path)
    strict = mkdocs(make_project(tmp_path, contracts), "--strict")
    assert strict.returncode != 0 and "Traceback" not in strict.stderr, strict.stderr
    assert f"{R}#/gadget.scalar: must be an object, not a string" in strict.stderr


def test_check_reports_the_same_list_twice(outcomes):
    result = outcomes("wrong-types")
    assert check(compose("wrong-types", result.site.root.parent / "again"))[1] == result.check_output
