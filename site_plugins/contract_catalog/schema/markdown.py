"""A payload schema as Markdown for a pull-request summary, written by jsonschema2md (the design's renderer).

jsonschema2md has four defects a reviewer would see; they are fixed around it, not by forking it:
- nested properties are indented by 2 spaces, which Python-Markdown (and so the site) reads as one flat
  list: the parser indents by 4, which GitHub reads the same way;
- deprecated properties are hidden by default: they are shown, marked "deprecated";
- a required property without `type` gets no "required" marker: it is added after rendering, found by the
  anchor jsonschema2md writes before each property;
- a `$ref` beside other keywords becomes a link to an anchor that GitHub strips: local and relative
  references are inlined before rendering (their siblings win), and one that cannot be resolved is named
  in the description instead.
Text from the schema is data: `<` and `>` are escaped so a description cannot add HTML to the comment.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import jsonschema2md
import referencing.exceptions
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

if TYPE_CHECKING:
    from .resolving import Resolver

MAX_REF_DEPTH = 8  # deeper (recursive) references are named, not expanded
TEXT_KEYWORDS = ("title", "description")
DATA_KEYWORDS = ("examples", "default", "enum", "const")  # values, not schemas: kept as they are
ANCHOR = re.compile(r'<a id="([^"]*)"></a>')
HEADING_AFTER_TEXT = re.compile(r"^(.*\S.*)\n(#+ )", flags=re.MULTILINE)
PROPERTY_LINE = re.compile(r'^(\s*- <a id="([^"]*)"></a>\*\*`[^`]*`\*\*)(?! \*\()')


class _Parser(jsonschema2md.Parser):
    tab_size = 4  # 2 makes Python-Markdown flatten nested lists

    def _construct_examples(self, obj: dict[str, Any], indent_level: int = 0, add_header: bool = True):
        lines = super()._construct_examples(obj, indent_level=indent_level, add_header=add_header)
        if indent_level == 0 and not add_header:  # the payload's own examples: not inside a list item, so
            indent = " " * self.tab_size  # indenting them would make an indented code block of the fence
            lines = ["\n".join(row.removeprefix(indent) for row in line.split("\n")) for line in lines]
        return lines


def schema_markdown(schema: Any, resolver: Resolver | None = None, header_level: int = 3) -> str:
    """Readable Markdown of a schema; `resolver` resolves its `$ref`s (one is made for a lone document)."""
    if not isinstance(schema, dict):
        return "*The schema accepts anything.*\n" if schema is True else "*The schema accepts nothing.*\n"
    if resolver is None:
        resource = Resource.from_contents(schema, default_specification=DRAFT202012)
        resolver = Registry().with_resource("urn:schema", resource).resolver("urn:schema")
    required: set[str] = set()
    prepared = _prepare(schema, resolver, 0, (), required)
    text = "".join(_Parser(show_deprecated=True, header_level=header_level).parse_schema(prepared))
    lines = [_mark_required(line, required) for line in text.splitlines()]
    text = ANCHOR.sub("", "\n".join(lines))
    # A heading right after a list item would be read as part of it.
    return HEADING_AFTER_TEXT.sub("\\1\n\n\\2", text).strip() + "\n"


def _prepare(node: Any, resolver: Resolver, depth: int, path: tuple[str, ...], required: set[str]) -> Any:
    """A copy with references inlined, definitions dropped (inlined where used), text escaped."""
    if isinstance(node, list):
        return [_prepare(item, resolver, depth, path, required) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    reference = node.pop("$ref", None)
    if isinstance(reference, str):
        target, target_resolver = _resolve(reference, resolver, depth)
        if isinstance(target, dict):
            node = {**{k: v for k, v in target.items() if k not in TEXT_KEYWORDS or k not in node}, **node}
            resolver, depth = target_resolver, depth + 1
        else:
            note = f"(same as `{reference}`)"
            node["description"] = f"{node['description']} {note}" if node.get("description") else note
    for name in node.get("required", []) if isinstance(node.get("required"), list) else []:
        if isinstance(node.get("properties"), dict) and name in node["properties"]:
            required.add("/".join((*path, "properties", str(name))))
    prepared: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("$defs", "definitions"):
            continue
        if key in TEXT_KEYWORDS and isinstance(value, str):
            prepared[key] = value.replace("<", "&lt;").replace(">", "&gt;")
        elif key in DATA_KEYWORDS:
            prepared[key] = value
        elif key in ("properties", "patternProperties") and isinstance(value, dict):
            prepared[key] = {
                name: _prepare(sub, resolver, depth, (*path, key, name), required)
                for name, sub in value.items()
            }
        else:
            prepared[key] = _prepare(value, resolver, depth, (*path, key), required)
    return prepared


def _resolve(reference: str, resolver: Resolver, depth: int) -> tuple[Any, Resolver]:
    if depth >= MAX_REF_DEPTH:
        return None, resolver
    try:
        resolved = resolver.lookup(reference)
    except (referencing.exceptions.Unresolvable, referencing.exceptions.NoSuchResource, ValueError):
        return None, resolver
    return resolved.contents, resolved.resolver


def _mark_required(line: str, required: set[str]) -> str:
    """jsonschema2md marks "required" only beside a type; a typeless required property gets it here."""
    match = PROPERTY_LINE.match(line)
    if match and unquote(match.group(2)) in required:
        return f"{match.group(1)} *(required)*{line[match.end() :]}"
    return line
