"""A payload schema's own faults: not valid against its dialect's metaschema, `$id`s claiming other files.

These are problems of the schema itself, independent of the fields it describes: `contracts check` runs
the metaschema check on every schema file of a tree, and each event page's schema document carries both.
The validator class for a schema's dialect is chosen here for the example validator as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag, urljoin

import jsonschema
import jsonschema.validators
from referencing.jsonschema import specification_with

from ..core.problems import Problem, Severity, json_pointer
from ..core.shorten import shorten
from .metaschema import metaschema_errors
from .uris import path_of, uri_for


def validator_class(schema: Any) -> Any:  # a jsonschema validator class (see safe_regex.linear_time)
    """The jsonschema validator class for the dialect a schema declares; 2020-12 when it declares none."""
    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    if not isinstance(dialect, str):  # jsonschema would fail on a `$schema` that is not a string
        return jsonschema.Draft202012Validator
    return jsonschema.validators.validator_for({"$schema": dialect}, default=jsonschema.Draft202012Validator)


def metaschema_problems(schema: Any, path: str) -> list[Problem]:
    """The schema checked against its own dialect's metaschema."""
    found = []
    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    if isinstance(dialect, str) and specification_with(dialect, default=None) is None:
        found.append(
            Problem(
                path,
                f"$schema '{dialect}' is not a known dialect; it is read as 2020-12",
                json_pointer("$schema"),
                severity=Severity.WARNING,
                code="unknown-dialect",
            )
        )
    cls = validator_class(schema)
    try:
        errors = metaschema_errors(cls, schema)  # same errors as cls.META_SCHEMA, cached, 10x faster
    except Exception as failure:  # noqa: BLE001 - an odd schema must become a problem, not a failed build
        return [
            *found,
            Problem(path, f"cannot be checked against its metaschema: {failure}", code="invalid-schema"),
        ]
    for error in errors[:20]:
        found.append(
            Problem(
                path,
                f"not a valid schema: {shorten(error.message)}",
                json_pointer(*error.absolute_path),
                code="invalid-schema",
            )
        )
    return found


def not_a_schema(value: Any, path: str) -> Problem:
    """The problem of a schema file whose JSON is neither an object nor a boolean
    (`null`, a list, a number)."""
    kind = (
        "null"
        if value is None
        else "a list"
        if isinstance(value, list)
        else "a string"
        if isinstance(value, str)
        else "a number"
    )
    return Problem(
        path, f"is not a JSON schema: expected an object or a boolean, not {kind}", code="invalid-schema"
    )


ID_KEYWORDS = ("$id", "id")
VALUE_KEYWORDS = ("examples", "enum", "const", "default")  # JSON values, not schemas: their `id`s are data


def _id_claims(schema: Any, path: str) -> Iterator[tuple[tuple, str, str]]:
    """(pointer tokens, `$id` as written,
    the other file it names) for each `$id` naming another file of the tree."""
    own = uri_for(path)
    pending: list[tuple[Any, tuple]] = [(schema, ())]
    while pending:
        value, tokens = pending.pop()
        if isinstance(value, dict):
            for key in ID_KEYWORDS:
                written = value.get(key)
                if isinstance(written, str):
                    claimed = path_of(urldefrag(urljoin(own, written)).url)
                    if claimed is not None and claimed != path:
                        yield (*tokens, key), written, claimed
            pending.extend(
                (child, (*tokens, key)) for key, child in value.items() if key not in VALUE_KEYWORDS
            )
        elif isinstance(value, list):
            pending.extend((child, (*tokens, index)) for index, child in enumerate(value))


def id_claim_problems(schema: Any, path: str) -> list[Problem]:
    """A schema whose `$id` names another file of the tree would take its place for every `$ref` to it."""
    return [
        Problem(
            path,
            f"$id '{written}' claims the URI of {claimed}, another file of the tree; it is ignored, so "
            f"references to {claimed} still find that file",
            json_pointer(*tokens),
            code="id-claim",
        )
        for tokens, written, claimed in _id_claims(schema, path)
    ]


def without_id_claims(schema: Any, path: str) -> Any:
    """The schema without the `$id`s that name other files of the tree (the same object when it has none)."""
    claims = [tokens for tokens, _, _ in _id_claims(schema, path)]
    if not claims:
        return schema
    copy = json.loads(json.dumps(schema))
    for tokens in claims:
        holder = copy
        for token in tokens[:-1]:
            holder = holder[token]
        del holder[tokens[-1]]
    return copy
