#!/usr/bin/env python3
"""Build-time benchmark of the catalog against plain MkDocs + Material (the floor); writes BENCHMARKS.md.

    python scripts/bench.py [--sizes 200,1000,2000] [--runs 3] [--seed 1] [--no-profile]
                            [--serve-only] [--check-only] [--no-live] [--edits 3]

For every size N it writes a synthetic contracts tree of N event types (scripts/synth_corpus.py) into a
temporary project next to a copy of this project's mkdocs.yml and docs/, and builds the catalog of it.
In the same run it builds the floor: a plain mkdocs-material site with the same number of pages, at the
same URLs, with the same theme, features, Markdown extensions, search settings and nav shape (the nav of
mkdocs.yml: a few index pages), made of plain Markdown pages of similar length written from the same
contracts (headings, paragraphs and tables; the contract documents themselves as they are). Builds
alternate catalog / floor, each in a fresh process, and the medians of --runs runs are reported: wall
time, CPU time (user + system of the build process) and peak RSS, from os.wait4 on that process.
Finally the largest catalog build is run once under cProfile and its top costs are written out.
At the largest size the live preview's rebuild after one schema edit and a cold `contracts check` are then
measured against a full build of the same tree (scripts/bench_live.py; their own section of BENCHMARKS.md);
--serve-only and --check-only run only those.

The table goes between the markers in BENCHMARKS.md; text outside the markers is kept.
"""

from __future__ import annotations

import argparse
import cProfile  # noqa: F401 - the profile run uses `python -m cProfile`; imported to fail early if missing
import itertools
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from html import unescape
from importlib import metadata
from pathlib import Path
from typing import Any

import bench_live  # scripts beside this one: Python puts the script's folder first on its path
import contract_catalog_synth as synth_corpus
import yaml
from bench_floor_fields import FloorFields

REPO = Path(__file__).resolve().parent.parent

BUILD_DATE = synth_corpus.ANCHOR  # the date the synthetic corpus is spread around
EPOCH = str(int(datetime(BUILD_DATE.year, BUILD_DATE.month, BUILD_DATE.day, tzinfo=UTC).timestamp()))
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PLUGIN = "contract-catalog"


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    warnings: int


@dataclass
class Result:
    events: int
    profile: str = "default"  # of the synthetic corpus: default or wide
    pages: int = 0
    catalog: list[Run] = field(default_factory=list)
    floor: list[Run] = field(default_factory=list)
    catalog_kb: float = 0.0  # mean size of a built page
    floor_kb: float = 0.0
    warnings: list[str] = field(default_factory=list)


def median(runs: list[Run], attribute: str) -> float:
    return statistics.median(getattr(r, attribute) for r in runs)


# ---------------------------------------------------------------- running one build


def mkdocs_command(project: Path, site: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--no-strict",
        "--clean",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site),
    ]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="0")
    return env


def measure(command: list[str], cwd: Path, log: Path) -> Run:
    """Run one build in a fresh process; its own rusage comes from wait4 (not the sum over all children)."""
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=environment()
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"build failed ({' '.join(command)}), see {log}:\n{text[-3000:]}")
    warnings = [line for line in text.splitlines() if line.startswith("WARNING")]
    # ru_maxrss is in kilobytes on Linux
    return Run(
        wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mb=usage.ru_maxrss / 1024, warnings=len(warnings)
    )


def built_pages(site: Path) -> list[str]:
    """URL paths of the HTML pages of a built site (directory URLs: every page is <dir>/index.html)."""
    return sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))


def mean_page_kb(site: Path) -> float:
    sizes = [p.stat().st_size for p in site.rglob("index.html")]
    return statistics.mean(sizes) / 1024 if sizes else 0.0


# ---------------------------------------------------------------- the two projects


def project_config() -> dict[str, Any]:
    from mkdocs.utils import yaml_load

    with (REPO / "mkdocs.yml").open(encoding="utf-8") as handle:
        return yaml_load(handle)


def catalog_project(root: Path, events: int, seed: int, profile: str = "default") -> Path:
    project = root / f"catalog-{profile}-{events}"
    project.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    synth_corpus.generate(events, project / "contracts", seed=seed, profile=profile)
    return project


def url_of(src: str) -> str:
    """The URL path MkDocs publishes a source page at (directory URLs)."""
    stem = src[: -len(".md")]
    directory, _, name = stem.rpartition("/")
    return directory if name in ("index", "README") else stem


def nav_sources(nav: Any) -> list[str]:
    if isinstance(nav, dict):
        return [src for value in nav.values() for src in nav_sources(value)]
    if isinstance(nav, list):
        return [src for value in nav for src in nav_sources(value)]
    return [nav] if isinstance(nav, str) and nav.endswith(".md") else []


def floor_sources(pages: list[str], project: Path, nav: Any) -> dict[str, str]:
    """URL path -> source path of the floor page published there: the catalog's own source paths where they
    are known (nav entries, contract documents, docs/ pages), so links inside copied documents keep
    working."""
    contracts = project / "contracts"
    parents = {url.rsplit("/", 1)[0] for url in pages if "/" in url}
    named = {url_of(src): src for src in nav_sources(nav)}
    named.update(
        {
            url_of(p.relative_to(project / "docs").as_posix()): p.relative_to(project / "docs").as_posix()
            for p in (project / "docs").rglob("*.md")
        }
    )
    sources = {}
    for url in pages:
        if url in named:
            sources[url] = named[url]
            continue
        if url in ("", "."):
            sources[url] = "index.md"
            continue
        if url == "contracts" or url.startswith("contracts/"):
            rel = url[len("contracts/") :] if url != "contracts" else ""
            if (contracts / rel / "README.md").is_file():
                sources[url] = f"contracts/{rel}/README.md".replace("//", "/")
                continue
            if rel and (contracts / f"{rel}.md").is_file():
                sources[url] = f"contracts/{rel}.md"
                continue
        sources[url] = f"{url}/index.md" if url in parents else f"{url}.md"
    return sources


def visible_text(page: Path) -> int:
    """Characters of text a reader sees in a built page's article (markup and navigation not counted)."""
    html = page.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"<article.*?</article>", html, re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", match.group(0)) if match else ""
    return len(re.sub(r"\s+", " ", unescape(text)))


def floor_project(root: Path, catalog: Path, site: Path, pages: list[str]) -> Path:
    """A plain Material site: the catalog's pages at the same URLs, written as plain Markdown, each at least
    as long as the text the catalog's page shows (padded with a table of related events where shorter)."""
    project = root / catalog.name.replace("catalog", "floor")
    docs = project / "docs"
    docs.mkdir(parents=True)
    config = project_config()
    config["site_name"] = f"{config.get('site_name', 'Site')} (floor)"
    config["docs_dir"] = "docs"
    config["strict"] = False
    config["plugins"] = [
        entry
        for entry in config.get("plugins") or []
        if (next(iter(entry)) if isinstance(entry, dict) else entry) != PLUGIN
    ]
    # The nav of mkdocs.yml names the same source paths the floor uses (indexes, contracts/README.md).
    config["nav"] = config.get("nav") or [
        {"Home": "index.md"},
        {"Events": "events/index.md"},
        {"Contracts": "contracts/README.md"},
        {"Domains": "domains/index.md"},
    ]
    (project / "mkdocs.yml").write_text(
        yaml.dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    for item in sorted(
        site.iterdir()
    ):  # files the docs pages link to (catalog.json, feeds): copied as they are
        if item.is_file() and item.suffix in (".json", ".xml"):
            shutil.copy2(item, docs / item.name)
    writer = WideFloorWriter(catalog, docs) if "-wide-" in catalog.name else FloorWriter(catalog)
    for url_path, src in floor_sources(pages, catalog, config["nav"]).items():
        target = docs / src
        target.parent.mkdir(parents=True, exist_ok=True)
        text = writer.page(url_path, src)
        text = writer.pad(text, visible_text(site / url_path / "index.html"))
        target.write_text(text, encoding="utf-8")
    return project


class FloorWriter:
    """Plain Markdown pages of about the length of the catalog's, from the same contracts tree."""

    def __init__(self, project: Path):
        self.project = project
        self.contracts = project / "contracts"
        self.registry = json.loads((self.contracts / "event-types-registry.json").read_text(encoding="utf-8"))
        self.events = {k: v for k, v in self.registry.items() if "." in k and not k.startswith("$")}
        self.domains = self.registry.get("domains", {})

    def page(self, url_path: str, src: str) -> str:
        if src.startswith("contracts/") and (self.project / src).is_file():
            return self.document(src)
        parts = url_path.split("/")
        if parts[0] == "events" and len(parts) == 2 and parts[1] in self.events:
            return self.event(parts[1])
        if parts[0] == "domains" and len(parts) == 2 and parts[1] in self.domains:
            return self.domain(parts[1])
        if url_path == "events":
            return self.table_page("Events", self.events_rows())
        if url_path == "domains":
            return self.table_page(
                "Domains",
                [
                    [name, info.get("description", ""), info.get("owner_team", "")]
                    for name, info in self.domains.items()
                ],
                ["Domain", "Description", "Owner team"],
            )
        if url_path == "contracts":
            return self.table_page("Contracts", self.contract_rows(), ["Contract", "Events"])
        if (
            parts[0] == "fields" and len(parts) == 2
        ):  # a field name's page: padded to the catalog's length below
            return f"# {parts[1]}\n\nEvery event type that carries the field `{parts[1]}`.\n"
        docs_page = self.project / "docs" / src
        if docs_page.is_file():
            return docs_page.read_text(encoding="utf-8")
        return self.table_page(
            url_path.replace("/", " ").capitalize() or "Home",
            self.version_rows(),
            ["Event", "Version", "Status", "Registered", "Deprecated"],
        )

    # -- page kinds

    def event(self, name: str) -> str:
        entry = self.events[name]
        versions = entry["schema_versions"]
        out = [
            f"# {name}",
            "",
            "| Fact | Value |",
            "|---|---|",
            f"| Producer | {entry['producer']} |",
            f"| Consumers | {', '.join(entry['consumers'])} |",
            f"| Owning contract | `{entry['owning_contract']}` |",
            f"| Latest version | v{versions[-1]['version']} ({versions[-1]['status']}) |",
            f"| Source | `contracts/event-types-registry.json#/{name}` |",
            "",
            "## Versions",
            "",
            "| Version | Status | Registered | Active from | Deprecated | Payload schema |",
            "|---|---|---|---|---|---|",
        ]
        for v in reversed(versions):
            out.append(
                f"| v{v['version']} | {v['status']} | {v['registered_at']} | {v.get('active_from', '-')} | "
                f"{v.get('deprecated_at', '-')} | `{v['payload_schema'] or 'none'}` |"
            )
        for v in reversed(versions):
            out += ["", f"## v{v['version']}", "", v["notes"], ""]
            if v["payload_schema"]:
                out += self.payload(v["payload_schema"])
        out += ["", "## Timeline", "", "| Day | Change |", "|---|---|"]
        for v in versions:
            out.append(f"| {v['registered_at']} | v{v['version']} registered |")
            if v.get("deprecated_at"):
                out.append(f"| {v['deprecated_at']} | v{v['version']} deprecated |")
        out.append("")
        return "\n".join(out)

    def payload(self, schema_path: str) -> list[str]:
        schema = json.loads((self.project / schema_path).read_text(encoding="utf-8"))
        out = [
            "### Payload",
            "",
            "| Field | Type | Required | Constraints | Description |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| `{path}` | {kind} | {required} | {constraints} | {description} |"
            for path, kind, required, constraints, description in _fields(schema)
        ]
        out += ["", "### Example", "", "| Path | Value |", "|---|---|"]
        out += [f"| `{path}` | `{value}` |" for path, value in _leaves(schema.get("examples", [{}])[0])]
        out += ["", "### Schema", "", "| Keyword path | Value |", "|---|---|"]
        out += [f"| `{path}` | `{value}` |" for path, value in _leaves(schema) if "examples" not in path]
        return out

    def domain(self, name: str) -> str:
        produced = [
            [f"`{e}`", ", ".join(v["consumers"]), f"v{v['schema_versions'][-1]['version']}"]
            for e, v in self.events.items()
            if v["producer"] == name
        ]
        consumed = [
            [f"`{e}`", v["producer"], f"v{v['schema_versions'][-1]['version']}"]
            for e, v in self.events.items()
            if name in v["consumers"]
        ]
        info = self.domains[name]
        return "\n".join(
            [
                f"# {name}",
                "",
                info.get("description", ""),
                "",
                f"Owner team: {info.get('owner_team')}",
                "",
                self.table("Produces", produced, ["Event", "Consumers", "Latest"]),
                self.table("Consumes", consumed, ["Event", "Producer", "Latest"]),
            ]
        )

    def document(self, src: str) -> str:
        """A contract document as it is, links to raw JSON files made plain text; a README lists its
        events."""
        text = (self.project / src).read_text(encoding="utf-8")
        text = re.sub(r"\[([^\]]*)\]\(([^)]+\.json)\)", r"\1 (`\2`)", text)
        parts = src.split("/")
        if src == "contracts/README.md":
            text += "\n" + self.table("Contracts", self.contract_rows(), ["Contract", "Events"])
        elif len(parts) == 3 and parts[2] == "README.md":
            owned = [
                [f"`{e}`", v["producer"], ", ".join(v["consumers"]), str(len(v["schema_versions"]))]
                for e, v in self.events.items()
                if v["owning_contract"] == src
            ]
            text += "\n" + self.table("Owned events", owned, ["Event", "Producer", "Consumers", "Versions"])
        return text

    def pad(self, text: str, length: int) -> str:
        """Add rows of related events until the page's text is at least `length` characters long."""
        if len(text) >= length:
            return text
        rows = ["", "## Related events", "", "| Event | Producer | Consumers | Notes |", "|---|---|---|---|"]
        names = list(self.events)
        start = sum(map(ord, text[:200])) % len(names)
        size = len(text) + sum(len(r) + 1 for r in rows)
        index = 0
        while size < length:
            name = names[(start + index) % len(names)]
            entry = self.events[name]
            note = entry["schema_versions"][-1]["notes"].split(". ")[0].replace("|", "\\|")
            row = f"| `{name}` | {entry['producer']} | {', '.join(entry['consumers'])} | {note} |"
            rows.append(row)
            size += len(row) + 1
            index += 1
        return text.rstrip("\n") + "\n" + "\n".join(rows) + "\n"

    # -- tables

    def events_rows(self) -> list[list[str]]:
        return [
            [f"`{name}`", e["producer"], ", ".join(e["consumers"]), f"v{e['schema_versions'][-1]['version']}"]
            for name, e in sorted(self.events.items())
        ]

    def contract_rows(self) -> list[list[str]]:
        folders = sorted(p.parent.name for p in self.contracts.glob("*/README.md"))
        return [
            [
                f"`{c}`",
                str(
                    sum(1 for e in self.events.values() if e["owning_contract"] == f"contracts/{c}/README.md")
                ),
            ]
            for c in folders
        ]

    def version_rows(self) -> list[list[str]]:
        return [
            [f"`{name}`", f"v{v['version']}", v["status"], v["registered_at"], v.get("deprecated_at", "-")]
            for name, e in sorted(self.events.items())
            for v in e["schema_versions"]
        ]

    @staticmethod
    def table(title: str, rows: list[list[str]], header: list[str] | None = None) -> str:
        header = header or ["Event", "Producer", "Consumers", "Latest"][: len(rows[0]) if rows else 4]
        if rows and len(header) != len(rows[0]):
            header = (header + ["Value"] * len(rows[0]))[: len(rows[0])]
        lines = [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines) + "\n"

    def table_page(self, title: str, rows: list[list[str]], header: list[str] | None = None) -> str:
        return f"# {title}\n\n" + self.table(title, rows, header)


class WideFloorWriter(FloorWriter):
    """The floor of the wide profile: what a hand-written page of a webhook schema shows. Every field path
    (shared definitions expanded where they are used) with its type, whether it is required and its
    description; the example; the raw schema as the catalog shows it (inline up to RAW_EMBED_MAX characters,
    else the file, published beside the page and linked)."""

    RAW_EMBED_MAX = 16_000  # the catalog's limit (schema_render.py)

    def __init__(self, project: Path, docs: Path):
        super().__init__(project)
        self.fields = FloorFields(project)
        self.docs = docs

    def payload(self, schema_path: str) -> list[str]:
        raw = (self.project / schema_path).read_text(encoding="utf-8")
        out = ["### Payload", "", "| Field | Type | Required | Description |", "|---|---|---|---|"]
        out += [
            f"| `{path}` | {kind} | {'yes' if required else 'no'} | {_cell(description)} |"
            for path, kind, required, description in self.fields.rows(schema_path)
        ]
        example = json.loads(raw).get("examples", [{}])[0]
        out += ["", "### Example", "", "```json", json.dumps(example, indent=2), "```", "", "### Schema", ""]
        if len(raw) <= self.RAW_EMBED_MAX:
            return out + ["```json", raw.rstrip("\n"), "```", ""]
        published = self.docs / "schemas" / schema_path
        published.parent.mkdir(parents=True, exist_ok=True)
        published.write_text(raw, encoding="utf-8")
        return out + [
            f"Raw schema `{schema_path}`, {len(raw) // 1000} KB: [download](/schemas/{schema_path}).",
            "",
        ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fields(schema: dict, prefix: str = "") -> list[tuple[str, str, str, str, str]]:
    rows = []
    required = set(schema.get("required", []))
    for name, sub in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        kind = sub.get("type") or ("ref" if "$ref" in sub else "any of" if "anyOf" in sub else "object")
        constraints = ", ".join(
            f"{k}: {sub[k]}"
            for k in ("enum", "pattern", "format", "minimum", "maximum", "minLength", "maxLength")
            if k in sub
        )
        description = sub.get("description", sub.get("$ref", "")).replace("|", "\\|")
        rows.append(
            (
                path,
                str(kind),
                "yes" if name in required else "no",
                constraints.replace("|", "\\|"),
                description,
            )
        )
        if isinstance(sub, dict) and "properties" in sub:
            rows += _fields(sub, path + ".")
    return rows


def _leaves(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [leaf for key, sub in value.items() for leaf in _leaves(sub, f"{prefix}/{key}")]
    if isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
        return [leaf for index, sub in enumerate(value) for leaf in _leaves(sub, f"{prefix}/{index}")]
    return [(prefix or "/", json.dumps(value).replace("|", "\\|").replace("`", "'"))]


# ---------------------------------------------------------------- the field index's share


# The same build without the field index: its view (FieldsView, which alone uses schema/field_index.py and
# schema/field_names.py) left out of the registered views. Nothing of the plugin changes for the benchmark's
# sake.
WITHOUT_FIELD_INDEX = """
import sys
from contract_catalog import views
kept = tuple(v for v in views.VIEWS if v.__name__ != "FieldsView")
assert len(kept) == len(views.VIEWS) - 1, "FieldsView not found among the views"
views.VIEWS = kept  # default_views() reads it when the build starts
from mkdocs.__main__ import cli
cli.main(args=sys.argv[1:], prog_name="mkdocs")
"""


@dataclass
class FieldIndexCost:
    events: int
    profile: str
    with_index: list[Run] = field(default_factory=list)
    without_index: list[Run] = field(default_factory=list)


def field_index_cost(project: Path, work: Path, events: int, profile: str, runs: int) -> FieldIndexCost:
    """Builds with and without the field index, alternating, each in a fresh process."""
    cost = FieldIndexCost(events, profile)
    for run in range(runs):
        with_command = mkdocs_command(project, work / "site-field-index")
        without_command = [sys.executable, "-c", WITHOUT_FIELD_INDEX, *with_command[3:]]
        cost.with_index.append(measure(with_command, project, work / f"field-index-on-{run}.log"))
        cost.without_index.append(measure(without_command, project, work / f"field-index-off-{run}.log"))
        print(
            f"  field index run {run + 1}: with {cost.with_index[-1]}, without {cost.without_index[-1]}",
            flush=True,
        )
    return cost


def field_index_section(cost: FieldIndexCost) -> list[str]:
    on, off = median(cost.with_index, "cpu"), median(cost.without_index, "cpu")
    runs = len(cost.with_index)
    return [
        f"### The field index's share of the build ({cost.events:,} events, {cost.profile} profile)",
        "",
        (
            "The catalog built with the field index and without it (its view left out: no /fields/ pages, "
            "no fields.json, no field drift), alternating, "
            f"{'medians of ' + str(runs) + ' runs' if runs > 1 else 'one run each'}:"
        ),
        "",
        "| | CPU s | Wall s | Peak RSS MB |",
        "|---|---:|---:|---:|",
        (
            f"| With the field index | {on:.1f} | {median(cost.with_index, 'wall'):.1f} | "
            f"{median(cost.with_index, 'rss_mb'):.0f} |"
        ),
        (
            f"| Without | {off:.1f} | {median(cost.without_index, 'wall'):.1f} | "
            f"{median(cost.without_index, 'rss_mb'):.0f} |"
        ),
        "",
        (
            f"The field index's share of the build's CPU time: **{100 * (on - off) / on:.1f}%** "
            f"(target: at most 5%)."
        ),
    ]


# ---------------------------------------------------------------- profile


# Profiles CPU time, not wall time: on a shared machine wall time also counts other processes' turns.
PROFILE_RUNNER = """
import cProfile, sys, time
from mkdocs.__main__ import cli
stats_file, arguments = sys.argv[1], sys.argv[2:]
profiler = cProfile.Profile(time.process_time)
try:
    profiler.runcall(cli.main, args=arguments, prog_name="mkdocs", standalone_mode=False)
finally:
    profiler.dump_stats(stats_file)
"""


def profile_build(project: Path, out: Path, top: int = 15) -> tuple[list[list[str]], list[list[str]], float]:
    """The catalog build under cProfile: top cumulative functions and self time per module."""
    stats_file = out / "catalog.prof"
    build = mkdocs_command(project, out / "profile-site")[3:]  # the arguments after `-m mkdocs`
    command = [sys.executable, "-c", PROFILE_RUNNER, str(stats_file), *build]
    measure(command, project, out / "profile.log")
    return profile_rows(stats_file, top)


# Frames that only pass a call on (the CLI, MkDocs' event dispatch, comprehensions): they would fill the top
# of a cumulative list without naming a cost.
WRAPPER_MODULES = {"<frozen runpy>", "<string>", "mkdocs.__main__", "mkdocs.plugins", "{built-in}"}
WRAPPER_FUNCTIONS = {"<module>", "<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>", "build", "__call__"}


def profile_rows(stats_file: Path, top: int = 15) -> tuple[list[list[str]], list[list[str]], float]:
    """Top cumulative functions (wrappers left out) and self time per module, from a cProfile stats file."""
    stats = pstats.Stats(str(stats_file))
    total = max(v[3] for v in stats.stats.values())
    entries = []
    for (filename, line, function), (_, calls, tottime, cumtime, _) in stats.stats.items():
        entries.append((cumtime, tottime, calls, _module(filename), function, line))
    cumulative = [
        e
        for e in sorted(entries, reverse=True)
        if e[3] not in WRAPPER_MODULES and not e[3].startswith("click") and e[4] not in WRAPPER_FUNCTIONS
    ]
    seen, top_rows = set(), []
    for cumtime, _, calls, module, function, _ in cumulative:
        key = (module, function)
        if key in seen or function.startswith("_call_with_frames_removed") or module.startswith("importlib"):
            continue
        seen.add(key)
        top_rows.append(
            [f"`{module}.{function}`", str(calls), f"{cumtime:.1f}", f"{100 * cumtime / total:.0f}%"]
        )
        if len(top_rows) == top:
            break
    by_package: dict[str, float] = defaultdict(float)
    for _, tottime, _, module, _, _ in entries:
        by_package[_package(module)] += tottime
    package_rows = [
        [f"`{name}`", f"{seconds:.1f}", f"{100 * seconds / total:.0f}%"]
        for name, seconds in sorted(by_package.items(), key=lambda item: -item[1])[:top]
    ]
    return top_rows, package_rows, total


def _module(filename: str) -> str:
    if filename.startswith(("~", "<")):
        return "{built-in}" if filename == "~" else filename
    path = Path(filename)
    parts = path.with_suffix("").parts
    for anchor in ("site-packages", "site_plugins"):
        if anchor in parts:
            return ".".join(parts[parts.index(anchor) + 1 :]).removesuffix(".__init__")
    if "lib" in parts:
        return "stdlib." + ".".join(parts[len(parts) - 1 - parts[::-1].index("lib") + 1 :][1:])
    return path.stem


def _package(module: str) -> str:
    if module.startswith("contract_catalog"):
        return module  # the catalog's own modules, one by one
    if module.startswith("stdlib."):
        return "stdlib." + module.split(".")[1]
    return module.split(".")[0]


# ---------------------------------------------------------------- the report


def machine() -> list[str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; memory {memory}; load average at the end {load}",
        (
            f"- Python {platform.python_version()}, MkDocs {version('mkdocs')}, Material "
            f"{version('mkdocs-material')}, Python-Markdown {version('markdown')}, Jinja2 "
            f"{version('jinja2')}; {platform.system()} {platform.release()}"
        ),
        f"- Date: {datetime.now(tz=UTC).strftime('%Y-%m-%d %H:%M UTC')}",
    ]


PROFILE_TITLES = {
    "default": "Standard profile",
    "wide": "Wide profile (webhook-shaped payloads of 100-500 fields)",
}


def report(
    results: list[Result], seed: int, profiled: tuple | None, field_index: FieldIndexCost | None = None
) -> str:
    lines = [BEGIN, "", "## Results (one benchmark run)", ""]
    lines += machine()
    for profile in dict.fromkeys(r.profile for r in results):
        lines += ["", *results_section(profile, [r for r in results if r.profile == profile])]
    if field_index:
        lines += ["", *field_index_section(field_index)]
    if profiled:
        lines += ["", *profile_section(*profiled)]
    reproduce = reproduce_arguments(results, seed)
    lines += [
        "",
        f"Reproduce: `make bench`, or `.venv/bin/python scripts/bench.py {reproduce}`.",
        "",
        END,
    ]
    return "\n".join(lines)


def reproduce_arguments(results: list[Result], seed: int) -> str:
    sizes = list(dict.fromkeys(r.events for r in results))
    runs = [str(len(next(r for r in results if r.events == size).catalog)) for size in sizes]
    profiles = ",".join(dict.fromkeys(r.profile for r in results))
    return (
        f"--profile {profiles} --sizes {','.join(map(str, sizes))} "
        f"--runs {runs[0] if len(set(runs)) == 1 else ','.join(runs)} --seed {seed}"
    )


def results_section(profile: str, results: list[Result]) -> list[str]:
    runs = sorted({len(r.catalog) for r in results})
    if len(runs) > 1:
        counted = "medians of the runs the table gives per size"
    else:
        counted = f"medians of {runs[0]} runs" if runs[0] > 1 else "one run each"
    lines = [
        f"### {PROFILE_TITLES.get(profile, profile)} ({counted})",
        "",
        (
            "| Events | Pages | Runs | Catalog wall s | Floor wall s | Wall ratio | Catalog CPU s | Floor "
            "CPU s | CPU ratio | Catalog peak RSS MB | Floor peak RSS MB | Catalog ms/page (CPU) | Floor "
            "ms/page (CPU) |"
        ),
        "|" + "---:|" * 13,
    ]
    for r in results:
        cw, fw = median(r.catalog, "wall"), median(r.floor, "wall")
        cc, fc = median(r.catalog, "cpu"), median(r.floor, "cpu")
        lines.append(
            f"| {r.events:,} | {r.pages:,} | {len(r.catalog)} | {cw:.1f} | {fw:.1f} | {cw / fw:.2f} | "
            f"{cc:.1f} | {fc:.1f} | {cc / fc:.2f} | {median(r.catalog, 'rss_mb'):.0f} | "
            f"{median(r.floor, 'rss_mb'):.0f} | {1000 * cc / r.pages:.1f} | {1000 * fc / r.pages:.1f} |"
        )
    lines += [
        "",
        "Mean size of a built page (HTML, navigation included): "
        + "; ".join(
            f"{r.events:,} events: catalog {r.catalog_kb:.0f} KB, floor {r.floor_kb:.0f} KB" for r in results
        )
        + ".",
        "",
    ]
    if len(results) >= 2:
        lines += [
            "Growth of the catalog build between sizes (CPU time; linear would equal the page ratio):",
            "",
        ]
        for a, b in itertools.pairwise(results):
            ratio = median(b.catalog, "cpu") / median(a.catalog, "cpu")
            lines.append(
                f"- {a.events:,} -> {b.events:,} events ({b.pages / a.pages:.2f}x pages): {ratio:.2f}x CPU "
                f"time, {median(b.catalog, 'wall') / median(a.catalog, 'wall'):.2f}x wall time"
            )
        lines.append("")
    lines += ["All runs (wall s / CPU s / peak RSS MB):", ""]
    for r in results:
        for kind, runs_ in (("catalog", r.catalog), ("floor", r.floor)):
            cells = ", ".join(f"{x.wall:.1f} / {x.cpu:.1f} / {x.rss_mb:.0f}" for x in runs_)
            lines.append(f"- {r.events:,} events, {kind}: {cells}")
    warned = [r for r in results if r.warnings]
    lines.append("")
    if warned:
        lines += ["Warnings of the catalog builds:", ""]
        lines += [f"- {r.events:,} events: {w}" for r in warned for w in r.warnings[:10]]
    else:
        lines.append("The catalog builds logged no warnings.")
    return lines


def profile_section(
    events: int, profile: str, top_rows: list[list[str]], package_rows: list[list[str]], total: float
) -> list[str]:
    lines = [
        f"## Profile of the {events:,}-event catalog build, {profile} profile",
        "",
        (
            f"cProfile, one run; {total:.0f} s under the profiler (the profiler slows Python code several "
            "times, so read shares, not seconds)."
        ),
        "",
        "Top cumulative costs (frames that only pass a call on left out):",
        "",
        "| Function | Calls | Cumulative s | Share |",
        "|---|---:|---:|---:|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in top_rows]
    lines += [
        "",
        "Self time by module (the catalog's modules one by one, others by package):",
        "",
        "| Module | Self s | Share |",
        "|---|---:|---:|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in package_rows]
    return lines


def write_report(text: str, path: Path) -> None:
    """Replace the text between the markers; everything else in the file is kept."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        path.write_text(head + text + tail, encoding="utf-8")
    else:
        path.write_text(
            (old.rstrip() + "\n\n" if old else "# Benchmarks\n\n") + text + "\n", encoding="utf-8"
        )


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--profile",
        default="default,wide",
        help="profiles of the synthetic corpus, comma-separated: default, wide (default: both)",
    )
    parser.add_argument("--sizes", default="200,1000,2000", help="event counts, comma-separated")
    parser.add_argument(
        "--runs",
        default="3",
        help="runs per build (medians are reported): one number, or one per size (3,3,1)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--work", type=Path, help="folder for the projects (default: a temporary folder)")
    parser.add_argument(
        "--cprofile",
        default="wide:1000",
        help="the build run once under cProfile, PROFILE:EVENTS (default wide:1000; a size or "
        "profile not benchmarked falls back to the largest build); 'none' skips it",
    )
    parser.add_argument(
        "--field-index",
        default="default:2000",
        help="the build measured with and without the field index, PROFILE:EVENTS; 'none' skips it",
    )
    parser.add_argument("--keep", action="store_true", help="keep the projects and sites")
    parser.add_argument(
        "--serve-only",
        action="store_true",
        help="only the live preview's rebuild after a schema edit, against a full build",
    )
    parser.add_argument(
        "--check-only", action="store_true", help="only cold `contracts check`, against a full build"
    )
    parser.add_argument("--no-live", action="store_true", help="skip the live preview and check measurements")
    parser.add_argument("--edits", type=int, default=3, help="schema edits timed in the live preview")
    parser.add_argument("--save", type=Path, help="also write the measurements as JSON, for --combine")
    parser.add_argument(
        "--combine",
        type=Path,
        nargs="+",
        metavar="SAVED",
        help="write the report from measurements saved by parts of one benchmark run (built "
        "side by side on the same machine) instead of building",
    )
    args = parser.parse_args(argv)
    if args.combine:
        write_report(report(*combined(args.combine)), args.out)
        print(f"wrote {args.out}", flush=True)
        return 0
    profiles = [p for p in args.profile.split(",") if p.strip()]
    unknown = [p for p in profiles if p not in synth_corpus.PROFILES]
    if unknown:
        parser.error(f"--profile: unknown {', '.join(unknown)} (known: {', '.join(synth_corpus.PROFILES)})")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs_given = [int(r) for r in args.runs.split(",") if r.strip()]
    if len(runs_given) not in (1, len(sizes)):
        parser.error("--runs: one number, or one per size")
    runs_of = dict(zip(sizes, runs_given * len(sizes) if len(runs_given) == 1 else runs_given, strict=False))
    work = args.work or Path(tempfile.mkdtemp(prefix="catalog-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    field_index = None
    if args.serve_only or args.check_only:
        try:
            live(work, max(sizes), args, runs_of[max(sizes)], serve=args.serve_only, check=args.check_only)
        finally:
            if not args.keep and not args.work:
                shutil.rmtree(work, ignore_errors=True)
        return 0
    try:
        for profile in profiles:
            for events in sizes:
                results.append(benchmark(work, profile, events, args.seed, runs_of[events]))
                write_report(report(results, args.seed, None), args.out)
                if args.field_index == f"{profile}:{events}":
                    print(f"{profile} profile, {events} events: with and without the field index", flush=True)
                    field_index = field_index_cost(
                        work / f"catalog-{profile}-{events}", work, events, profile, runs_of[events]
                    )
                    write_report(report(results, args.seed, None, field_index), args.out)
        profiled = None
        if args.cprofile != "none":
            profile, _, events = args.cprofile.partition(":")
            if (profile, int(events or 0)) not in {(r.profile, r.events) for r in results}:
                profile, events = results[-1].profile, max(sizes)
            print(f"profiling the {profile} {events}-event catalog build", flush=True)
            top_rows, package_rows, total = profile_build(work / f"catalog-{profile}-{events}", work)
            profiled = (int(events), profile, top_rows, package_rows, total)
        write_report(report(results, args.seed, profiled, field_index), args.out)
        if args.save:
            save(args.save, results, args.seed, profiled, field_index)
        print(f"wrote {args.out}", flush=True)
        if not args.no_live:
            live(work, max(sizes), args, runs_of[max(sizes)], serve=True, check=True)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def live(work: Path, events: int, args: argparse.Namespace, runs: int, serve: bool, check: bool) -> None:
    """The live preview's rebuild and/or cold `contracts check`, each against a full build of the same
    tree."""
    project = work / f"catalog-default-{events}"  # the standard profile's tree, when this run built it
    if not project.exists():
        project = catalog_project(work, events, args.seed)
    result = bench_live.LiveResult(events)
    builds = [
        measure(
            mkdocs_command(project, work / f"site-live-{events}"),
            project,
            work / f"live-build-{events}-{run}.log",
        )
        for run in range(runs)
    ]
    result.build_wall, result.build_cpu = median(builds, "wall"), median(builds, "cpu")
    print(
        f"  full build of {events} events: {result.build_wall:.1f} s wall, {result.build_cpu:.1f} s CPU",
        flush=True,
    )
    if serve:
        result.first_serve, result.rebuilds, result.rebuild_cpu = bench_live.serve_rebuilds(
            project, work / f"serve-{events}.log", environment(), args.edits
        )
        print(
            f"  serve: first page after {result.first_serve:.1f} s, rebuilds {result.rebuilds} s "
            f"(CPU {result.rebuild_cpu} s)",
            flush=True,
        )
    if check:
        for run in range(runs):
            done = measure(bench_live.check_command(project), project, work / f"check-{events}-{run}.log")
            result.check_wall.append(done.wall)
            result.check_cpu.append(done.cpu)
            print(f"  check run {run + 1}: {done}", flush=True)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    bench_live.write_section(bench_live.live_section([result], when, load), args.out)
    print(f"wrote {args.out}", flush=True)


def save(
    path: Path, results: list[Result], seed: int, profiled: tuple | None, field_index: FieldIndexCost | None
) -> None:
    path.write_text(
        json.dumps(
            {
                "seed": seed,
                "results": [asdict(r) for r in results],
                "profiled": profiled,
                "field_index": asdict(field_index) if field_index else None,
            }
        ),
        encoding="utf-8",
    )


def combined(paths: list[Path]) -> tuple[list[Result], int, tuple | None, FieldIndexCost | None]:
    """The saved parts of one run as one: results in profile and size order, the profile and the field index
    measurement of whichever part made them."""
    results, seed, profiled, field_index = [], 1, None, None

    def runs(items: list[dict]) -> list[Run]:
        return [Run(**item) for item in items]

    for path in paths:
        saved = json.loads(path.read_text(encoding="utf-8"))
        seed = saved["seed"]
        for r in saved["results"]:
            results.append(Result(**{**r, "catalog": runs(r["catalog"]), "floor": runs(r["floor"])}))
        if saved["profiled"]:
            profiled = tuple(saved["profiled"])
        if saved["field_index"]:
            cost = saved["field_index"]
            field_index = FieldIndexCost(
                cost["events"], cost["profile"], runs(cost["with_index"]), runs(cost["without_index"])
            )
    order = {name: index for index, name in enumerate(synth_corpus.PROFILES)}
    results.sort(key=lambda r: (order.get(r.profile, len(order)), r.events))
    return results, seed, profiled, field_index


def benchmark(work: Path, profile: str, events: int, seed: int, runs: int) -> Result:
    """Catalog and floor builds of one size, alternating."""
    result = Result(events, profile)
    catalog = catalog_project(work, events, seed, profile)
    print(f"{profile} profile, {events} events: catalog project at {catalog}", flush=True)
    name = f"{profile}-{events}"
    floor = None
    for run in range(runs):
        site = work / f"site-catalog-{name}"
        done = measure(mkdocs_command(catalog, site), catalog, work / f"catalog-{name}-{run}.log")
        result.catalog.append(done)
        print(f"  catalog run {run + 1}: {done}", flush=True)
        if floor is None:
            pages = built_pages(site)
            result.pages = len(pages)
            result.catalog_kb = mean_page_kb(site)
            log = (work / f"catalog-{name}-0.log").read_text(encoding="utf-8", errors="replace")
            result.warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
            floor = floor_project(work, catalog, site, pages)
        floor_site = work / f"site-floor-{name}"
        done = measure(mkdocs_command(floor, floor_site), floor, work / f"floor-{name}-{run}.log")
        result.floor.append(done)
        print(f"  floor run {run + 1}: {done}", flush=True)
        if run == 0:
            floor_pages = built_pages(floor_site)
            if len(floor_pages) != result.pages:
                print(f"  note: floor has {len(floor_pages)} pages, catalog {result.pages}", flush=True)
            result.floor_kb = mean_page_kb(floor_site)
    return result


if __name__ == "__main__":
    sys.exit(main())
