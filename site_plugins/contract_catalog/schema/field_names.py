"""Which field names occur in more than one event type, read from the raw schema files before any page.

MkDocs needs every page's file before it reads the first one, but the field index is filled as event pages
flatten their schemas. So the pages `/fields/<name>/` are planned from this cheaper scan: every key of a
`properties` object in a payload schema file and in the files it `$ref`s. The scan may find a name the
flattened rows do not have (a property of an unused definition); its page then says where it really
occurs. It never misses one, so a link to a name's page always has a page to land on.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from functools import partial
from typing import Any

from ..core.problems import json_pointer
from ..core.safe_files import MAX_JSON_BYTES, ContractsTree, UnsafePath, load_json
from ..model.catalog import Catalog, slugify

RESERVED_SLUGS = {"index", "readme"}  # would land on /fields/ itself


class NameScanner:
    """Property names per schema file, following relative `$ref`s to other files of the tree;
    each file once."""

    def __init__(self, tree: ContractsTree) -> None:
        self.tree = tree
        self._names: dict[str, frozenset[str]] = {}

    def names(self, path: str) -> frozenset[str]:
        if path in self._names:
            return self._names[path]
        self._names[path] = frozenset()  # a file that refers back to itself stops here
        own: set[str] = set()
        contents = _contents(self.tree, path)
        for key, value in walk_keys(contents):
            if key == "properties" and isinstance(value, dict):
                own.update(value)
            # a required name may have no schema of its own
            elif key == "required" and isinstance(value, list):
                own.update(name for name in value if isinstance(name, str))
            elif key == "$ref" and isinstance(value, str):
                target = value.split("#", 1)[0]
                if target and ":" not in target:
                    own |= self.names(posixpath.normpath(posixpath.join(posixpath.dirname(path), target)))
        self._names[path] = frozenset(own)
        return self._names[path]


def _contents(tree: ContractsTree, path: str) -> Any:
    """The file's JSON, parsed without the checks of `load_json` (its pages report those): at 2,000 wide
    payloads that parse, with a Python call per object, was most of this scan. A file the plain parser
    refuses gets the careful parse, so that a name the page will show is never missed."""
    try:
        real = tree.resolve(path)
    except UnsafePath:
        return None
    try:
        if real.stat().st_size <= MAX_JSON_BYTES:
            return json.loads(real.read_bytes())
    except (
        OSError,
        ValueError,
        RecursionError,
    ):  # not JSON, not UTF-8, a number of too many digits, too deep
        pass
    return load_json(real, path)[0]


def walk_keys(value: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) of every object inside a JSON value, at any depth, without recursion."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key, child in current.items():
                yield key, child
                stack.append(child)
        elif isinstance(current, list):
            stack.extend(current)


def names_in_several_events(catalog: Catalog, remembered=None) -> set[str]:
    """Field names the schemas of more than one event type may carry (the envelope counts as one).

    `remembered(key, compute)` may carry each file's names over from a live preview's previous build."""
    scanner = NameScanner(catalog.tree)
    names_of = (
        scanner.names
        if remembered is None
        else (lambda path: remembered(("field-names", path), partial(scanner.names, path)))
    )
    events_of: dict[str, set[str]] = {}
    owners = [
        (v.event_name, v.payload_schema) for v in catalog.versions if v.payload_schema and v.schema_path_ok
    ]
    if catalog.envelope_schema:
        owners.append(("", catalog.envelope_schema))
    for event, path in owners:
        for name in names_of(path):
            events_of.setdefault(name, set()).add(event)
    return {name for name, events in events_of.items() if len(events) > 1}


def name_slugs(names: set[str]) -> dict[str, str]:
    """A URL segment per name, unique even when two names slug alike (`personId`, `personid`)."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        base = slugify(name)
        if base in RESERVED_SLUGS:
            base += "-field"
        slug, count = base, 1
        while slug in taken:
            count += 1
            slug = f"{base}-{count}"
        taken.add(slug)
        slugs[name] = slug
    return slugs


def pointer_of(
    tree: ContractsTree, schema: str, path: str, parsed: dict[str, Any] | None = None
) -> str | None:
    """The JSON pointer of a field path in its schema file, as far as plain `properties`, `items` and
    in-file `$ref`s lead; None when not even the first step is found (the problem then names the file).
    `parsed` keeps each file read for the next call: a file often holds many findings."""
    parsed = {} if parsed is None else parsed
    if schema not in parsed:
        try:
            parsed[schema] = load_json(tree.resolve(schema), schema)[0]
        except UnsafePath:
            parsed[schema] = None
    contents = parsed[schema]
    if contents is None:
        return None
    node, pointer = contents, ""
    for step in _steps(path):
        node, pointer = _in_file_target(contents, node, pointer)
        key = "items" if step == "[]" else "properties"
        child = node.get(key) if isinstance(node, dict) else None
        if step != "[]":
            child = child.get(step) if isinstance(child, dict) else None
        if child is None:
            break
        node = child
        pointer += f"/{key}" if step == "[]" else json_pointer("properties", step)
    return pointer or None


def _steps(path: str) -> list[str]:
    """`a.b[].c` -> a, b, [], c."""
    steps = []
    for part in path.split("."):
        name = part.split("[", 1)[0]
        steps += ([name] if name else []) + ["[]"] * part.count("[")
    return steps


def _in_file_target(contents: Any, node: Any, pointer: str) -> tuple[Any, str]:
    """Follow `$ref: "#/..."` inside the file (at most a few hops):
    where the field's own schema is written."""
    for _ in range(8):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not (isinstance(ref, str) and ref.startswith("#/")):
            break
        target = contents
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            target = target.get(token) if isinstance(target, dict) else None
        if target is None:
            break
        node, pointer = target, ref[1:]
    return node, pointer
