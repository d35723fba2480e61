"""The field rows a hand-written page would show for a payload schema: every field path with its type, whether
it is required and its description, `$ref`s followed across files and every `oneOf`/`anyOf`/`allOf` member
walked. The benchmark's floor writes them as a Markdown table; none of the catalog's code is used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin


class FloorFields:
    def __init__(self, root: Path) -> None:
        self.root = root  # the folder holding contracts/
        self._files: dict[str, Any] = {}

    def _load(self, path: str) -> Any:
        if path not in self._files:
            self._files[path] = json.loads((self.root / path).read_text(encoding="utf-8"))
        return self._files[path]

    def rows(self, schema_path: str) -> list[tuple[str, str, bool, str]]:
        """(path, type, required, description) of every field, in the order of the file, each path once."""
        found: dict[str, tuple[str, str, bool, str]] = {}
        self._walk(schema_path, self._load(schema_path), "", found, (schema_path,))
        return list(found.values())

    def _walk(self, base: str, schema: Any, prefix: str, found: dict, trail: tuple[str, ...]) -> None:
        if not isinstance(schema, dict):
            return
        if isinstance(schema.get("$ref"), str):
            target = urljoin(base, schema["$ref"])
            if target not in trail:  # a reference back into an ancestor is listed once, not expanded
                path, fragment = urldefrag(target)
                node = self._load(path)
                for token in [t for t in fragment.split("/") if t]:
                    node = node[token.replace("~1", "/").replace("~0", "~")]
                self._walk(path, node, prefix, found, (*trail, target))
        required = set(schema.get("required") or [])
        for name, sub in (schema.get("properties") or {}).items():
            path = f"{prefix}.{name}" if prefix else name
            if path not in found and isinstance(sub, dict):
                description = sub.get("description") or ""
                found[path] = (path, _type(sub), name in required, description)
            self._walk(base, sub, path, found, trail)
        if isinstance(schema.get("items"), dict):
            self._walk(base, schema["items"], f"{prefix}[]", found, trail)
        for keyword in ("allOf", "oneOf", "anyOf"):
            for member in schema.get(keyword) or []:
                self._walk(base, member, prefix, found, trail)


def _type(schema: dict) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    if kind:
        return str(kind)
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema:
            return f"{keyword}: " + " or ".join(
                _type(m) if isinstance(m, dict) else "?" for m in schema[keyword]
            )
    return "const" if "const" in schema else "any"
