"""Reading a contracts tree in tests, independently of the catalog:
`$ref` values, schemas from disk, headings."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from referencing import Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012


def iter_refs(node, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(JSON pointer, value) of every `$ref` in a schema document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield pointer, value
            else:
                yield from iter_refs(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, f"{pointer}/{index}")


def disk_retriever(root: Path, load: Callable[[Path], object] | None = None) -> Callable[[str], Resource]:
    """A `referencing.Registry` retrieve hook that reads files under root from disk, never from the network.

    Anything that is not a `file:` URI of a regular file inside root (symlinks and `..` resolved) is refused.
    """
    root = root.resolve()
    load = load or (lambda path: json.loads(path.read_text(encoding="utf-8")))

    def retrieve(uri: str) -> Resource:
        parts = urlsplit(uri)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise NoSuchResource(ref=uri)
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise NoSuchResource(ref=uri)
        return Resource.from_contents(load(path), default_specification=DRAFT202012)

    return retrieve


def has_numbered_heading(markdown: str, number: str, title: str = "") -> bool:
    """True when markdown has a heading `## 4.1 Title` or `## 4.1. Title` (not `## 4.1.2`);
    title is optional."""
    pattern = rf"^#{{1,6}}\s+{re.escape(number)}\.?\s+{re.escape(title)}"
    return re.search(pattern, markdown, re.MULTILINE) is not None
