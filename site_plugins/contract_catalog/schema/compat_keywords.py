"""What JSON Schema keywords mean to a compatibility comparison: which ones validate, which bound, which
types a schema admits, and short displays of values for the change details. Plain functions of one schema.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from .keywords import ANNOTATIONS, CONTENT_ANNOTATIONS, json_type

# Keywords that never change which payloads validate.
NOT_VALIDATING = ANNOTATIONS | CONTENT_ANNOTATIONS
IGNORED = {"$schema", "$id", "$defs", "definitions", "$anchor", "$dynamicAnchor", "$vocabulary"}
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains")
UNIONS = ("oneOf", "anyOf")
HANDLED = {
    "$ref",
    "type",
    "enum",
    "const",
    "multipleOf",
    "pattern",
    "format",
    "uniqueItems",
    "properties",
    "required",
    "additionalProperties",
    "unevaluatedProperties",
    "items",
    "oneOf",
    "anyOf",
    "allOf",
    *LOWER_BOUNDS,
    *UPPER_BOUNDS,
}
ALL_TYPES = frozenset({"null", "boolean", "object", "array", "number", "integer", "string"})
# Without a `type`, keywords of one family still say what the schema is about (as Confluent's parser infers).
FAMILIES = {
    "object": {
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
    },
    "array": {"items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"},
    "string": {"minLength", "maxLength", "pattern", "format"},
    "number": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
}


def as_object(schema: Any) -> dict:
    if schema is True or schema is None:
        return {}
    if schema is False:
        return {"not": {}}
    return schema if isinstance(schema, dict) else {}


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def show_value(value: Any) -> str:
    """A short display of a JSON value: strings without quotes."""
    text = value if isinstance(value, str) else canonical(value)
    return text if len(text) <= 60 else text[:57] + "..."


def show_values(canonical_values: set[str]) -> str:
    return ", ".join(sorted(show_value(json.loads(value)) for value in canonical_values))


def join_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def properties_of(schema: dict) -> dict:
    value = schema.get("properties")
    return value if isinstance(value, dict) else {}


def required_of(schema: dict) -> set[str]:
    value = schema.get("required")
    return {name for name in value if isinstance(name, str)} if isinstance(value, list) else set()


def validation_keys(schema: dict) -> set[str]:
    return {k for k in schema if k not in NOT_VALIDATING and k not in IGNORED and not k.startswith("x-")}


def types_of(schema: dict) -> frozenset[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset({declared})
    if isinstance(declared, list):
        return frozenset(t for t in declared if isinstance(t, str))
    if "const" in schema:
        return frozenset({json_type(schema["const"])})
    if isinstance(schema.get("enum"), list):
        return frozenset(json_type(value) for value in schema["enum"])
    inferred = {family for family, keywords in FAMILIES.items() if keywords & schema.keys()}
    return frozenset(inferred) if inferred else ALL_TYPES


def covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def describe_types(types: frozenset[str]) -> str:
    if types == ALL_TYPES:
        return "any"
    return " or ".join(sorted(types, key=lambda t: (t == "null", t)))


def allowed_values(schema: dict) -> set[str] | None:
    """Canonical JSON of the values enum/const allow; None when any value is allowed."""
    allowed: set[str] | None = None
    if isinstance(schema.get("enum"), list):
        allowed = {canonical(value) for value in schema["enum"]}
    if "const" in schema:
        const = {canonical(schema["const"])}
        allowed = const if allowed is None else allowed & const
    return allowed


def pure_union(schema: dict) -> tuple[str, list] | None:
    """(keyword, branches) for a schema that is nothing but a oneOf/anyOf (annotations aside)."""
    keys = validation_keys(schema)
    for keyword in UNIONS:
        branches = schema.get(keyword)
        if keys == {keyword} and isinstance(branches, list) and branches:
            return keyword, branches
    return None


class Same:
    """A branch as a pairing key, equal to an identical branch (deep equality stops at a first difference)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and self.value == other.value

    __hash__ = None


def fraction_of(value: Any) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return Fraction(str(value))
