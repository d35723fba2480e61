"""Payload schemas as readers need them: one row per field, examples checked, problems as values.

A payload schema may point at shared definitions in other files of the contracts tree. Every file is read
once through `core.safe_files` (size limit, duplicate keys, never outside the tree) and served to a
`referencing.Registry`, which both the field table and the example validator resolve `$ref` through.
Remote references are never fetched: the field links to them and a warning says so.

What an event page shows of a schema is put together in `document.py`. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referencing import Registry, Resource, Specification
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from ..core.problems import Problem
from ..core.safe_files import ContractsTree, UnsafePath, load_json
from .checks import id_claim_problems, not_a_schema, without_id_claims
from .resolving import Resolver, dialect
from .uris import Refused, path_of, uri_for


@dataclass
class _File:
    contents: Any
    text: str
    problems: list[Problem]
    spec: Specification


def _text(real: Path) -> str:
    try:
        return real.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # it parsed a moment ago; only a race gets here
        return ""


class SchemaLoader:
    """Reads schema files of one contracts tree, each once, and resolves references between them."""

    def __init__(self, tree: ContractsTree) -> None:
        self.tree = tree
        self._files: dict[str, _File | None] = {}
        self.refusals: dict[str, str] = {}  # path -> why it cannot be read
        self.registry: Registry = Registry(retrieve=self._retrieve)  # type: ignore[call-arg]  # referencing's attrs alias (a documented argument) is unknown to mypy
        self._accept_remote = False  # see `accepting_remote`

    def load(self, path: str) -> _File | None:
        """The parsed file at a registry path, or None when the path is refused (the reason is kept)."""
        if path in self._files:
            return self._files[path]
        loaded: _File | None = None
        try:
            real = self.tree.resolve(path)
        except UnsafePath as error:
            self.refusals[path] = str(error)
        else:
            contents, problems = load_json(real, path)
            if contents is None:
                problems = problems or [not_a_schema(None, path)]  # no problem: the file holds `null`
                self.refusals[path] = "; ".join(p.message for p in problems)
                loaded = _File(None, "", problems, DRAFT202012)
            else:
                # An `$id` naming another file would take that file's place for every `$ref` to it.
                problems = [*problems, *id_claim_problems(contents, path)]
                contents = without_id_claims(contents, path)
                loaded = _File(contents, _text(real), problems, dialect(contents))
                self._register(path, loaded)
        self._files[path] = loaded
        return loaded

    def loaded(self, path: str) -> _File | None:
        """A file this loader has read and still holds, without reading it; None otherwise."""
        return self._files.get(path)

    def forget(self, path: str) -> None:
        """Drop a file read for one page; it is read again if anything asks for it later."""
        loaded = self._files.pop(path, None)
        if loaded is not None and isinstance(loaded.contents, (dict, bool)):
            with contextlib.suppress(NoSuchResource):  # not registered (an odd `$id`): nothing to remove
                self.registry = self.registry.remove(uri_for(path))

    def forget_all(self) -> None:
        """Drop every file read so far: checks and pages are done with them."""
        for path in list(self._files):
            self.forget(path)

    def _register(self, path: str, loaded: _File) -> None:
        """Known files are in the registry up front, so an `$id` inside one is found without a fetch."""
        if isinstance(loaded.contents, (dict, bool)):
            try:
                resource = loaded.spec.create_resource(loaded.contents)
                self.registry = self.registry.with_resource(uri_for(path), resource).crawl()
            except Exception:  # noqa: BLE001 - an odd `$id`: the file is still served by `_retrieve`
                return

    def _retrieve(self, uri: str) -> Resource:
        """Serve file URIs from disk through the safe path; refuse everything else."""
        path = path_of(uri)
        if path is None:
            if self._accept_remote:  # the resource lives only in the validator's copy of the registry
                return DRAFT202012.create_resource(True)
            raise Refused(uri, f"'{uri}' is a remote reference and is never fetched", remote=True)
        loaded = self.load(path)
        if loaded is None or loaded.contents is None:
            raise Refused(uri, self.refusals.get(path, f"'{path}' cannot be read"))
        if not isinstance(loaded.contents, (dict, bool)):
            raise Refused(uri, f"'{path}' holds no JSON schema (an object or a boolean)")
        return loaded.spec.create_resource(loaded.contents)

    @contextlib.contextmanager
    def accepting_remote(self) -> Iterator[Registry]:
        """The registry, where a remote reference accepts anything while the block runs. Examples are
        validated through it: a remote reference is never fetched, and the field's remote-ref warning already
        says that part is unchecked. The files read so far are in it, crawled once: a registry of its own
        retrieved and crawled the shared definitions again for every example (a fifth of the time of a wide
        schema)."""
        self._accept_remote = True
        try:
            yield self.registry
        finally:
            self._accept_remote = False

    def resolver_for(self, path: str) -> Resolver:
        """A resolver whose base is the file at `path`, for dereferencing its `$ref`s."""
        return self.registry.resolver(base_uri=uri_for(path))
