"""The contracts tree as it is on disk or as it was at a git revision, read-only.

Git is run through `subprocess` with an argument list (never a shell). A revision's files are read in two
calls, `git ls-tree` for the listing and one `git cat-file --batch` for the contents, so that comparing many
commits stays fast. Only regular JSON files inside the contracts folder are read; symlinks in a commit are
skipped, as the working-tree reader refuses links that leave the folder.
"""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from ..core.problems import Problem
from ..core.safe_files import MAX_JSON_BYTES, ContractsTree, UnsafePath, parse_json
from ..model.catalog import REGISTRY_FILE

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..schema.resolving import Resolver

GIT_TIMEOUT_SECONDS = 120


class RevisionError(Exception):
    """Git could not answer: not a repository, an unknown revision, git missing. The message is one line."""


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run a read-only git command in `repo` and return its output, or raise RevisionError."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git {args[0]} took longer than {GIT_TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repo_root(path: Path) -> Path:
    """The top folder of the git working tree that holds `path`."""
    folder = path if path.is_dir() else path.parent
    if not folder.exists():
        raise RevisionError(f"{path} does not exist")
    try:
        return Path(git(folder, "rev-parse", "--show-toplevel").decode().strip())
    except RevisionError:
        raise RevisionError(f"{folder} is not inside a git repository") from None


def shallow_boundary(path: Path) -> set[str]:
    """The commits whose parents a shallow clone did not fetch; empty for a full clone or no repository.

    A CI checkout with `fetch-depth: 1` is shallow: its oldest commit looks like the first one ever made.
    """
    try:
        root = repo_root(path)
        if git(root, "rev-parse", "--is-shallow-repository").strip() != b"true":
            return set()
        shallow_file = Path(root, git(root, "rev-parse", "--git-path", "shallow").decode().strip())
        return set(shallow_file.read_text(encoding="ascii").split()) or {"(unknown)"}
    except (RevisionError, OSError):
        return set()


def resolve_commit(repo: Path, revision: str) -> str:
    """The full commit id a revision names (a branch, tag, HEAD~2, an id), or RevisionError."""
    # A leading dash would be read as an option; no revision name starts with one.
    if not revision or revision.startswith("-") or "\n" in revision:
        raise RevisionError(f"unknown revision '{revision}'")
    try:
        out = git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except RevisionError:
        raise RevisionError(f"unknown revision '{revision}'") from None
    return out.decode().strip()


@dataclass
class Snapshot:
    """One version of the contracts tree: its registry and a loader for its payload schemas.

    Paths are the ones the registry writes, from the parent of the contracts folder
    (`contracts/orders/schema/payloads/order.placed-v2.json`).
    """

    label: str  # "working tree" or the revision as the user wrote it
    contracts_name: str  # the contracts folder's name, the first segment of every registry path
    read: Callable[[str], bytes | None]  # raises UnsafePath for a path it will not read
    problems: list[Problem] = field(default_factory=list)
    _parsed: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_directory(cls, contracts_dir: Path, label: str = "working tree") -> Snapshot:
        tree = ContractsTree(contracts_dir)

        def read(path: str) -> bytes | None:
            try:
                resolved = tree.resolve(path)
            except UnsafePath:
                if not (tree.base / path).exists():
                    return None  # nothing is read, so a missing file is only missing
                raise
            if resolved.stat().st_size > MAX_JSON_BYTES:
                raise UnsafePath(f"'{path}' is larger than {MAX_JSON_BYTES // 1_048_576} MB")
            return resolved.read_bytes()

        return cls(label, tree.root.name, read)

    @classmethod
    def from_git(cls, repo: Path, commit: str, contracts_rel: str, label: str | None = None) -> Snapshot:
        """The tree at a commit; `contracts_rel` is the contracts folder relative to the repository root."""
        contracts_rel = posixpath.normpath(Path(contracts_rel).as_posix())
        name = Path(contracts_rel).name if contracts_rel != "." else repo.name
        blobs = _json_blobs(repo, commit, contracts_rel)

        def read(path: str) -> bytes | None:
            parts = posixpath.normpath(path).split("/")
            if parts[0] != name or ".." in parts:
                raise UnsafePath(f"'{path}' is outside {name}/")
            inside = "/".join(parts[1:])
            return blobs.get(inside if contracts_rel == "." else posixpath.join(contracts_rel, inside))

        return cls(label or commit[:12], name, read)

    @classmethod
    def empty(cls, label: str, contracts_name: str = "contracts") -> Snapshot:
        """The tree before the first commit: no registry, no files."""
        return cls(label, contracts_name, lambda _path: None)

    def _display(self, path: str) -> str:
        return path if self.label == "working tree" else f"{self.label}:{path}"

    def _problem(self, path: str, message: str, code: str) -> None:
        problem = Problem(self._display(path), message, code=code)
        if problem not in self.problems:
            self.problems.append(problem)

    def json(self, path: str) -> tuple[Any, bool]:
        """(parsed value, found) for a registry path; problems are recorded, never raised."""
        if path not in self._parsed:
            value, found = None, False
            try:
                raw = self.read(path)
            except UnsafePath as error:
                self._problem(path, str(error), "unsafe-path")
                raw = None
            if raw is not None:
                found = True
                try:
                    value, problems = parse_json(raw.decode("utf-8"), self._display(path))
                except UnicodeDecodeError:
                    problems = [Problem(self._display(path), "is not UTF-8 text", code="not-json")]
                    value = None
                self.problems.extend(p for p in problems if p not in self.problems)
            self._parsed[path] = (value, found)
        return self._parsed[path]

    @cached_property
    def registry(self) -> dict | None:
        """The parsed registry, or None when this tree has none (or it is not a JSON object)."""
        path = f"{self.contracts_name}/{REGISTRY_FILE}"
        value, found = self.json(path)
        if found and value is not None and not isinstance(value, dict):
            self._problem(path, "is not a JSON object", "not-object")
        return value if isinstance(value, dict) else None

    @cached_property
    def _registry_of_schemas(self) -> Registry:
        def retrieve(uri: str) -> Resource:
            parts = urlsplit(uri)
            if parts.scheme != "file":
                raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # referencing's attrs alias (a documented argument) is unknown to mypy
            value, found = self.json(unquote(parts.path).lstrip("/"))
            if not found or value is None:
                raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # referencing's attrs alias (a documented argument) is unknown to mypy
            return Resource.from_contents(value, default_specification=DRAFT202012)

        return Registry(retrieve=retrieve)  # type: ignore[call-arg]  # referencing's attrs alias (a documented argument) is unknown to mypy

    def schema(self, path: str) -> tuple[Any, Resolver] | None:
        """A payload schema and a resolver based at its file, or None (and a problem) when unreadable."""
        value, found = self.json(path)
        if not found:
            self._problem(path, "does not exist", "missing-file")
            return None
        if not isinstance(value, (dict, bool)):
            if value is not None:
                self._problem(path, "is not a JSON Schema (an object or a boolean)", "not-schema")
            return None
        # A virtual file URI: relative $refs resolve as they do on disk, but only ever through `read`.
        uri = "file:///" + quote(posixpath.normpath(path))
        return value, self._registry_of_schemas.resolver(base_uri=uri)


def _json_blobs(repo: Path, commit: str, contracts_rel: str) -> dict[str, bytes]:
    """Every regular JSON file under the contracts folder at a commit, by path from the repository root."""
    listing = git(repo, "ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", contracts_rel)
    wanted: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, object_id, size = meta.split()
        path = raw_path.decode("utf-8", "replace")
        # 100644/100755 are regular files; 120000 (symlink) and 160000 (submodule) are never followed.
        regular = kind == b"blob" and mode in (b"100644", b"100755")
        if regular and path.endswith(".json") and int(size) <= MAX_JSON_BYTES:
            wanted[path] = object_id.decode()
    if not wanted:
        return {}
    out = git(repo, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in wanted.values()).encode())
    contents: dict[str, bytes] = {}
    by_id: dict[str, bytes] = {}
    position = 0
    for wanted_id in wanted.values():
        header_end = out.index(b"\n", position)
        _, _, size = out[position:header_end].split()
        start = header_end + 1
        by_id[wanted_id] = out[start : start + int(size)]
        position = start + int(size) + 1  # the contents are followed by a newline
    for path, wanted_id in wanted.items():
        contents[path] = by_id[wanted_id]
    return contents
