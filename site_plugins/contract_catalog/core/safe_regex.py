"""Regular expressions from schema files, run by a linear-time engine (RE2),
never by Python's backtracking one.

A `pattern` such as `^(a+)+$` takes Python's `re` (and any backtracking engine, `regress` included) time
exponential in the length of the text it is tried on; RE2 takes linear time whatever the pattern. The
validator classes made here run `pattern`, `patternProperties` and `additionalProperties` with RE2. A
pattern RE2 cannot compile (lookarounds, backreferences) is reported where it is written and treated as
matching, so the rest of the schema is still checked. `unevaluatedProperties` next to `patternProperties`
would reach jsonschema's own use of `re`; such a schema's examples are not validated (see
`backtracking_risk`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

import jsonschema.validators
import re2
from jsonschema.exceptions import ValidationError

MAX_PATTERN_CHARS = 1_000

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print every refused pattern on stderr
_OPTIONS.max_mem = 8 << 20  # a pattern that needs more memory than this to compile is refused


class RefusedPattern(ValueError):
    """A pattern the linear-time engine does not run."""


@lru_cache(maxsize=4_096)
def compiled(pattern: str) -> Any:
    """The RE2 program of a pattern, or RefusedPattern saying why there is none."""
    if not isinstance(pattern, str):
        raise RefusedPattern("is not a string")
    if len(pattern) > MAX_PATTERN_CHARS:
        raise RefusedPattern(f"is {len(pattern):,} characters long (at most {MAX_PATTERN_CHARS:,})")
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as error:
        reason = (
            error.args[0].decode("utf-8", "replace")
            if error.args and isinstance(error.args[0], bytes)
            else str(error)
        )
        raise RefusedPattern(reason) from None


def search(pattern: str, text: str, refused: bool = True) -> bool:
    """Whether a pattern matches anywhere in a text; a refused pattern counts as `refused` (matching)."""
    try:
        return compiled(pattern).search(text) is not None
    except RefusedPattern:
        return refused


def refused_patterns(schema: Any) -> Iterator[tuple[tuple, str, str]]:
    """(JSON pointer tokens, pattern, reason) for each pattern of a schema document the engine won't run."""
    pending: list[tuple[Any, tuple]] = [(schema, ())]
    while pending:
        value, tokens = pending.pop()
        if isinstance(value, dict):
            if isinstance(value.get("pattern"), str):
                yield from _refusal(value["pattern"], (*tokens, "pattern"))
            if isinstance(value.get("patternProperties"), dict):
                for key in value["patternProperties"]:
                    yield from _refusal(key, (*tokens, "patternProperties", key))
            pending.extend((child, (*tokens, key)) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend((child, (*tokens, index)) for index, child in reversed(list(enumerate(value))))


def _refusal(pattern: str, tokens: tuple) -> Iterator[tuple[tuple, str, str]]:
    try:
        compiled(pattern)
    except RefusedPattern as refused:
        yield tokens, pattern, str(refused)


def backtracking_risk(schema: Any) -> bool:
    """Whether jsonschema would run a schema's patterns with Python's `re` even in a linear-time class."""
    pending = [schema]
    uses: set[str] = set()
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            uses.update(key for key in ("unevaluatedProperties", "patternProperties") if key in value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return len(uses) == 2


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator, patterns, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator, additional, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    named = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extras = [key for key in instance if key not in named and not any(search(p, key) for p in patterns)]
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        joined = ", ".join(repr(extra) for extra in sorted(extras, key=str))
        if patterns:
            listed = ", ".join(repr(p) for p in sorted(patterns))
            yield ValidationError(
                f"{joined} {'does' if len(extras) == 1 else 'do'} not match any of the regexes: {listed}"
            )
        else:
            yield ValidationError(
                f"Additional properties are not allowed ({joined} "
                f"{'was' if len(extras) == 1 else 'were'} unexpected)"
            )


@cache
def linear_time(cls: Any) -> Any:  # jsonschema validator classes: type[Validator] is no Hashable to @cache
    """A validator class like `cls` whose regular expressions run in linear time."""
    keywords = {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    }
    present = {key: value for key, value in keywords.items() if key in cls.VALIDATORS}
    return jsonschema.validators.extend(cls, present)
