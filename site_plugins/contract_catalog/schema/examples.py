"""Examples of a payload schema: its own, or one generated from it, each validated against the schema.

A generated example takes `const`, `enum`, `default`, `examples`, types and formats into account (patterns
are not solved), through the same merged views as the field table. Validation resolves `$ref`s through the
loader's lenient registry, so a remote reference is accepted unchecked instead of fetched, and a schema too
large to walk is not validated at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import referencing.exceptions
import referencing.jsonschema
from jsonschema.validators import SPECIFICATIONS

from ..core.panics import Panic, contained
from ..core.problems import Severity, json_pointer
from ..core.safe_regex import backtracking_risk, linear_time, refused_patterns
from ..core.shorten import shorten
from .checks import validator_class
from .folding import FoldedSchema, SchemaFolder, SchemaNode, root_node
from .uris import Refused, cause, uri_for

if TYPE_CHECKING:
    from .loading import SchemaLoader

FORMAT_SAMPLES = {
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "time": "12:00:00Z",
    "duration": "P1D",
    "email": "someone@example.com",
    "idn-email": "someone@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "/path",
    "iri-reference": "/path",
    "uri-template": "https://example.com/{id}",
    "uuid": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    "json-pointer": "/a",
    "relative-json-pointer": "0",
    "regex": "^a$",
}
UNCHECKABLE = (
    "could not be checked: the validator failed on the schema (a reference loop it follows without end, "
    "or a panic in a Rust extension under it)"
)
STRING_HINTS = {"format", "pattern", "minLength", "maxLength"}
NUMBER_HINTS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}


@dataclass
class CheckedExample:
    value: Any
    text: str  # formatted JSON
    generated: bool
    errors: list[str] = field(default_factory=list)  # "/submission/zip: '7870' does not match ..."


def checked_examples(
    loader: SchemaLoader, schema: Any, path: str, walker: SchemaFolder
) -> list[CheckedExample]:
    """The schema's own examples, or one generated example; each validated against the schema."""
    declared = schema.get("examples") if isinstance(schema, dict) else None
    if declared is not None and not isinstance(declared, list):
        walker.problem(
            path,
            ("examples",),
            "examples must be an array of example payloads",
            "invalid-example",
            Severity.WARNING,
        )
        declared = None
    generated = not declared
    if generated:
        try:
            declared = [_Generator(walker).value([root_node(loader, schema, path)])]
        except (ValueError, TypeError, OverflowError, RecursionError):
            declared = [None]
    views = []
    unchecked = walker.truncated
    if walker.truncated:  # a schema that outgrew the walker's budget could keep a validator busy for hours
        walker.problem(
            path,
            ("examples",),
            "examples are not validated: the schema expands into too many subschemas",
            "example-unchecked",
            Severity.WARNING,
        )
    for tokens, pattern, reason in refused_patterns(schema):
        walker.problem(
            path,
            tokens,
            f"pattern '{shorten(pattern, 80)}' cannot be run by a linear-time regex "
            f"engine ({shorten(reason, 120)}); values are not checked against it",
            "unsafe-pattern",
        )
    if backtracking_risk(schema):
        unchecked = True
        walker.problem(
            path,
            ("examples",),
            "examples are not validated: 'unevaluatedProperties' beside "
            "'patternProperties' would run the patterns with a backtracking regex engine",
            "example-unchecked",
            Severity.WARNING,
        )
    for index, value in enumerate(declared):
        view = CheckedExample(value, json.dumps(value, indent=2, ensure_ascii=False), generated)
        for pointer, message in [] if unchecked else _validate(loader, schema, path, value):
            view.errors.append(f"{pointer or '/'}: {message}")
            if not generated:
                tokens = ("examples", index, *_tokens(pointer))
                walker.problem(
                    path,
                    tokens,
                    f"example {index + 1} does not match the schema: {message}",
                    "invalid-example",
                    Severity.WARNING,
                )
        views.append(view)
    return views


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []


def _validate(loader: SchemaLoader, schema: Any, path: str, instance: Any) -> list[tuple[str, str]]:
    """(JSON pointer into the example, message) for each way the example breaks its schema."""
    cls = linear_time(validator_class(schema))  # patterns of the schema run in linear time
    # `{"$ref": <file uri>}` roots validation at the file, so its relative refs resolve from there.
    try:
        with contained(), loader.accepting_remote() as registry:
            root = {"$ref": uri_for(path)}
            validator = cls(
                root,
                registry=registry,
                format_checker=cls.FORMAT_CHECKER,
                _resolver=_resolver(cls, registry, root),
            )
            errors = sorted(validator.iter_errors(instance), key=lambda e: [str(t) for t in e.absolute_path])
    except (Panic, RecursionError):  # which of the two depends on the stack depth the caller starts from
        return [("", UNCHECKABLE)]
    except referencing.exceptions.Unresolvable as error:
        refused = cause(error, Refused)
        reason = refused.reason if refused else f"reference '{error.ref}' cannot be resolved"
        return [("", f"could not be checked: {reason}")]
    except Exception as error:  # noqa: BLE001 - e.g. a pattern Python's re cannot compile
        return [("", f"could not be checked: {type(error).__name__}: {shorten(str(error))}")]
    return [(json_pointer(*e.absolute_path), shorten(e.message)) for e in errors]


def _resolver(cls: Any, registry: Any, root: Any) -> Any:
    """The resolver jsonschema makes for a validator, `SPECIFICATIONS.combine(registry)` rooted at `root`,
    built in time of the metaschemas' size: combining copies the second registry into the first, and the
    loader's holds every schema read so far (a tenth of a cold `contracts check` at 2,000 event types)."""
    if any(uri in registry for uri in SPECIFICATIONS):  # a file claims a metaschema's URI: the tree's wins
        combined = SPECIFICATIONS.combine(registry)
    else:
        combined = registry.combine(SPECIFICATIONS)
    specification = referencing.jsonschema.specification_with(
        cls.ID_OF(cls.META_SCHEMA) or "urn:unknown-dialect", default=referencing.Specification.OPAQUE
    )
    return combined.resolver_with_root(specification.create_resource(root))


class _Generator:
    """A plausible example from const, enum, default, examples, type and format; patterns are not solved."""

    def __init__(self, walker: SchemaFolder) -> None:
        self.walker = walker

    def value(self, nodes: list[SchemaNode], depth: int = 0) -> Any:
        view = self.walker.view(nodes)
        firsts: dict[tuple, SchemaNode] = {}
        for branch in view.choices:  # the first member of every oneOf/anyOf
            firsts.setdefault(branch.group, branch.node)
        if firsts and depth < 12:
            view = self.walker.view([*nodes, *firsts.values()])
        if depth > 12 or view.never or view.recursive_ref:
            return None
        for keyword in ("const", "default"):
            if view.constraints.get(keyword):
                return view.constraints[keyword][0]
        for keyword in ("enum", "examples"):
            values = view.constraints.get(keyword)
            if values and isinstance(values[0], list) and values[0]:
                return values[0][0]
        return getattr(self, f"_{self._kind(view)}", self._null)(view, depth)

    def _kind(self, view: FoldedSchema) -> str:
        types = view.types if view.types is not None else self.walker.inferred_types(view)
        for name in types or ():
            if name != "null":
                return name
        if types:
            return "null"
        hints = set(view.constraints)
        return "string" if hints & STRING_HINTS else "number" if hints & NUMBER_HINTS else "null"

    def _object(self, view: FoldedSchema, depth: int) -> dict:
        return {name: self.value(view.properties.get(name, []), depth + 1) for name in view.required}

    def _array(self, view: FoldedSchema, depth: int) -> list:
        value = [self.value(nodes, depth + 1) for nodes in view.prefix_items]
        item_recursive = view.items and self.walker.view(view.items).recursive_ref is not None
        wanted = max(_number(view, "minItems") or 0, 1 if view.items and not item_recursive else 0)
        maximum = _number(view, "maxItems")
        wanted = min(wanted, 3 if maximum is None else int(maximum), 50)
        while len(value) < wanted and view.items:
            value.append(self.value(view.items, depth + 1))
        return value

    def _string(self, view: FoldedSchema, depth: int) -> str:
        formats = view.constraints.get("format") or [None]
        text = FORMAT_SAMPLES.get(formats[0], "text") if isinstance(formats[0], str) else "text"
        low, high = _number(view, "minLength"), _number(view, "maxLength")
        if low is not None and len(text) < low:
            text += "x" * int(min(low, 10_000) - len(text))
        if high is not None and len(text) > high:
            text = text[: max(int(high), 0)]
        return text

    def _integer(self, view: FoldedSchema, depth: int) -> int:
        return int(self._number(view, depth))

    def _number(self, view: FoldedSchema, depth: int) -> float | int:
        value: float | int = 0
        low, high, above = (
            _number(view, "minimum"),
            _number(view, "maximum"),
            _number(view, "exclusiveMinimum"),
        )
        if low is not None:
            flag = any(v is True for v in view.constraints.get("exclusiveMinimum", ()))  # draft-04 form
            value = low + 1 if flag else low
        if above is not None:
            value = max(value, above + 1) if low is not None else above + 1
        elif low is None and high is not None and high < 0:
            value = high
        step = _number(view, "multipleOf")
        if step and step > 0:
            value = -(-value // step) * step
        return int(value) if float(value).is_integer() else value

    def _boolean(self, view: FoldedSchema, depth: int) -> bool:
        return True

    def _null(self, view: FoldedSchema, depth: int) -> None:
        return None


def _number(view: FoldedSchema, keyword: str) -> float | None:
    values = view.constraints.get(keyword, ())
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return numbers[0] if numbers else None
