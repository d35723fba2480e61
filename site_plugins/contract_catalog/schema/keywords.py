"""JSON Schema vocabulary shared by the field table and the compatibility checker."""

from __future__ import annotations

from typing import Any

# Keywords that describe a value without changing which values validate.
ANNOTATIONS = frozenset(
    {"title", "description", "deprecated", "examples", "default", "readOnly", "writeOnly", "$comment"}
)
# Annotations too from 2019-09 on; the field table shows them among a field's constraints.
CONTENT_ANNOTATIONS = frozenset({"contentMediaType", "contentEncoding", "contentSchema"})


def json_type(value: Any) -> str:
    """The JSON Schema type of a JSON value.
    `1.0` is an integer, as validators read it (draft 6 and later)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
