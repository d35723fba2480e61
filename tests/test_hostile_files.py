"""Paths and files that cannot be used: named with their location, and nothing outside contracts/ is read.

Registry paths that name a missing file, a folder, a path through `..`, an absolute path or a symlink out
of the tree; schema files that are not JSON, too large, or whose `$ref`s loop, dangle or point at a URL.
Each gets the same outcome as a registry fault (see test_hostile_registry.py). Symlinks and the 10 MB
schema are made at test time (tests/hostile/trees.py); an audit hook proves that a build opens no file
outside the project and the Python installation, whatever the tree's symlinks point at.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import contract_catalog
import pytest
from bs4 import BeautifulSoup
from conftest import build_project, make_project
from hostile.promises import EveryCase, outcomes_fixture
from hostile.trees import (
    BASE_PAGES,
    OUTSIDE_SECRET,
    PAYLOADS,
    REGISTRY,
    SCRIPT_NAMES,
    Expect,
    compose,
    contracts_check,
    make_big_schema,
    make_scheme_names,
    make_symlink_loops,
    make_symlinked_files,
    make_symlinked_folder,
    mkdocs,
    unsafe_urls,
)

R, P = REGISTRY, PAYLOADS
OUTSIDE = "is a symlink to a file outside contracts/"

COMMITTED: dict[str, list[Expect]] = {
    "schema-missing": [
        Expect(
            f"{R}#/gadget.unwritten/schema_versions/0/payload_schema",
            f"payload schema '{P}/gadget.unwritten-v1.json' does not exist",
            "events/gadget.unwritten/",
        ),
    ],
    "schema-directory": [
        Expect(
            f"{R}#/gadget.foldered/schema_versions/0/payload_schema",
            "payload schema 'contracts/gadgets/schema' is a directory, not a file",
            "events/gadget.foldered/",
        ),
    ],
    "schema-dotdot": [
        Expect(
            f"{R}#/gadget.climbing/schema_versions/0/payload_schema",
            "payload schema 'contracts/../../../../etc/passwd' contains '..'; "
            "paths must stay inside contracts/",
            "events/gadget.climbing/",
        ),
    ],
    "schema-absolute": [
        Expect(
            f"{R}#/gadget.rooted/schema_versions/0/payload_schema",
            "payload schema '/etc/passwd' is an absolute path",
            "events/gadget.rooted/",
        ),
    ],
    "contract-missing": [
        Expect(
            f"{R}#/gadget.orphaned/owning_contract",
            "owning contract 'contracts/nowhere/README.md' does not exist",
            "events/gadget.orphaned/",
        ),
    ],
    "contract-directory": [
        Expect(
            f"{R}#/gadget.foldered/owning_contract",
            "owning contract 'contracts/gadgets' is a directory, not a file",
            "events/gadget.foldered/",
        ),
    ],
    "contract-dotdot": [
        Expect(
            f"{R}#/gadget.climbing/owning_contract",
            "owning contract 'contracts/gadgets/../../../../etc/hostname' contains '..'",
            "events/gadget.climbing/",
        ),
    ],
    "contract-absolute": [
        Expect(
            f"{R}#/gadget.rooted/owning_contract",
            "owning contract '/etc/hostname' is an absolute path",
            "events/gadget.rooted/",
        ),
    ],
    "schema-not-json": [
        Expect(
            f"{P}/gadget.sketched-v1.json:7",
            "not valid JSON: Expecting property name enclosed in double quotes (line 7, column 3)",
            "events/gadget.sketched/",
        ),
    ],
    "schema-ref-cycle": [
        Expect(
            f"{P}/gadget.looped-v1.json#/$defs/first/$ref",
            "$ref cycle #/$defs/first → #/$defs/second → #/$defs/first: "
            "each schema refers straight to the next",
            "events/gadget.looped/",
        ),
    ],
    "schema-dangling-ref": [
        Expect(
            f"{P}/gadget.dangling-v1.json#/properties/part/$ref",
            "$ref '#/$defs/part' cannot be resolved",
            "events/gadget.dangling/",
        ),
        Expect(
            f"{P}/gadget.dangling-v1.json#/properties/maker/$ref",
            "$ref '../defs/makers.json#/$defs/maker' refused: "
            "'contracts/gadgets/schema/defs/makers.json' does not exist",
            "events/gadget.dangling/",
        ),
    ],
    "schema-remote-ref": [
        Expect(
            f"{P}/gadget.remote-v1.json#/properties/address/$ref",
            "'https://schemas.example.invalid/address.json' is a remote reference and is never fetched",
            "events/gadget.remote/",
        ),
    ],
    "number-huge": [
        Expect(
            f"{R}#/gadget.counted/schema_versions/0/size",
            "a number of 5,000 digits is not read (at most 100); it counts as null",
            "events/gadget.counted/",
        ),
        Expect(
            f"{P}/gadget.counted-v1.json#/maximum",
            "a number of 5,000 digits is not read (at most 100)",
            "events/gadget.counted/",
        ),
    ],
    "schema-null": [
        Expect(
            f"{P}/gadget.nothing-v1.json",
            "is not a JSON schema: expected an object or a boolean, not null",
            "events/gadget.nothing/",
        ),
    ],
    "id-hijack": [
        Expect(
            f"{P}/gadget.hijacker-v1.json#/$id",
            f"$id 'file:///{P}/gadget.built-v1.json' claims the URI of "
            f"{P}/gadget.built-v1.json, another file of the tree; it is ignored",
            "events/gadget.hijacker/",
        ),
    ],
    "regex-backtracking": [
        Expect(
            f"{P}/gadget.patterned-v1.json#/examples/0/code",
            f"example 1 does not match the schema: '{'a' * 40}!' does not match '^(a+)+$'",
            "events/gadget.patterned/",
        ),
    ],
    "regex-lookahead": [
        Expect(
            f"{P}/gadget.lookahead-v1.json#/pattern",
            "pattern '^(?=a)a+$' cannot be run by a linear-time regex "
            "engine (invalid perl operator: (?=); values are not checked against it",
            "events/gadget.lookahead/",
        ),
    ],
    "schema-panic": [
        Expect(
            f"{P}/gadget.panicking-v1.json#/examples/0",
            "example 1 does not match the schema: could not be checked: the validator failed on the schema "
            "(a reference loop it follows without end, or a panic in a Rust extension under it)",
            "events/gadget.panicking/",
        ),
    ],
    "index-beside-readme": [
        Expect(
            "contracts/gadgets/index.md",
            "would take the URL of the catalog's page contracts/gadgets/; it is not "
            "published (a contract's page is its README.md)",
            "",
        ),
        Expect(
            "contracts/gadgets/manual/index.md",
            "has the same page URL as contracts/gadgets/manual.md "
            "(contracts/gadgets/manual/); it is not published until one of them is renamed",
            "",
        ),
    ],
    "markdown-latin1": [
        Expect("contracts/gadgets/latin1.md:1", "is not UTF-8 text (byte 0xe9); it is not published", "")
    ],
    "markdown-nested-list": [
        Expect(
            "contracts/gadgets/deep.md:53",
            "nests lists or quotes 202 columns deep (at most 200); it is not "
            "rendered, and the file is not published",
            "",
        ),
    ],
    "front-matter-alias-bomb": [
        Expect(
            "contracts/gadgets/bomb.md:2",
            "front matter uses a YAML anchor or alias, which could expand without "
            "bound; it is not read, and the file is not published",
            "",
        ),
    ],
    "document-brackets": [
        Expect(
            "contracts/gadgets/brackets.md:3",
            "has 50,000 '[' in one paragraph: rendering it would cost more "
            "than the budget of 1,000,000 steps; it is not rendered, and the file is not published",
            "",
        ),
    ],
}
SCHEME = "contains ':', so a link to it could be read as a URL scheme (like javascript:)"
GENERATED = {
    "schema-10mb": (
        make_big_schema,
        [
            Expect(
                f"{P}/gadget.enormous-v1.json", "MB; files over 2 MB are not read", "events/gadget.enormous/"
            ),
        ],
    ),
    "symlink-file": (
        make_symlinked_files,
        [
            Expect(
                f"{R}#/gadget.leaked/schema_versions/0/payload_schema",
                f"payload schema '{P}/gadget.leaked-v1.json' {OUTSIDE}",
                "events/gadget.leaked/",
            ),
            Expect(
                f"{R}#/gadget.leaked/owning_contract",
                f"owning contract 'contracts/gadgets/OWNER.md' {OUTSIDE}",
                "events/gadget.leaked/",
            ),
            Expect(f"{P}/gadget.leaked-v1.json", f"{OUTSIDE}; it is not read or published", ""),
            Expect("contracts/gadgets/OWNER.md", f"{OUTSIDE}; it is not read or published", ""),
        ],
    ),
    "symlink-folder": (
        make_symlinked_folder,
        [
            Expect(
                "contracts/mirror",
                "is a symlink to a folder outside contracts/; nothing in it is read or published",
                "",
            ),
            Expect(
                f"{R}#/gadget.mirrored/owning_contract",
                f"owning contract 'contracts/mirror/README.md' {OUTSIDE}",
                "events/gadget.mirrored/",
            ),
            Expect(
                f"{R}#/gadget.mirrored/schema_versions/0/payload_schema",
                f"payload schema 'contracts/mirror/leak.json' {OUTSIDE}",
                "events/gadget.mirrored/",
            ),
        ],
    ),
    "scheme-names": (
        make_scheme_names,
        [
            *(
                Expect(f"contracts/gadgets/{name}", f"its name {SCHEME}; it is not read or published", "")
                for name in SCRIPT_NAMES
            ),
            Expect(f"{P}/javascript:alert(2).json", f"its name {SCHEME}; it is not read or published", ""),
            Expect(
                "contracts/javascript:alert(3)", f"its name {SCHEME}; nothing in it is read or published", ""
            ),
        ],
    ),
    "symlink-loop": (
        make_symlink_loops,
        [
            Expect(
                f"{R}#/gadget.looped/schema_versions/0/payload_schema",
                f"payload schema '{P}/loop.json' cannot be used: it is a symlink loop",
                "events/gadget.looped/",
            ),
            Expect(
                f"{P}/loop.json",
                "is a symlink that leads nowhere or to itself; it is not read or published",
                "",
            ),
            Expect("contracts/gadgets/dangling.md", "is a symlink that leads nowhere or to itself", ""),
        ],
    ),
}
CASES = {**COMMITTED, **{case: expects for case, (_, expects) in GENERATED.items()}}


def tree_for(case: str, tmp: Path) -> Path:
    return GENERATED[case][0](tmp) if case in GENERATED else compose(case, tmp)


outcomes = outcomes_fixture(tree_for)


class TestEveryCase(EveryCase):
    HOSTILE_CASES = CASES


@pytest.mark.parametrize("case", CASES)
def test_the_rest_of_the_catalog_is_built(outcomes, case):
    site = outcomes(case).site
    for url_path in (*BASE_PAGES, "events/gadget.built/", "events/gadget.shipped/"):
        assert "md-content" in site.page(url_path), url_path
    assert (site.site / "contracts/gadgets/schema/payloads/gadget.built-v1.json").is_file()


def test_no_link_of_a_tree_with_scheme_like_names_can_run_a_script(outcomes):
    site = outcomes("scheme-names").site
    assert unsafe_urls(site.site) == []
    assert not list(site.site.rglob("*javascript:*")) and not list(site.site.rglob("*data:*"))


@pytest.mark.parametrize("case", ["symlink-file", "symlink-folder"])
def test_nothing_behind_a_symlink_out_of_the_tree_is_published(outcomes, case):
    site = outcomes(case).site.site
    assert not (site / "contracts" / "mirror").exists()
    assert (
        not (site / "contracts/gadgets/OWNER").exists() and not (site / "contracts/gadgets/OWNER.md").exists()
    )
    assert not (site / P / "gadget.leaked-v1.json").exists()
    leaked = [
        path for path in site.rglob("*") if path.is_file() and OUTSIDE_SECRET.encode() in path.read_bytes()
    ]
    assert leaked == []


def test_a_10_mb_schema_is_published_but_never_read(outcomes, tmp_path):
    result = outcomes("schema-10mb")
    schema = result.site.root / P / "gadget.enormous-v1.json"
    assert schema.stat().st_size > 10 * 1024 * 1024
    page = BeautifulSoup(result.site.page("events/gadget.enormous/"), "html.parser")
    assert page.select(".cc-fields tr") == []  # no table of ninety thousand rows
    assert (result.site.site / P / "gadget.enormous-v1.json").stat().st_size == schema.stat().st_size


def test_a_ref_cycle_fails_a_strict_subprocess_build_without_a_traceback(tmp_path):
    contracts = compose("schema-ref-cycle", tmp_path)
    strict = mkdocs(make_project(tmp_path, contracts), "--strict")
    assert strict.returncode != 0 and "Traceback" not in strict.stderr, strict.stderr
    assert f"{P}/gadget.looped-v1.json#/$defs/first/$ref: $ref cycle" in strict.stderr


def test_contracts_check_names_a_symlinked_folder_in_a_subprocess(tmp_path):
    checked = contracts_check(make_symlinked_folder(tmp_path))
    assert (checked.returncode, "Traceback" in checked.stderr) == (1, False), checked.stderr
    assert "contracts/mirror: is a symlink to a folder outside contracts/" in checked.stdout


# ---------------------------------------------------------------- what a build opens

_OPENED: list[str] | None = None  # paths opened or listed while a build is being watched


def _watch(event: str, args: tuple) -> None:
    if (
        _OPENED is not None
        and event in ("open", "os.listdir", "os.scandir")
        and isinstance(args[0], (str, bytes))
    ):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_watch)  # audit hooks cannot be removed; this one records only inside `watched_build`


def watched_build(project: Path) -> list[str]:
    """Every file and folder a real build opens or lists, as real paths (symlinks followed)."""
    global _OPENED
    _OPENED = []
    try:
        build_project(project)
        return [os.path.realpath(path) for path in _OPENED]
    finally:
        _OPENED = None


def test_a_build_opens_nothing_outside_the_project_and_the_python_installation(tmp_path):
    tree = make_symlinked_files(tmp_path / "files")
    folder_tree = make_symlinked_folder(tmp_path / "folder")
    os.symlink(folder_tree / "mirror", tree / "mirror", target_is_directory=True)
    project = make_project(tmp_path, tree)
    allowed = [
        os.path.realpath(p)
        for p in (
            project,
            sys.prefix,
            sys.base_prefix,
            sys.exec_prefix,
            Path(contract_catalog.__file__).parent,
        )
    ]
    opened = watched_build(project)
    outside = sorted(
        {p for p in opened if not any(p == root or p.startswith(root + os.sep) for root in allowed)}
    )
    assert outside == []
    # the hook does see the build
    assert any(p.endswith("contracts/event-types-registry.json") for p in opened)
