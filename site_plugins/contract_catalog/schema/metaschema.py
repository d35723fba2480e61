"""Checking schemas against their metaschema, fast:
the same errors as jsonschema's own check, ten times sooner.

The draft 2020-12 metaschema is seven vocabulary documents joined by `allOf` and `$dynamicRef: "#meta"`.
jsonschema resolves every one of those references through `referencing` for every subschema it visits,
which makes checking one payload schema cost about 10 ms: 30 s of a 2,000-event build. For a schema
checked against the 2020-12 metaschema itself, every `$dynamicRef: "#meta"` lands on the root
metaschema, so the vocabularies can be merged into one schema whose recursion is a plain Python
reference to itself, and whose `$defs` references are inlined. The result has no `$ref` left, needs no
resolver, and reports the same (instance path, message) pairs; the original also repeats some errors
once per vocabulary, which the merged one does not.

Other dialects use jsonschema's metaschema as it is. Results are cached by the schema's content, so a
file checked by several views, or again by a `mkdocs serve` rebuild, is checked once per process.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from functools import cache
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError
from jsonschema_specifications import REGISTRY as SPECIFICATIONS

DRAFT202012_BASE = "https://json-schema.org/draft/2020-12/"
CACHE_SIZE = 16_384


def _merged_202012() -> dict[str, Any]:
    """The 2020-12 metaschema as one self-referencing dict, without `$ref` or `$dynamicRef`."""
    root = jsonschema.Draft202012Validator.META_SCHEMA
    merged: dict[str, Any] = {"type": ["object", "boolean"], "properties": {}}
    definitions: dict[str, Any] = {}

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$dynamicRef" in node or "$ref" in node:
            if "$dynamicRef" in node:
                if node["$dynamicRef"] != "#meta":
                    raise ValueError(f"unexpected $dynamicRef {node['$dynamicRef']!r} in the metaschema")
                target: Any = merged
            else:
                ref = node["$ref"]
                if "#/$defs/" not in ref:
                    raise ValueError(f"unexpected $ref {ref!r} in the metaschema")
                target = _Definition(ref.split("#/$defs/", 1)[1])
            rest = {key: rewrite(value) for key, value in node.items() if key not in ("$ref", "$dynamicRef")}
            return {**rest, "allOf": [target]} if rest else target
        return {key: rewrite(value) for key, value in node.items()}

    for part in root["allOf"]:
        vocabulary = SPECIFICATIONS.contents(DRAFT202012_BASE + part["$ref"])
        for name, subschema in vocabulary.get("properties", {}).items():
            merged["properties"][name] = rewrite(subschema)
        for name, subschema in vocabulary.get("$defs", {}).items():
            definitions[name] = rewrite(subschema)
    for name, subschema in root.get("properties", {}).items():
        merged["properties"][name] = rewrite(subschema)
    _inline(merged, definitions, set())
    _inline(definitions, definitions, set())
    return merged


class _Definition(str):
    """A placeholder for `{"$ref": "...#/$defs/<name>"}` until the definitions are known."""


def _inline(node: Any, definitions: dict[str, Any], seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        if isinstance(value, _Definition):
            while isinstance(definitions[value], _Definition):
                definitions[value] = definitions[definitions[value]]
            node[key] = definitions[value]
        else:
            _inline(value, definitions, seen)


@cache
def _validator(cls: Any) -> Any:  # a jsonschema validator class (see safe_regex.linear_time)
    if cls is jsonschema.Draft202012Validator:
        return cls(_merged_202012(), format_checker=cls.FORMAT_CHECKER)
    return cls(cls.META_SCHEMA, format_checker=cls.FORMAT_CHECKER)


def metaschema_errors(cls: Any, schema: Any) -> list[ValidationError]:
    """The errors of `schema` against the metaschema of the validator class `cls` (its dialect)."""
    try:  # key order kept, so that a cached result lists its errors in the order this schema gives them
        text = json.dumps(schema, ensure_ascii=False)
    except (TypeError, ValueError):  # not JSON data: check it without caching
        return list(_validator(cls).iter_errors(schema))
    key = (cls, hashlib.blake2b(text.encode("utf-8"), digest_size=20).digest())
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return list(_CACHE[key])
    errors = tuple(_validator(cls).iter_errors(schema))
    _CACHE[key] = errors
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return list(errors)


# (validator class, digest of the schema's JSON) -> its errors; a digest, not the text, to keep it small
_CACHE: OrderedDict[tuple[type, bytes], tuple[ValidationError, ...]] = OrderedDict()
