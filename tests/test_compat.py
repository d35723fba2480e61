"""Schema compatibility: every rule with a minimal pair of schemas and its verdicts, then $ref resolution."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from contract_catalog.schema import compat
from contract_catalog.schema.compat import FieldChangeKind, Mode, compare_schemas
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

FIXTURES = Path(__file__).parent / "compat"
STRING = {"type": "string"}


def obj(properties: dict, **keywords: object) -> dict:
    return {"type": "object", "properties": properties, **keywords}


def closed(properties: dict, **keywords: object) -> dict:
    return obj(properties, additionalProperties=False, **keywords)


def field(**keywords: object) -> dict:
    """An object with one field `a` of the given schema."""
    return obj({"a": keywords})


@dataclass(frozen=True)
class Rule:
    name: str
    old: dict | bool
    new: dict | bool
    changes: list[tuple[str, FieldChangeKind]]  # (path, kind) in report order
    backward: bool  # new readers read old data
    forward: bool  # old readers read new data


def at_a(kind: FieldChangeKind) -> list[tuple[str, FieldChangeKind]]:
    """The usual expectation: one change of this kind at field `a`."""
    return [("a", kind)]


RULES = [
    # Fields and content models
    Rule(
        "optional field added to an open object breaks BACKWARD",
        obj({"a": STRING}),
        obj({"a": STRING, "b": STRING}),
        [("b", FieldChangeKind.FIELD_ADDED)],
        False,
        True,
    ),
    Rule(
        "field that accepts anything added to an open object is compatible",
        obj({"a": STRING}),
        obj({"a": STRING, "b": {"description": "free form"}}),
        [("b", FieldChangeKind.FIELD_ADDED)],
        True,
        True,
    ),
    Rule(
        "optional field added to a closed object breaks only FORWARD",
        closed({"a": STRING}),
        closed({"a": STRING, "b": STRING}),
        [("b", FieldChangeKind.FIELD_ADDED)],
        True,
        False,
    ),
    Rule(
        "required field without default added to a closed object breaks both",
        closed({"a": STRING}),
        closed({"a": STRING, "b": STRING}, required=["b"]),
        [("b", FieldChangeKind.FIELD_ADDED)],
        False,
        False,
    ),
    Rule(
        "required field with a default added to a closed object breaks only FORWARD",
        closed({"a": STRING}),
        closed({"a": STRING, "b": {"type": "string", "default": "x"}}, required=["b"]),
        [("b", FieldChangeKind.FIELD_ADDED)],
        True,
        False,
    ),
    Rule(
        "field added under a covering additionalProperties schema is compatible",
        obj({"a": STRING}, additionalProperties=STRING),
        obj({"a": STRING, "b": STRING}, additionalProperties=STRING),
        [("b", FieldChangeKind.FIELD_ADDED)],
        True,
        True,
    ),
    Rule(
        "field added that additionalProperties does not cover breaks both",
        obj({"a": STRING}, additionalProperties=STRING),
        obj({"a": STRING, "b": {"type": "integer"}}, additionalProperties=STRING),
        [("b", FieldChangeKind.FIELD_ADDED)],
        False,
        False,
    ),
    Rule(
        "field added to an object closed by unevaluatedProperties breaks only FORWARD",
        obj({"a": STRING}, unevaluatedProperties=False),
        obj({"a": STRING, "b": STRING}, unevaluatedProperties=False),
        [("b", FieldChangeKind.FIELD_ADDED)],
        True,
        False,
    ),
    Rule(
        "optional field removed from an open object breaks only FORWARD",
        obj({"a": STRING, "b": STRING}),
        obj({"a": STRING}),
        [("b", FieldChangeKind.FIELD_REMOVED)],
        True,
        False,
    ),
    Rule(
        "optional field removed from a closed object breaks only BACKWARD",
        closed({"a": STRING, "b": STRING}),
        closed({"a": STRING}),
        [("b", FieldChangeKind.FIELD_REMOVED)],
        False,
        True,
    ),
    Rule(
        "required field removed from a closed object breaks both",
        closed({"a": STRING, "b": STRING}, required=["b"]),
        closed({"a": STRING}),
        [("b", FieldChangeKind.FIELD_REMOVED)],
        False,
        False,
    ),
    # Required
    Rule(
        "making a field required breaks BACKWARD",
        obj({"a": STRING}),
        obj({"a": STRING}, required=["a"]),
        at_a(FieldChangeKind.REQUIRED_ADDED),
        False,
        True,
    ),
    Rule(
        "making a field with a default required is compatible",
        field(type="string", default="x"),
        {**field(type="string", default="x"), "required": ["a"]},
        at_a(FieldChangeKind.REQUIRED_ADDED),
        True,
        True,
    ),
    Rule(
        "making a field optional breaks FORWARD",
        obj({"a": STRING}, required=["a"]),
        obj({"a": STRING}),
        at_a(FieldChangeKind.REQUIRED_REMOVED),
        True,
        False,
    ),
    # Types
    Rule(
        "string to string-or-null widens the type",
        field(type="string"),
        field(type=["string", "null"]),
        at_a(FieldChangeKind.TYPE_WIDENED),
        True,
        False,
    ),
    Rule(
        "integer to number widens the type",
        field(type="integer"),
        field(type="number"),
        at_a(FieldChangeKind.TYPE_WIDENED),
        True,
        False,
    ),
    Rule(
        "string-or-null to string narrows the type",
        field(type=["string", "null"]),
        field(type="string"),
        at_a(FieldChangeKind.TYPE_NARROWED),
        False,
        True,
    ),
    Rule(
        "string to integer changes the type",
        field(type="string"),
        field(type="integer"),
        at_a(FieldChangeKind.TYPE_CHANGED),
        False,
        False,
    ),
    Rule(
        "a nullable anyOf around the old type only adds a branch",
        field(type="string", format="date"),
        field(anyOf=[{"type": "string", "format": "date"}, {"type": "null"}]),
        at_a(FieldChangeKind.BRANCH_ADDED),
        True,
        False,
    ),
    # Enum and const
    Rule(
        "adding an enum value extends it",
        field(enum=["x", "y"]),
        field(enum=["x", "y", "z"]),
        at_a(FieldChangeKind.ENUM_EXTENDED),
        True,
        False,
    ),
    Rule(
        "removing an enum value narrows it",
        field(enum=["x", "y"]),
        field(enum=["x"]),
        at_a(FieldChangeKind.ENUM_NARROWED),
        False,
        True,
    ),
    Rule(
        "adding one enum value and removing another breaks both",
        field(enum=["x", "y"]),
        field(enum=["x", "z"]),
        at_a(FieldChangeKind.ENUM_CHANGED),
        False,
        False,
    ),
    Rule(
        "adding an enum to a free string narrows it",
        field(type="string"),
        field(type="string", enum=["x"]),
        at_a(FieldChangeKind.ENUM_NARROWED),
        False,
        True,
    ),
    Rule(
        "a changed const breaks both",
        field(const="x"),
        field(const="y"),
        at_a(FieldChangeKind.CONST_CHANGED),
        False,
        False,
    ),
    Rule(
        "a const added to a string breaks BACKWARD",
        field(type="string"),
        field(type="string", const="x"),
        at_a(FieldChangeKind.CONST_CHANGED),
        False,
        True,
    ),
    # Constraints
    Rule(
        "a lower maxLength tightens",
        field(type="string", maxLength=10),
        field(type="string", maxLength=5),
        at_a(FieldChangeKind.CONSTRAINT_TIGHTENED),
        False,
        True,
    ),
    Rule(
        "a higher maxLength relaxes",
        field(type="string", maxLength=5),
        field(type="string", maxLength=10),
        at_a(FieldChangeKind.CONSTRAINT_RELAXED),
        True,
        False,
    ),
    Rule(
        "a minimum added tightens",
        field(type="integer"),
        field(type="integer", minimum=0),
        at_a(FieldChangeKind.CONSTRAINT_TIGHTENED),
        False,
        True,
    ),
    Rule(
        "a lower exclusiveMinimum relaxes",
        field(type="number", exclusiveMinimum=1),
        field(type="number", exclusiveMinimum=0),
        at_a(FieldChangeKind.CONSTRAINT_RELAXED),
        True,
        False,
    ),
    Rule(
        "minItems removed relaxes",
        field(type="array", minItems=1),
        field(type="array"),
        at_a(FieldChangeKind.CONSTRAINT_RELAXED),
        True,
        False,
    ),
    Rule(
        "a lower maxProperties tightens",
        field(type="object", maxProperties=4),
        field(type="object", maxProperties=2),
        at_a(FieldChangeKind.CONSTRAINT_TIGHTENED),
        False,
        True,
    ),
    Rule(
        "a pattern added tightens",
        field(type="string"),
        field(type="string", pattern="^x"),
        at_a(FieldChangeKind.CONSTRAINT_TIGHTENED),
        False,
        True,
    ),
    Rule(
        "a changed pattern breaks both",
        field(type="string", pattern="^x"),
        field(type="string", pattern="^y"),
        at_a(FieldChangeKind.CONSTRAINT_CHANGED),
        False,
        False,
    ),
    Rule(
        "a format added tightens",
        field(type="string"),
        field(type="string", format="date"),
        at_a(FieldChangeKind.CONSTRAINT_TIGHTENED),
        False,
        True,
    ),
    Rule(
        "a format removed relaxes",
        field(type="string", format="date"),
        field(type="string"),
        at_a(FieldChangeKind.CONSTRAINT_RELAXED),
        True,
        False,
    ),
    Rule(
        "multipleOf 2 to 4 tightens",
        field(type="integer", multipleOf=2),
        field(type="integer", multipleOf=4),
        at_a(FieldChangeKind.CONSTRAINT_TIGHTENED),
        False,
        True,
    ),
    Rule(
        "multipleOf 4 to 2 relaxes",
        field(type="integer", multipleOf=4),
        field(type="integer", multipleOf=2),
        at_a(FieldChangeKind.CONSTRAINT_RELAXED),
        True,
        False,
    ),
    Rule(
        "multipleOf 2 to 3 breaks both",
        field(type="integer", multipleOf=2),
        field(type="integer", multipleOf=3),
        at_a(FieldChangeKind.CONSTRAINT_CHANGED),
        False,
        False,
    ),
    Rule(
        "uniqueItems added tightens",
        field(type="array"),
        field(type="array", uniqueItems=True),
        at_a(FieldChangeKind.CONSTRAINT_TIGHTENED),
        False,
        True,
    ),
    Rule(
        "a conditional added as a whole is one tightening",
        obj({"a": STRING}),
        obj({"a": STRING}, **{"if": {"required": ["a"]}, "then": {"required": ["b"]}}),
        [("", FieldChangeKind.CONSTRAINT_TIGHTENED)],
        False,
        True,
    ),
    # additionalProperties
    Rule(
        "closing an open object breaks BACKWARD",
        obj({"a": STRING}),
        closed({"a": STRING}),
        [("", FieldChangeKind.ADDITIONAL_PROPERTIES_CLOSED)],
        False,
        True,
    ),
    Rule(
        "opening a closed object breaks FORWARD",
        closed({"a": STRING}),
        obj({"a": STRING}, additionalProperties=True),
        [("", FieldChangeKind.ADDITIONAL_PROPERTIES_OPENED)],
        True,
        False,
    ),
    Rule(
        "a schema for undeclared properties narrows an open object",
        obj({"a": STRING}),
        obj({"a": STRING}, additionalProperties=STRING),
        [("", FieldChangeKind.ADDITIONAL_PROPERTIES_CLOSED)],
        False,
        True,
    ),
    Rule(
        "unevaluatedProperties false closes an object",
        obj({"a": STRING}),
        obj({"a": STRING}, unevaluatedProperties=False),
        [("", FieldChangeKind.ADDITIONAL_PROPERTIES_CLOSED)],
        False,
        True,
    ),
    # Branches
    Rule(
        "a oneOf branch added is BACKWARD compatible",
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]},
        [("", FieldChangeKind.BRANCH_ADDED)],
        True,
        False,
    ),
    Rule(
        "a oneOf branch removed breaks BACKWARD",
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"oneOf": [{"type": "string"}]},
        [("", FieldChangeKind.BRANCH_REMOVED)],
        False,
        True,
    ),
    Rule(
        "an anyOf branch added is BACKWARD compatible",
        field(anyOf=[STRING, {"type": "null"}]),
        field(anyOf=[STRING, {"type": "null"}, {"type": "integer"}]),
        at_a(FieldChangeKind.BRANCH_ADDED),
        True,
        False,
    ),
    Rule(
        "an allOf branch added breaks BACKWARD",
        {"allOf": [{"required": ["a"]}]},
        {"allOf": [{"required": ["a"]}, {"required": ["b"]}]},
        [("", FieldChangeKind.BRANCH_ADDED)],
        False,
        True,
    ),
    Rule(
        "an allOf branch removed breaks FORWARD",
        {"allOf": [{"required": ["a"]}, {"required": ["b"]}]},
        {"allOf": [{"required": ["a"]}]},
        [("", FieldChangeKind.BRANCH_REMOVED)],
        True,
        False,
    ),
    Rule(
        "oneOf to anyOf relaxes the combinator",
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        [("", FieldChangeKind.COMBINATOR_CHANGED)],
        True,
        False,
    ),
    Rule(
        "a change inside a branch is reported at the field, matched by discriminator",
        {"oneOf": [obj({"kind": {"const": "a"}, "n": {"type": "integer"}}), obj({"kind": {"const": "b"}})]},
        {
            "oneOf": [
                obj({"kind": {"const": "b"}}),
                obj({"kind": {"const": "a"}, "n": {"type": "integer", "maximum": 9}}),
            ]
        },
        [("n", FieldChangeKind.CONSTRAINT_TIGHTENED)],
        False,
        True,
    ),
    # Descriptions and no change
    Rule(
        "a description-only change is compatible",
        field(type="string", description="old"),
        field(type="string", description="new"),
        at_a(FieldChangeKind.DESCRIPTION_CHANGED),
        True,
        True,
    ),
    Rule(
        "title, examples and deprecated are annotations too",
        {**obj({"a": STRING}), "title": "x", "examples": [{}]},
        {**field(type="string", deprecated=True), "title": "y", "examples": [{"a": "b"}]},
        [("", FieldChangeKind.DESCRIPTION_CHANGED), ("a", FieldChangeKind.DESCRIPTION_CHANGED)],
        True,
        True,
    ),
    Rule("identical schemas have no changes", obj({"a": STRING}), obj({"a": STRING}), [], True, True),
    Rule(
        "boolean schemas: true to false narrows to nothing",
        True,
        False,
        [("", FieldChangeKind.CONSTRAINT_TIGHTENED)],
        False,
        True,
    ),
    # Paths
    Rule(
        "nested objects use dotted paths",
        obj({"submission_summary": obj({"first_name": STRING})}),
        obj({"submission_summary": obj({"first_name": {"type": "string", "maxLength": 40}})}),
        [("submission_summary.first_name", FieldChangeKind.CONSTRAINT_TIGHTENED)],
        False,
        True,
    ),
    Rule(
        "array items use []",
        obj({"items": {"type": "array", "items": obj({"sku": STRING})}}),
        obj({"items": {"type": "array", "items": obj({"sku": {"type": "integer"}})}}),
        [("items[].sku", FieldChangeKind.TYPE_CHANGED)],
        False,
        False,
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_rule(rule: Rule) -> None:
    report = compare_schemas(rule.old, rule.new)
    assert [(c.path, c.kind) for c in report.changes] == rule.changes
    assert report.backward.compatible is rule.backward
    assert report.forward.compatible is rule.forward
    assert report.full.compatible is (rule.backward and rule.forward)
    for change in report.changes:
        assert change.detail and change.reason


def test_breaking_change_reasons_name_the_field_and_the_cause() -> None:
    report = compare_schemas(closed({"a": STRING}), closed({"a": STRING, "b": STRING}, required=["b"]))
    (reason,) = report.backward.reasons
    assert reason.startswith("b: required field added;")
    assert "no default" in reason
    assert report.full.reasons == report.backward.reasons
    assert report.summary() == "1 change; BACKWARD breaks (1), FORWARD breaks (1), FULL breaks (1)"
    assert report.changes[0].breaks == {Mode.BACKWARD, Mode.FORWARD}


def test_no_changes_summary() -> None:
    assert compare_schemas(obj({}), obj({})).summary() == "no changes"


def test_in_file_reference_is_followed() -> None:
    def schema(max_length: int) -> dict:
        code = {"type": "string", "maxLength": max_length}
        return {"$defs": {"code": code}, **obj({"c": {"$ref": "#/$defs/code"}})}

    report = compare_schemas(schema(8), schema(4))
    assert [(c.path, c.kind, c.detail) for c in report.changes] == [
        ("c", FieldChangeKind.CONSTRAINT_TIGHTENED, "maxLength 8 → 4")
    ]


def _load(side: str) -> tuple[dict, object]:
    """The fixture payload of one side with a resolver that reads only that side's fixture files."""
    root = FIXTURES / side

    def retrieve(uri: str) -> Resource:
        path = Path(uri.removeprefix("file://"))
        assert path.is_relative_to(root), uri
        return Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012)

    payload = root / "payloads" / "order.paid.json"
    resolver = Registry(retrieve=retrieve).resolver(base_uri=payload.as_uri())
    return json.loads(payload.read_text()), resolver


def test_cross_file_references_are_followed_and_recursion_stops() -> None:
    old, old_resolver = _load("old")
    new, new_resolver = _load("new")
    report = compare_schemas(old, new, old_resolver=old_resolver, new_resolver=new_resolver)
    assert [(c.path, c.kind) for c in report.changes] == [
        ("total.currency", FieldChangeKind.ENUM_EXTENDED),
        ("items[].sku", FieldChangeKind.CONSTRAINT_TIGHTENED),
        ("items[].price.currency", FieldChangeKind.ENUM_EXTENDED),
        ("category.name", FieldChangeKind.CONSTRAINT_TIGHTENED),  # category.parent refers back: compared once
    ]
    assert report.unresolved == []
    assert not report.backward.compatible and not report.forward.compatible


def test_unresolvable_reference_is_reported_not_raised() -> None:
    old = obj({"a": {"$ref": "other.json#/$defs/a"}})
    new = obj({"a": {"$ref": "other.json#/$defs/b"}})
    report = compare_schemas(old, new)
    assert report.unresolved == ["other.json#/$defs/a", "other.json#/$defs/b"]
    assert [(c.path, c.kind) for c in report.changes] == [("a", FieldChangeKind.CONSTRAINT_CHANGED)]


def test_self_referencing_schema_terminates() -> None:
    node = obj({"children": {"type": "array", "items": {"$ref": "#"}}})
    tree = {"$ref": "#/$defs/node", "$defs": {"node": node}}
    assert compare_schemas(tree, tree).changes == []


def test_work_budget_stops_a_hostile_schema_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat, "WORK_BUDGET", 200)

    def nested(depth: int, tag: int) -> dict:
        schema: dict = {"type": "string", "maxLength": tag}
        for _ in range(depth):
            schema = {"oneOf": [obj({f"p{i}": schema}) for i in range(4)]}
        return schema

    report = compare_schemas(nested(6, 1), nested(6, 2))
    assert report.changes[-1].detail == "comparison stopped before the end"
    assert not report.backward.compatible and not report.forward.compatible


def test_report_as_dict_is_json() -> None:
    report = compare_schemas(obj({"a": STRING}), field(type="integer"))
    data = json.loads(json.dumps(report.as_dict()))
    assert data["verdicts"]["BACKWARD"]["compatible"] is False
    assert data["changes"][0] == {
        "path": "a",
        "kind": "type-changed",
        "detail": "type string → integer",
        "breaks": ["BACKWARD", "FORWARD"],
        "reason": report.changes[0].reason,
    }
