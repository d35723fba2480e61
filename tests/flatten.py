"""An independent flattening of payload schemas into field paths, for tests: follows `$ref` (across files),
`properties`, `items`, `allOf` and every `oneOf`/`anyOf` member, and nothing else the catalog does.

Paths are written as the catalog promises them in its anchors: `a.b`, `a[].b`. Paths that end in `[]`
(an array's item row, shown only when the item says something of its own) are left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urldefrag, urljoin


class Flattener:
    def __init__(self, root: Path) -> None:
        self.root = root  # the folder holding contracts/
        self._files: dict[str, object] = {}

    def _load(self, path: str) -> object:
        if path not in self._files:
            self._files[path] = json.loads((self.root / path).read_text(encoding="utf-8"))
        return self._files[path]

    def _resolve(self, base: str, ref: str) -> tuple[str, object]:
        target = urljoin(base, ref)
        path, fragment = urldefrag(target)
        node = self._load(path)
        for token in [t for t in fragment.split("/") if t]:
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return target, node

    def paths(self, schema_path: str) -> set[str]:
        """Every field path of the schema file at `schema_path` (relative to the root, e.g. contracts/...)."""
        found: set[str] = set()
        self._walk(schema_path, self._load(schema_path), "", found, (schema_path,))
        return {p for p in found if not p.endswith("[]")}

    def _walk(self, base: str, schema: object, prefix: str, found: set[str], trail: tuple[str, ...]) -> None:
        if not isinstance(schema, dict):
            return
        if isinstance(schema.get("$ref"), str):
            target, node = self._resolve(base, schema["$ref"])
            if target not in trail:  # a reference back into an ancestor is shown once, not expanded
                self._walk(urldefrag(target).url, node, prefix, found, (*trail, target))
        for name, sub in (schema.get("properties") or {}).items():
            path = f"{prefix}.{name}" if prefix else name
            found.add(path)
            self._walk(base, sub, path, found, trail)
        if isinstance(schema.get("items"), dict):
            found.add(f"{prefix}[]")
            self._walk(base, schema["items"], f"{prefix}[]", found, trail)
        for keyword in ("allOf", "oneOf", "anyOf"):
            for member in schema.get(keyword) or []:
                self._walk(base, member, prefix, found, trail)
