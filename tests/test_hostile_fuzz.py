"""Generated hostile trees: odd file names, event names and registry values, each built for real.

Every example lays documents and a schema file with generated names over the clean base tree and registers
events with generated names and values. A real `mkdocs build` and `contracts check` must then finish without
an exception, agree on the problem list, publish no link or source with a scheme other than http(s) and
mailto (no `javascript:` or `data:` URL, not even a relative link a browser reads as a scheme), write
nothing outside site/, and stay within a bound of work: the pages written, counted, are at most the
catalog's own pages plus one per event type, domain and document. The example count is small so that the
suite stays fast; the inputs that once failed are committed cases in tests/hostile/cases.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hostile.trees import BASE, problem_lists, strict_build, unsafe_urls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CATALOG_PAGES = 40  # home, indexes, graph, timeline, changes, envelope, 404...: the pages any tree gets

NASTY = st.sampled_from(
    [
        "javascript:alert(document.domain)%2F%2F",
        "data:text/html,<script>alert(1)</script>",
        "JavaScript:x",
        "vbscript:x",
        "a:b",
        "..",
        "index",
        "README",
        "x" * 300,
        "\u202egadget",
        "a\tb",
        "a\nb",
        "#frag",
        "?q=1",
        "%2e%2e",
        "con",
        " ",
        "-",
        "<img src=x onerror=alert(1)>",
    ]
)
NAME_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="/\0"), min_size=1, max_size=24)
NAMES = NASTY | NAME_TEXT
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**150), 10**150) | st.floats(allow_nan=False) | NAMES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=3),
    max_leaves=6,
)
VERSIONS = st.fixed_dictionaries(
    {
        "version": st.integers(-2, 3) | st.integers(10**120, 10**130),
        "status": st.sampled_from(["active", "x"]),
        "registered_at": st.sampled_from(["2026-03-01", "2026-13-45"]),
        "notes": NAMES | st.just("[" * 3000),
        "payload_schema": st.none() | NAMES.map(lambda n: f"contracts/gadgets/schema/payloads/{n}.json"),
    },
    optional={"extra": VALUES},
)
EVENTS = st.dictionaries(
    NAMES,
    st.fixed_dictionaries(
        {
            "producer": NAMES | VALUES,
            "consumers": st.lists(NAMES, max_size=3) | VALUES,
            "owning_contract": st.none() | NAMES.map(lambda n: f"contracts/gadgets/{n}.md"),
            "schema_versions": st.lists(VERSIONS, min_size=1, max_size=2),
        }
    ),
    max_size=3,
)


def _write(path: Path, text: str) -> bool:
    """Write a file under a generated name; False when the file system refuses the name."""
    try:
        path.write_text(text, encoding="utf-8")
    except (OSError, ValueError, UnicodeEncodeError):
        return False
    return True


def _files(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    documents=st.lists(NAMES, max_size=3),
    schema_name=NAMES,
    events=EVENTS,
    domains=st.dictionaries(NAMES, VALUES, max_size=2),
)
def test_generated_names_and_values_build_safely(documents, schema_name, events, domains):
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        contracts = tmp / "tree" / "contracts"
        shutil.copytree(BASE, contracts)
        written = [name for name in documents if _write(contracts / "gadgets" / f"{name}.md", f"# {name}\n")]
        _write(contracts / "gadgets/schema/payloads" / f"{schema_name}.json", '{"type": "object"}')
        registry = json.loads((contracts / "event-types-registry.json").read_text(encoding="utf-8"))
        registry["domains"] = {**registry["domains"], **domains}
        registry.update({name: entry for name, entry in events.items() if name not in registry})
        (contracts / "event-types-registry.json").write_text(json.dumps(registry), encoding="utf-8")
        before = _files(tmp)

        site, _ = strict_build(tmp, contracts)  # any exception but MkDocs' strict Abort fails the test

        warned, checked = problem_lists(site, contracts)
        assert warned == checked
        assert unsafe_urls(site.site) == []
        after = {path: mtime for path, mtime in _files(tmp).items() if "/site/" not in f"/{path}"}
        project = site.root.relative_to(tmp).as_posix()
        # the project folder the build reads
        copied = {path for path in after if path.startswith(project + "/")}
        assert {path: mtime for path, mtime in after.items() if path not in copied} == before
        assert all(
            path.startswith((f"{project}/contracts/", f"{project}/docs/")) or path == f"{project}/mkdocs.yml"
            for path in copied
        )
        pages = len(list(site.site.rglob("*.html")))
        assert pages <= CATALOG_PAGES + len(registry) + len(registry["domains"]) + 4 * len(events) + len(
            written
        )
