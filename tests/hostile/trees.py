"""The hostile corpus as trees to build, and the outcome every case must have.

`base/contracts` is a small clean tree: it builds in strict mode and `contracts check` finds nothing in it.
Each folder of `cases/` holds only what its case changes (the registry, sometimes a schema file); `compose`
lays it over a copy of the base. Inputs that cannot be committed as they are, a 10 MB schema and symlinks
to files outside the tree, are made at test time by the `make_*` functions.

One strict build per case gives everything the tests look at: MkDocs runs the whole build and only then
aborts when a warning was logged (`mkdocs.commands.build.build`), so the site on disk is the one a
non-strict build writes. A plain `mkdocs build` subprocess is checked separately for a few cases.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from conftest import BuiltSite, CollectWarnings, make_project
from contract_catalog.cli.main import build_parser
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

HOSTILE = Path(__file__).resolve().parent
BASE = HOSTILE / "base" / "contracts"
CASES = HOSTILE / "cases"
CONTENT = HOSTILE / "content" / "contracts"
FAULTS = HOSTILE / "faults" / "contracts"
REGISTRY = "contracts/event-types-registry.json"
PAYLOADS = "contracts/gadgets/schema/payloads"
BUILD_DATE = "2026-05-20"
OUTSIDE_SECRET = "outside-secret-5d1c"  # written into every file outside the tree; must never reach the site
BASE_PAGES = (
    "",
    "events/",
    "domains/",
    "contracts/gadgets/",
    "graph/",
    "timeline/",
)  # whatever the registry holds


@dataclass(frozen=True)
class Expect:
    """A problem a case must produce: where (file and JSON pointer or line), what, and the page showing it."""

    location: str  # "contracts/event-types-registry.json#/gadget.mistyped/producer" or "...json:7"
    says: str  # a part of the message that names what is wrong
    page: str  # URL path of the page that lists it: "events/gadget.mistyped/", "" for the home page

    def in_line(self, line: str) -> bool:
        return f"{self.location}: " in line and self.says in line


@dataclass
class Outcome:
    site: BuiltSite
    strict_failed: bool
    check_status: int
    check_output: str  # `contracts check` text: one `location: message` line per problem

    def problems_on(self, url_path: str) -> list[str]:
        """The problem lines a reader sees on a page (in every problem box of it)."""
        soup = BeautifulSoup(self.site.page(url_path), "html.parser")
        return [" ".join(li.get_text().split()) for li in soup.select(".cc-problems li")]


def compose(case: str, into: Path) -> Path:
    """The base tree with one committed case laid over it; returns the new contracts folder."""
    contracts = into / case / "contracts"
    shutil.copytree(BASE, contracts)
    shutil.copytree(CASES / case / "contracts", contracts, dirs_exist_ok=True)
    return contracts


def add_event(contracts: Path, name: str, owning_contract: str | None, payload_schema: str | None) -> None:
    """Register one more event type in a tree's registry, with a single version."""
    path = contracts / "event-types-registry.json"
    registry = json.loads(path.read_text(encoding="utf-8"))
    registry[name] = {
        "producer": "workshop",
        "consumers": ["warehouse"],
        "owning_contract": owning_contract,
        "schema_versions": [
            {
                "version": 1,
                "payload_schema": payload_schema,
                "status": "active",
                "registered_at": "2026-03-01",
                "notes": "A version of a generated hostile case.",
            }
        ],
    }
    path.write_text(json.dumps(registry, indent=2, ensure_ascii=False), encoding="utf-8")


def make_big_schema(into: Path) -> Path:
    """A payload schema of more than 10 MB: a field table nobody can read, and a way to exhaust a build."""
    contracts = into / "schema-10mb" / "contracts"
    shutil.copytree(BASE, contracts)
    fields = {
        f"field_{n:06d}": {"type": "string", "description": "A field among very many. " * 3}
        for n in range(90_000)
    }
    schema = json.dumps({"type": "object", "properties": fields}, indent=1)
    (contracts / "gadgets/schema/payloads/gadget.enormous-v1.json").write_text(schema, encoding="utf-8")
    add_event(contracts, "gadget.enormous", None, f"{PAYLOADS}/gadget.enormous-v1.json")
    return contracts


def make_outside(into: Path) -> Path:
    """A folder beside the project, holding what a symlink in the tree could lead to."""
    outside = into / "outside"
    (outside / "mirror").mkdir(parents=True)
    (outside / "secret.json").write_text(
        json.dumps({"title": OUTSIDE_SECRET, "type": "object"}), encoding="utf-8"
    )
    (outside / "secret.md").write_text(f"# {OUTSIDE_SECRET}\n", encoding="utf-8")
    (outside / "mirror" / "README.md").write_text(f"# Mirror\n\n{OUTSIDE_SECRET}\n", encoding="utf-8")
    (outside / "mirror" / "leak.json").write_text(json.dumps({"title": OUTSIDE_SECRET}), encoding="utf-8")
    return outside


def make_symlinked_files(into: Path) -> Path:
    """A payload schema and an owning contract that are symlinks to files outside the tree."""
    contracts = into / "symlink-file" / "contracts"
    shutil.copytree(BASE, contracts)
    outside = make_outside(into / "symlink-file")
    os.symlink(outside / "secret.json", contracts / "gadgets/schema/payloads/gadget.leaked-v1.json")
    os.symlink(outside / "secret.md", contracts / "gadgets/OWNER.md")
    add_event(contracts, "gadget.leaked", "contracts/gadgets/OWNER.md", f"{PAYLOADS}/gadget.leaked-v1.json")
    return contracts


def make_symlinked_folder(into: Path) -> Path:
    """A folder of the tree that is a symlink to a folder outside it, with a contract and a schema in it."""
    contracts = into / "symlink-folder" / "contracts"
    shutil.copytree(BASE, contracts)
    outside = make_outside(into / "symlink-folder")
    os.symlink(outside / "mirror", contracts / "mirror", target_is_directory=True)
    add_event(contracts, "gadget.mirrored", "contracts/mirror/README.md", "contracts/mirror/leak.json")
    return contracts


SCRIPT_NAMES = ("javascript:alert(document.domain)%2F%2F.md", "data:text,x.md")  # documents named as URLs


def make_scheme_names(into: Path) -> Path:
    """Contract documents, a schema file and a contract folder named like `javascript:` URLs (not committed:
    such names cannot be checked out on every system)."""
    contracts = into / "scheme-names" / "contracts"
    shutil.copytree(BASE, contracts)
    for name in SCRIPT_NAMES:
        (contracts / "gadgets" / name).write_text(
            "# Click me\n\nA document named as a URL.\n", encoding="utf-8"
        )
    (contracts / "gadgets/schema/payloads/javascript:alert(2).json").write_text(
        '{"type": "object"}', encoding="utf-8"
    )
    (contracts / "javascript:alert(3)").mkdir()
    (contracts / "javascript:alert(3)/README.md").write_text(
        "# A contract named as a URL\n", encoding="utf-8"
    )
    return contracts


def make_symlink_loops(into: Path) -> Path:
    """A symlink to itself, one to a missing file, and a registry path through the loop."""
    contracts = into / "symlink-loop" / "contracts"
    shutil.copytree(BASE, contracts)
    os.symlink("loop.json", contracts / "gadgets/schema/payloads/loop.json")
    os.symlink("nowhere.md", contracts / "gadgets/dangling.md")
    add_event(contracts, "gadget.looped", "contracts/gadgets/README.md", f"{PAYLOADS}/loop.json")
    return contracts


def strict_build(tmp: Path, contracts: Path) -> tuple[BuiltSite, bool]:
    """A real `mkdocs build --strict` of a tree; the warnings are kept whether or not it aborts."""
    project = make_project(tmp, contracts)
    handler = CollectWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(project / "site"))
        try:
            build(config)
            failed = False
        except Abort:
            failed = True
    finally:
        logger.removeHandler(handler)
    return BuiltSite(root=project, site=project / "site", warnings=handler.messages), failed


def check(contracts: Path) -> tuple[int, str]:
    """`contracts check --contracts DIR` through the command line parser, in this process."""
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["check", "--contracts", str(contracts), "--build-date", BUILD_DATE])
    return args.run(args, out, err), out.getvalue()


def outcome(tmp: Path, contracts: Path) -> Outcome:
    site, failed = strict_build(tmp, contracts)
    status, output = check(contracts)
    return Outcome(site, failed, status, output)


def problem_lists(site: BuiltSite, contracts: Path) -> tuple[list[str], list[str]]:
    """(what the build warned, what `contracts check` printed), sorted:
    on every hostile tree the two are equal."""
    warned = sorted(w.removeprefix("contract_catalog: ") for w in site.warnings)
    return warned, sorted(check(contracts)[1].splitlines())


SAFE_SCHEMES = {"", "http", "https", "mailto"}
URL_ATTRIBUTE = re.compile(
    r"""\s(?:href|src|xlink:href|action|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)


def unsafe_urls(site: Path) -> list[str]:
    """Every link or source of a built site that a browser would read with a scheme other than http(s) or
    mailto: `javascript:`, `data:`, or a relative link whose first segment holds ':'."""
    found = []
    for page in site.rglob("*.html"):
        for match in URL_ATTRIBUTE.finditer(page.read_text(encoding="utf-8")):
            url = (match.group(1) or match.group(2) or "").strip()
            scheme = urlsplit(url).scheme.lower() if ":" in url.split("/", 1)[0] else ""
            if scheme not in SAFE_SCHEMES:
                found.append(f"{page.relative_to(site)}: {url}")
    return found


def run(*command: str) -> subprocess.CompletedProcess:
    """A command of the project's environment in a subprocess, as CI runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*command], check=False, capture_output=True, text=True, env=env, timeout=600)


def mkdocs(project: Path, *options: str) -> subprocess.CompletedProcess:
    return run(
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(project / "site-subprocess"),
        *options,
    )


def contracts_check(contracts: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("contracts")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "contract_catalog.cli"]
    return run(*command, "check", "--contracts", str(contracts), "--build-date", BUILD_DATE)
