"""Reading files of a contracts tree safely: never outside it, never a traceback.

Paths in the registry are written from the repository root (`contracts/orders/README.md`), so they are
resolved against the parent of the contracts folder and must land inside the contracts folder itself,
after symlinks are followed. JSON is parsed with duplicate keys refused and syntax errors reported with
their line and column; it is parsed within a budget: a number of more than MAX_NUMBER_DIGITS digits or a
value nested deeper than MAX_JSON_DEPTH is replaced by null and reported at its pointer, so no later step
(Python's int limit, a recursive walk) meets it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem, json_pointer, one_line
from .safe_names import unsafe_name

MAX_JSON_BYTES = 2 * 1024 * 1024  # a payload schema larger than this is a mistake, not a contract
MAX_REGISTRY_BYTES = 64 * 1024 * 1024  # the registry grows with the catalog: 2,000 event types are about 2 MB
MAX_JSON_DEPTH = 100  # contracts nest a few dozen levels; below this depth a value is not read
MAX_PARSE_DEPTH = 2_000  # text nested deeper is not parsed at all (the parser recurses once per level)
MAX_NUMBER_DIGITS = 100  # a 64-bit integer has 20; Python refuses to read more than 4,300


class UnsafePath(ValueError):
    """A path that does not name a readable file inside the contracts folder."""


@dataclass
class ContractsTree:
    """The contracts folder and the base its registry paths are written from."""

    root: Path  # the contracts folder
    base: Path = field(init=False)  # registry paths are relative to this (normally the repository root)
    refused: dict[str, str] = field(default_factory=dict)  # path inside root -> why it is not published
    _folders: dict[str, str] = field(
        default_factory=dict, repr=False, compare=False
    )  # folder -> its resolved path

    def __post_init__(self) -> None:
        # Normalised, not resolved: `../elsewhere/contracts` loses its `..` (else relative_to fails on the
        # paths found under it), while a symlinked contracts folder keeps the name its reader knows.
        self.root = Path(os.path.abspath(self.root))
        self.base = self.root.parent

    def display(self, path: Path) -> str:
        """A path as a reader knows it: relative to the repository root, with forward slashes."""
        try:
            return Path(path).absolute().relative_to(self.base).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def resolve(self, written: str) -> Path:
        """The file a registry path names, or UnsafePath saying why it cannot be used."""
        if not isinstance(written, str) or not written:
            raise UnsafePath("is not a path")
        shown = one_line(written)  # a NUL or a line break stays visible in the message
        if written.startswith(("/", "\\")) or (len(written) > 1 and written[1] == ":"):
            raise UnsafePath(f"'{shown}' is an absolute path; write it from the repository root")
        if ".." in Path(written).parts:
            raise UnsafePath(f"'{shown}' contains '..'; paths must stay inside {self.root.name}/")
        reason = unsafe_name(written)
        if reason:
            raise UnsafePath(f"'{shown}' {reason}")
        candidate = self.base / written
        try:
            real = candidate.resolve()
            outside = not real.is_relative_to(self.root.resolve())
            linked = outside and (
                candidate.is_symlink() or any(p.is_symlink() for p in candidate.parents if p != self.base)
            )
            exists, is_file = real.exists(), real.is_file()
        except (OSError, RuntimeError, ValueError) as error:  # a symlink loop, a name the system refuses
            raise UnsafePath(f"'{shown}' cannot be used: {_os_reason(error)}") from None
        if linked:
            raise UnsafePath(f"'{shown}' is a symlink to a file outside {self.root.name}/")
        if outside:
            raise UnsafePath(f"'{shown}' is outside {self.root.name}/")
        if not exists:
            raise UnsafePath(f"'{shown}' does not exist")
        if not is_file:
            raise UnsafePath(f"'{shown}' is a directory, not a file")
        return candidate

    def walk(self, folder: Path | None = None) -> Iterator[tuple[Path, list[str], list[str]]]:
        """The folders below `folder` (the whole tree by default), top down, each with the names of its
        folders and files, sorted and without hidden ones; never through a symlinked folder. The audit and
        every listing of the tree walk it here. A name taken out of the folder list is not walked into."""
        for directory, subdirs, files in os.walk(self.root if folder is None else folder, followlinks=False):
            subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
            yield Path(directory), subdirs, sorted(name for name in files if not name.startswith("."))

    def contains(self, path: Path) -> bool:
        """Whether a path found while walking the tree really lies inside it (symlinks followed)."""
        try:
            real, root = self._resolved(os.fspath(path)), self._folder(os.fspath(self.root))
        except (OSError, RuntimeError, ValueError):  # a symlink loop leads nowhere, so not inside
            return False
        return real == root or real.startswith(root.rstrip(os.sep) + os.sep)

    def _folder(self, folder: str) -> str:
        if folder not in self._folders:
            self._folders[folder] = str(Path(folder).resolve())
        return self._folders[folder]

    def _resolved(self, path: str) -> str:
        """`Path.resolve()`, with each folder resolved once per tree: walking the tree asks about 3,000 files
        in 400 folders, and resolving every path anew was a quarter of a live preview's rebuild."""
        if not os.path.isabs(path) or ".." in path.split(os.sep) or os.path.islink(path):
            return str(Path(path).resolve())  # `..` after a symlink is not lexical; a link may loop
        folder, name = os.path.split(os.path.normpath(path))
        if not name:  # the file system's root
            return folder
        return os.path.join(self._folder(folder), name)

    def publishable(self, path: Path) -> bool:
        """Whether a file found while walking the tree may be read and published: inside it, safely named,
        and not refused by the tree's audit (see tree_audit)."""
        text, root = os.fspath(path), os.fspath(self.root)
        plain = "/." not in text and "//" not in text and not text.endswith("/")
        if os.sep == "/" and plain and text.startswith(root + "/"):
            rel = text[len(root) + 1 :]  # a path as the walk makes them, read without pathlib's parsing
        else:
            try:
                rel = Path(path).absolute().relative_to(self.root).as_posix()
            except ValueError:
                return False
        return rel not in self.refused and unsafe_name(rel) is None and self.contains(path)


class _JsonObject(dict):
    """A JSON object that remembers keys it saw more than once."""

    __slots__ = ("duplicates",)  # no __dict__ per object: 2,000 event types parse to ~150,000 objects
    duplicates: list[str]


_NO_DUPLICATES: list[str] = []  # shared by every object without a repeated key; never appended to


def _collect_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject()
    obj.duplicates = _NO_DUPLICATES
    for key, value in pairs:
        if key in obj:
            if obj.duplicates is _NO_DUPLICATES:
                obj.duplicates = []
            obj.duplicates.append(key)
        obj[key] = value
    return obj


class _TooManyDigits:
    """A number too long to read, in place of its value until the parsed document is inspected."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _parse_int(text: str) -> int | _TooManyDigits:
    digits = len(text) - text.startswith("-")
    return _TooManyDigits(digits) if digits > MAX_NUMBER_DIGITS else int(text)


def _inspect(value: Any, display: str) -> tuple[Any, list[Problem]]:
    """Duplicate keys, numbers too long and values too deep, each reported at its pointer; the last two are
    replaced by null. Walked without recursion, in document order."""
    found: list[Problem] = []
    root = [value]
    pending: list[tuple[Any, Any, tuple]] = [(root, 0, ())]
    while pending:
        holder, key, tokens = pending.pop()
        item = holder[key]
        if isinstance(item, _TooManyDigits):
            holder[key] = None
            found.append(
                Problem(
                    display,
                    f"a number of {item.digits:,} digits is not read (at most "
                    f"{MAX_NUMBER_DIGITS}); it counts as null",
                    pointer=json_pointer(*tokens),
                    code="too-large",
                )
            )
            continue
        if not isinstance(item, (dict, list)):
            continue
        if len(tokens) >= MAX_JSON_DEPTH:
            holder[key] = None
            found.append(
                Problem(
                    display,
                    f"is nested more than {MAX_JSON_DEPTH} levels deep; what lies below "
                    "is not read and counts as null",
                    pointer=json_pointer(*tokens),
                    code="too-deep",
                )
            )
            continue
        for duplicate in getattr(item, "duplicates", ()):
            found.append(
                Problem(
                    display,
                    f"duplicate key '{duplicate}': JSON keeps only the last one, so the "
                    "earlier entry would be lost",
                    pointer=json_pointer(*tokens, duplicate),
                    code="duplicate-key",
                )
            )
        keys = list(item) if isinstance(item, dict) else range(len(item))
        pending.extend((item, child, (*tokens, child)) for child in reversed(keys))
    return root[0], found


def _stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@contextmanager
def _recursion_headroom(levels: int) -> Iterator[None]:
    """Room for `levels` more nested calls, however deep the caller is, so whether a document parses does not
    depend on who asks (a build calls from deeper in the stack than `contracts check`)."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, _stack_depth() + levels + 50))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def parse_json(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse JSON text; on failure the value is None and the problem names the line and column."""
    try:
        with _recursion_headroom(MAX_PARSE_DEPTH):
            value = json.loads(text, object_pairs_hook=_collect_pairs, parse_int=_parse_int)
    except json.JSONDecodeError as error:
        return None, [
            Problem(
                display,
                f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                line=error.lineno,
                code="not-json",
            )
        ]
    except RecursionError:
        return None, [
            Problem(
                display, f"not usable JSON: nested more than {MAX_PARSE_DEPTH:,} levels deep", code="not-json"
            )
        ]
    return _inspect(value, display)


def _os_reason(error: BaseException) -> str:
    """Why the system refused a path, without the absolute path it names."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    if isinstance(error, RuntimeError):  # pathlib's "Symlink loop from '/abs/path'"
        return "it is a symlink loop"
    return type(error).__name__


def load_json(path: Path, display: str, max_bytes: int = MAX_JSON_BYTES) -> tuple[Any, list[Problem]]:
    """Read and parse a JSON file; every failure is a problem, never an exception."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [
                Problem(
                    display,
                    f"is {size / 1_048_576:.1f} MB; files over {max_bytes / 1_048_576:.0f} MB are not read",
                    code="too-large",
                )
            ]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(display, f"is not UTF-8 text ({error.reason})", code="not-json")]
    except OSError as error:
        return None, [Problem(display, f"cannot be read: {error.strerror}", code="unreadable")]
    return parse_json(text, display)
