"""What the catalog's pages are made from, as digests, so a live preview rebuilds only what an edit touches.

Every file of the contracts tree is read and hashed on each build (cheap next to rendering it). Two digests
come out of that:
- `shared`: everything but the schema files of contract folders: the registry and its schema, every
  Markdown and other file, and the list of every file's path. Any page may show any of it (the registry
  says who produces and consumes what, documents mention events, a link names a file).
- `schema(path)`: a schema file with every file its `$ref`s reach, followed from file to file. A reference
  that does not name a file of the tree (a URN, a URL another file may claim as its `$id`, a dialect of
  its own) cannot be followed here, so such a file depends on every JSON file of the tree.
The `$ref`s of a file are found again only when its bytes change. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin

from ..model import urls
from ..schema.field_names import walk_keys
from ..schema.uris import path_of, uri_for

REFERENCE_KEYS = ("$ref", "$dynamicRef", "$recursiveRef")
STANDARD_DIALECTS = ("http://json-schema.org/", "https://json-schema.org/")
ANY_FILE = "*"  # in a file's references: it may reach any JSON file of the tree


def digest(*parts: object) -> str:
    """One short digest of several values (strings, or anything with a stable repr)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


class TreeInputs:
    """The digests of one build's contracts tree; `references` carries what was found from build to build."""

    def __init__(self, root: Path, references: dict[str, frozenset[str]] | None = None) -> None:
        self.root = root
        self.base = root.parent
        self.files = dict(_file_digests(root, self.base))  # repository path -> digest of its bytes
        known = references or {}
        # content digest -> the files that file's references name (ANY_FILE when one cannot be followed)
        self.references: dict[str, frozenset[str]] = {}
        for path, file_digest in self.files.items():
            if path.endswith(".json") and file_digest not in self.references:
                self.references[file_digest] = known.get(file_digest) or _references(self.base / path, path)
        self.shared = digest(
            sorted(self.files),
            sorted(
                (path, file_digest)
                for path, file_digest in self.files.items()
                if not self._is_folder_schema(path)
            ),
        )
        self._json = digest(sorted((p, d) for p, d in self.files.items() if p.endswith(".json")))
        self._closures: dict[str, str] = {}

    @staticmethod
    def _is_folder_schema(path: str) -> bool:
        """A JSON file inside a contract folder (`schema()` follows those); the registry sits beside the
        folders."""
        return path.endswith(".json") and path.count("/") >= 2

    def schema(self, path: str) -> str:
        """The digest of a schema file and every file it reaches through `$ref`."""
        path = posixpath.normpath(path)
        if path not in self._closures:
            self._closures[path] = self._closure(path)
        return self._closures[path]

    def _closure(self, start: str) -> str:
        seen: dict[str, str] = {}
        todo = [start]
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen[path] = self.files.get(path) or _read_digest(self.base / path)
            references = self.references.get(seen[path], frozenset())
            if ANY_FILE in references:
                return digest(start, self._json, ANY_FILE)
            todo.extend(references)
        return digest(sorted(seen.items()))


def _file_digests(root: Path, base: Path) -> Iterator[tuple[str, str]]:
    for directory, subdirs, names in os.walk(root, followlinks=False):
        subdirs.sort()
        for name in sorted(names):
            path = Path(directory) / name
            yield path.relative_to(base).as_posix(), _read_digest(path)
        for name in subdirs:  # folders count (a link may name an empty one); a linked folder is not walked
            folder = Path(directory) / name
            target = os.readlink(folder) if folder.is_symlink() else None
            yield folder.relative_to(base).as_posix() + "/", digest("folder", target)


def _read_digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError as error:  # missing, a folder, unreadable: what the build says about it depends on why
        return digest("unreadable", type(error).__name__)


def _references(path: Path, name: str) -> frozenset[str]:
    """The files of the tree a schema file's references name, or ANY_FILE when one cannot be followed."""
    try:
        contents = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return frozenset()  # not a schema the loader can follow either: the page shows the problem
    found: set[str] = set()
    for key, value in walk_keys(contents):
        if not isinstance(value, str) or key not in (*REFERENCE_KEYS, "$schema"):
            continue
        if key == "$schema":
            if not value.startswith(STANDARD_DIALECTS):
                return frozenset({ANY_FILE})
            continue
        target = urldefrag(urljoin(uri_for(name), value)).url
        file = path_of(target)
        if file is None:
            return frozenset({ANY_FILE})
        found.add(posixpath.normpath(file))
    found.discard(name)
    return frozenset(found)


def folder_digest(folder: str | Path | None) -> str:
    """The digest of every file below a folder (custom templates, say); a constant when there is none."""
    if not folder or not Path(folder).is_dir():
        return digest(None)
    return digest(list(_file_digests(Path(folder), Path(folder).parent)))


def page_inputs(catalog, inputs: TreeInputs, base: str, tree_pages: Iterable[str]) -> dict[str, str]:
    """src_uri -> digest of the inputs of each page that shows one item of the tree.

    An event page shows its registry entry and schemas; it, a domain page, a contract page and a document
    of the tree may show anything of the shared part (`base` holds it with the build's settings). Pages that
    gather from every schema (/fields/, the home page's counts) are not here: they are compared by their text.
    """
    keys = {
        urls.event_page(event): digest(
            base,
            "event",
            event.name,
            [
                inputs.schema(v.payload_schema)
                for v in event.versions
                if v.payload_schema and v.schema_path_ok
            ],
        )
        for event in catalog.events.values()
    }
    keys.update(
        {urls.domain_page(domain): digest(base, "domain", domain.name) for domain in catalog.domains.values()}
    )
    keys.update(
        {
            urls.contract_page(contract): digest(base, "contract", contract.id)
            for contract in catalog.contracts.values()
            if not contract.readme
        }
    )
    keys.update({src: digest(base, "document", src) for src in tree_pages})
    return keys
