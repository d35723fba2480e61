"""Reading files of a contracts tree safely: never outside it, never a traceback.

Paths in the registry are written from the repository root (`contracts/orders/README.md`), so they are
resolved against the parent of the contracts folder and must land inside the contracts folder itself,
after symlinks are followed. JSON is parsed with duplicate keys refused and syntax errors reported with
their line and column.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem, json_pointer

MAX_JSON_BYTES = 2 * 1024 * 1024  # a payload schema larger than this is a mistake, not a contract
MAX_REGISTRY_BYTES = 64 * 1024 * 1024  # the registry grows with the catalog: 2,000 event types are about 2 MB


class UnsafePath(ValueError):
    """A path that does not name a readable file inside the contracts folder."""


@dataclass
class ContractsTree:
    """The contracts folder and the base its registry paths are written from."""

    root: Path  # the contracts folder
    base: Path = field(init=False)  # registry paths are relative to this (normally the repository root)

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
        if written.startswith(("/", "\\")) or (len(written) > 1 and written[1] == ":"):
            raise UnsafePath(f"'{written}' is an absolute path; write it from the repository root")
        candidate = self.base / written
        if ".." in Path(written).parts:
            raise UnsafePath(f"'{written}' contains '..'; paths must stay inside {self.root.name}/")
        real_root = self.root.resolve()
        real = candidate.resolve()
        if not real.is_relative_to(real_root):
            if candidate.is_symlink() or any(p.is_symlink() for p in candidate.parents if p != self.base):
                raise UnsafePath(f"'{written}' is a symlink to a file outside {self.root.name}/")
            raise UnsafePath(f"'{written}' is outside {self.root.name}/")
        if not real.exists():
            raise UnsafePath(f"'{written}' does not exist")
        if not real.is_file():
            raise UnsafePath(f"'{written}' is a directory, not a file")
        return candidate

    def contains(self, path: Path) -> bool:
        """Whether a path found while walking the tree really lies inside it (symlinks followed)."""
        return Path(path).resolve().is_relative_to(self.root.resolve())


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


def _duplicate_key_problems(value: Any, display: str, tokens: tuple) -> list[Problem]:
    found: list[Problem] = []
    if isinstance(value, _JsonObject):
        for key in value.duplicates:
            found.append(
                Problem(
                    display,
                    f"duplicate key '{key}': JSON keeps only the last one, so the earlier entry would be lost",
                    pointer=json_pointer(*tokens, key),
                    code="duplicate-key",
                )
            )
        for key, child in value.items():
            found.extend(_duplicate_key_problems(child, display, (*tokens, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_duplicate_key_problems(child, display, (*tokens, index)))
    return found


def parse_json(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse JSON text; on failure the value is None and the problem names the line and column."""
    try:
        value = json.loads(text, object_pairs_hook=_collect_pairs)
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
        return None, [Problem(display, "not usable JSON: nested too deeply", code="not-json")]
    return value, _duplicate_key_problems(value, display, ())


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
