"""Checks of a contracts tree that neither the model nor a view makes, and the one list of a build's problems.

- `registry-schema`: the registry validated against `event-types-registry.schema.json`, when the tree has
  one. A fault the model already reports at the same pointer is not reported twice.
- `invalid-schema` (and the file problems `not-json`, `duplicate-key`, `too-large`): every JSON file of a
  contract folder is a JSON Schema valid against its dialect's metaschema. The payload view checks the
  files it documents (registered payload schemas, the envelope) the same way; this covers the others,
  such as shared definitions reached only through `$ref`, so no file is validated twice.
- `broken-link`: every relative link of a Markdown file of the tree names a file or folder inside it.
- `orphan-contract`, `orphan-schema`: every contract folder and schema file is referenced by something:
  a registry path, a `$ref` from another schema file, or a relative link from a contract document.

`catalog_problems` is what both the MkDocs plugin and `contracts check` report, so the two agree by
construction. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

import jsonschema.validators
import referencing.exceptions
from referencing import Registry

from ..core.panics import Panic, contained
from ..core.problems import Problem, Severity, json_pointer
from ..core.safe_files import MAX_REGISTRY_BYTES, load_json
from ..core.safe_regex import linear_time, search
from ..core.shorten import shorten
from ..model.catalog import REGISTRY_FILE, Catalog, tree_files
from ..prose.zones import classify_lines
from ..schema.checks import id_claim_problems, metaschema_problems, not_a_schema

if TYPE_CHECKING:
    from ..views.base import BuildContext, CatalogView

REGISTRY_SCHEMA_FILE = "event-types-registry.schema.json"
FILE_URI = "file:///"
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
CODE_SPAN = re.compile(r"(`+).*?\1")
LINK_TARGETS = (
    re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]+)"),  # [text](target) and ![alt](target)
    re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)"),  # [label]: target
    re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']"""),  # raw HTML
)


def catalog_problems(catalog: Catalog, views: Sequence[CatalogView]) -> list[Problem]:
    """Every problem of a build: the model's, these checks', every view's; each once, in a stable order."""
    context = views[0].context if views else None
    model = catalog.all_problems
    # The views first: they read every payload schema, which the reference scan then need not parse again.
    of_views = [p for v in views for p in v.problems()]
    found = [*model, *extra_problems(catalog, context), *of_views]
    return sort_problems(dict.fromkeys(found))


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.pointer or "", p.code, p.message))


def extra_problems(catalog: Catalog, context: BuildContext | None = None) -> list[Problem]:
    """The problems of the checks in this module.

    A live preview's build context carries what each file gave over from the previous build while the file
    (or, for the registry and links, the shared part of the tree) is unchanged; see BuildContext.remembered.
    """
    remembered = context.remembered if context else _compute
    remembered_shared = context.remembered_shared if context else _compute
    files = schema_files(catalog)
    references = References.scan(
        catalog, files, remembered, remembered_shared, context.schemas.loader.loaded if context else None
    )
    return [
        *remembered_shared(("registry-schema",), partial(registry_schema_problems, catalog)),
        *schema_file_problems(catalog, files, remembered),
        *references.problems,
        *orphan_problems(catalog, references, files),
    ]


def _compute(key: tuple, compute: Callable[[], Any]) -> Any:
    return compute()


# ---------------------------------------------------------------- the registry against its own schema


def registry_schema_problems(catalog: Catalog) -> list[Problem]:
    """The registry validated against the schema file beside it; nothing when the tree has none."""
    tree = catalog.tree
    schema_path, registry_path = tree.root / REGISTRY_SCHEMA_FILE, tree.root / REGISTRY_FILE
    if not schema_path.is_file() or not registry_path.is_file():
        return []
    schema_display = tree.display(schema_path)
    schema, problems = load_json(schema_path, schema_display)
    if schema is None:
        return problems
    problems += metaschema_problems(schema, schema_display)
    if any(p.severity is Severity.ERROR for p in problems):
        return problems  # a broken schema would report faults the registry does not have
    registry, _ = load_json(registry_path, catalog.registry_path, max_bytes=MAX_REGISTRY_BYTES)
    if registry is None:
        return problems  # the model reports why it cannot be read
    cls = linear_time(jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator))
    try:
        validator = cls(
            schema,
            registry=Registry(retrieve=_never_retrieve),  # type: ignore[call-arg]
            format_checker=cls.FORMAT_CHECKER,
        )  # (referencing's attrs alias is unknown to mypy)
        with contained():
            errors = list(validator.iter_errors(registry))
    except (Panic, RecursionError):
        return [
            *problems,
            Problem(
                schema_display,
                "the registry cannot be checked against it: the validator failed "
                "(a reference loop, or a panic in a Rust extension)",
                code="invalid-schema",
            ),
        ]
    except referencing.exceptions.Unresolvable as unresolvable:
        return [
            *problems,
            Problem(
                schema_display,
                f"reference '{unresolvable}' cannot be resolved; remote references are never fetched",
                code="invalid-schema",
            ),
        ]
    known = {p.pointer for p in catalog.all_problems if p.file == catalog.registry_path}
    for error in sorted(errors, key=lambda e: [str(t) for t in e.absolute_path]):
        pointers = _error_pointers(error)
        if known.isdisjoint(pointers):
            problems.append(
                Problem(
                    catalog.registry_path,
                    f"does not match {REGISTRY_SCHEMA_FILE}: {shorten(error.message)}",
                    pointer=pointers[0],
                    code="registry-schema",
                )
            )
    return problems


def _never_retrieve(uri: str):
    """References of the registry schema resolve inside it only; without this jsonschema would fetch URLs."""
    raise referencing.exceptions.NoSuchResource(ref=uri)  # type: ignore[call-arg]  # referencing's attrs alias (a documented argument) is unknown to mypy


def _error_pointers(error: jsonschema.ValidationError) -> list[str]:
    """Where a schema error is, first; then where the model would report the same fault."""
    pointer = json_pointer(*error.absolute_path)
    if "propertyNames" in error.relative_schema_path:  # the fault is a key, not the object holding it
        return [json_pointer(*error.absolute_path, str(error.instance))]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        return [
            pointer,
            *(f"{pointer}{json_pointer(key)}" for key in _additional_keys(error.instance, error.schema)),
        ]
    return [pointer]


def _additional_keys(instance: dict, schema: Any) -> list[str]:
    """The keys of an object that neither `properties` nor `patternProperties` of its schema allow."""
    schema = schema if isinstance(schema, dict) else {}
    named = schema.get("properties", {})
    patterns = [p for p in schema.get("patternProperties", {}) if isinstance(p, str)]
    return [key for key in instance if key not in named and not any(search(p, key) for p in patterns)]


# ---------------------------------------------------------------- schema files against their metaschema


def schema_files(catalog: Catalog) -> list[Path]:
    """Every JSON file inside a contract folder (the registry and its schema sit beside the folders)."""
    root = catalog.tree.root
    return [
        path
        for path in tree_files(catalog.tree)
        if path.name.endswith(".json") and len(path.relative_to(root).parts) > 1
    ]


def documented_schemas(catalog: Catalog) -> set[str]:
    """The schema files the payload view reads, and so checks: registered payload schemas, the envelope."""
    paths = {
        posixpath.normpath(v.payload_schema)
        for v in catalog.versions
        if v.schema_path_ok and v.payload_schema
    }
    return paths | ({catalog.envelope_schema} if catalog.envelope_schema else set())


def schema_file_problems(catalog: Catalog, files: list[Path], remembered=_compute) -> list[Problem]:
    """Each schema file parses, has no duplicate keys, and is valid against its dialect's metaschema."""
    problems: list[Problem] = []
    documented = documented_schemas(catalog)
    for path in files:
        display = catalog.tree.display(path)
        if display not in documented:
            problems += remembered(("file-problems", display), partial(_file_problems, path, display))
    return problems


def _file_problems(path: Path, display: str) -> list[Problem]:
    schema, problems = load_json(path, display)
    if isinstance(schema, (dict, bool)):
        problems += metaschema_problems(schema, display)
        problems += id_claim_problems(schema, display)
    elif schema is not None or not problems:  # None with no problem: the file holds `null`
        problems.append(not_a_schema(schema, display))
    return problems


# ---------------------------------------------------------------- references and orphans


@dataclass
class References:
    """What refers to what inside the tree: files and contract folders, from registry, `$ref` and links."""

    files: set[str] = field(default_factory=set)  # paths from the repository root
    folders: set[str] = field(default_factory=set)  # contract folder names
    problems: list[Problem] = field(default_factory=list)  # broken relative links

    @classmethod
    def scan(
        cls, catalog: Catalog, files: list[Path], remembered=_compute, remembered_shared=_compute, loaded=None
    ) -> References:
        found = cls()
        found.add_registry(catalog)
        found.add_schema_refs(catalog, files, remembered, loaded)
        found.add_markdown_links(catalog, remembered_shared)
        return found

    def add(self, path: Path, catalog: Catalog, from_folder: str | None) -> None:
        """Record a reference to a file or folder; a folder is referenced only from outside itself."""
        path = Path(os.path.normpath(path))
        relative = path.relative_to(catalog.tree.root)
        if relative.parts and relative.parts[0] != from_folder:
            self.folders.add(relative.parts[0])
        self.files.add(catalog.tree.display(path))

    def add_registry(self, catalog: Catalog) -> None:
        base = catalog.tree.base
        for event in catalog.events.values():
            if event.contract_id and event.owning_contract:
                self.add(base / event.owning_contract, catalog, None)
            for version in event.versions:
                if version.schema_path_ok and version.payload_schema:
                    self.add(base / version.payload_schema, catalog, None)

    def add_schema_refs(self, catalog: Catalog, files: list[Path], remembered=_compute, loaded=None) -> None:
        """`loaded(path)`: a file the schema loader has already parsed, if it has (no second parse)."""
        tree = catalog.tree
        for path in files:
            display = tree.display(path)
            folder = path.relative_to(tree.root).parts[0]
            parsed = loaded(display) if loaded else None
            for target_path in remembered(
                ("ref-targets", display), partial(_ref_targets, tree, path, display, parsed)
            ):
                self.add(Path(target_path), catalog, folder)

    def add_markdown_links(self, catalog: Catalog, remembered_shared=_compute) -> None:
        tree = catalog.tree
        for path in _markdown_files(catalog):
            relative = path.relative_to(tree.root)
            folder = relative.parts[0] if len(relative.parts) > 1 else None  # None: the tree's own README
            links = remembered_shared(("links", tree.display(path)), partial(_resolved_links, tree, path))
            for line, written, resolved, found in links:
                if not found:
                    self.problems.append(
                        Problem(
                            tree.display(path),
                            f"links to '{written}', which is not a file or folder of {tree.root.name}/",
                            line=line,
                            severity=Severity.WARNING,
                            code="broken-link",
                        )
                    )
                elif folder is not None:
                    self.add(Path(resolved), catalog, folder)


def _ref_targets(tree, path: Path, display: str, parsed=None) -> list[str]:
    """The files of the tree a schema file's references name,
    each once (remote references are never fetched)."""
    schema = parsed.contents if parsed is not None else load_json(path, display)[0]
    targets = []
    for ref in _refs(schema):
        target = urldefrag(urljoin(FILE_URI + display, ref)).url
        if not target.startswith(FILE_URI):
            continue  # a remote reference: never fetched, nothing in the tree
        target_path = tree.base / unquote(target[len(FILE_URI) :])
        if target_path != tree.base / display and _inside(target_path, tree.root):
            targets.append(str(target_path))
    return list(dict.fromkeys(targets))


def _resolved_links(tree, path: Path) -> list[tuple[int, str, str, bool]]:
    """(line, link as written, the path it names, whether that is a file or folder of the tree)."""
    found = []
    for line, written, target in _relative_links(path):
        resolved = Path(os.path.normpath(path.parent / target))
        found.append((line, written, str(resolved), _inside(resolved, tree.root) and resolved.exists()))
    return found


def orphan_problems(catalog: Catalog, references: References, files: list[Path]) -> list[Problem]:
    problems: list[Problem] = []
    for contract in catalog.contracts.values():
        if contract.id not in references.folders:
            where = contract.readme.path if contract.readme else contract.all_documents[0].path
            problems.append(
                Problem(
                    where,
                    f"contract '{contract.id}' is orphaned: no event names it as its owning contract and "
                    "no other contract links to it",
                    severity=Severity.WARNING,
                    code="orphan-contract",
                )
            )
    for path in files:
        display = catalog.tree.display(path)
        if display not in references.files:
            problems.append(
                Problem(
                    display,
                    "schema file is orphaned: no registry entry, `$ref` from another schema or contract "
                    "document refers to it",
                    severity=Severity.WARNING,
                    code="orphan-schema",
                )
            )
    return problems


def _refs(document: Any) -> Iterator[str]:
    """Every `$ref` and `$dynamicRef` string of a JSON document (walked without recursion: any depth)."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if key in ("$ref", "$dynamicRef") and isinstance(child, str):
                    yield child
                else:
                    pending.append(child)
        elif isinstance(value, list):
            pending.extend(value)


def _inside(path: Path, root: Path) -> bool:
    return Path(os.path.normpath(path)).is_relative_to(root)


def _markdown_files(catalog: Catalog) -> list[Path]:
    """Every Markdown file of the tree that the site publishes (none through a symlink out of it)."""
    return [path for path in tree_files(catalog.tree) if path.name.endswith(".md")]


def _relative_links(path: Path) -> list[tuple[int, str, str]]:
    """(line, target as written, path part) of each relative link, outside code blocks and code spans."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    links: list[tuple[int, str, str]] = []
    for block in classify_lines(text):  # the Markdown structure the cross-references read too
        if block.kind in ("code", "meta"):  # fenced or indented code, front matter
            continue
        number, line = block.number, CODE_SPAN.sub("", text[block.start : block.end])
        for pattern in LINK_TARGETS:
            for match in pattern.finditer(line):
                written = match.group(1).strip("<>")
                target = unquote(written.split("#", 1)[0].split("?", 1)[0])
                if target and not SCHEME.match(written) and not written.startswith("/"):
                    links.append((number, written, target))
    return links
