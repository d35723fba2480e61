"""Headings of contract documents: their titles, section numbers, anchors and source lines.

Anchors come from Python-Markdown's own table-of-contents extension run over the document source: the ids
are produced by the same code MkDocs runs (duplicates, inline markup, `{#id}` attributes included), without
re-implementing its slug rules, and they are known before any page is rendered, so links between documents
and `contracts check` can use them.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

import markdown

from .zones import Line, classify_lines, strip_front_matter

HEADING_NUMBER = re.compile(r"^§?\s*(\d+(?:\.\d+)*)\.?(?:\s|$)")
DEFAULT_EXTENSIONS = ("toc", "attr_list", "tables", "fenced_code")
# A prose line: its indentation and list marker, then words (a quote marker is not matched: those stay whole).
_PROSE_WORDS = re.compile(r"(?P<prefix>[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?)(?=[^>\s])(?=.*\w).*")


@dataclass(frozen=True)
class Heading:
    """A heading of a document: its text as the table of contents shows it, and its anchor."""

    title: str
    anchor: str | None
    number: str | None  # "4.1" when the heading text starts with a section number
    line: int | None = None  # 1-based line in the source, when it could be placed


class HeadingIndex:
    """The headings of each document, with the anchors the site's table of contents will give them."""

    def __init__(self, extensions: Iterable[str] = DEFAULT_EXTENSIONS, extension_configs: dict | None = None):
        self.markdown = markdown.Markdown(
            extensions=list(extensions), extension_configs=extension_configs or {}
        )
        self.cache: dict[str, list[Heading]] = {}

    def headings(self, key: str, text: str) -> list[Heading]:
        if key not in self.cache:
            self.cache[key] = self.compute(text)
        return self.cache[key]

    def compute(self, text: str) -> list[Heading]:
        """Headings in document order, each placed on the source line of the heading it comes from."""
        source = strip_front_matter(text)
        lines = classify_lines(source)
        self.markdown.reset()
        self.markdown.convert(_skeleton(source, lines))
        heading_lines = [
            (line.number, _plain(source[line.start : line.end])) for line in lines if line.kind == "heading"
        ]
        headings: list[Heading] = []
        cursor = 0
        for token in _flatten(getattr(self.markdown, "toc_tokens", [])):
            title = html.unescape(token["name"])
            key, line_number = _key(title), None
            for index in range(cursor, len(heading_lines)):
                if key and key in heading_lines[index][1]:
                    line_number, cursor = heading_lines[index][0], index + 1
                    break
            number = HEADING_NUMBER.match(title)
            headings.append(Heading(title, token["id"], number.group(1) if number else None, line_number))
        return headings


def _skeleton(source: str, lines: list[Line]) -> str:
    """The source with the words of plain prose lines cut:
    the same headings and ids for a fraction of the work.

    Paragraphs and tables are most of a document and most of the cost of converting it, and they give the
    table of contents nothing. Each such line keeps its indentation and list marker and one letter, so every
    block keeps its shape. A line is kept whole when it could matter: one with a `#` (a heading inside a list,
    an attribute list's id, which later headings' ids must not repeat), a quote marker, or no words at all
    (rules, table delimiters).
    """
    kept = []
    for line in lines:
        text = source[line.start : line.end]
        if line.kind == "prose" and "#" not in text and (match := _PROSE_WORDS.match(text)):
            text = match.group("prefix") + "x"
        kept.append(text)
    return "\n".join(kept)


def _flatten(tokens: list[dict]) -> list[dict]:
    return [item for token in tokens for item in [token, *_flatten(token.get("children", []))]]


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _plain(line: str) -> str:
    """A heading line reduced to letters and digits, without link destinations or an attribute list."""
    return _key(re.sub(r"\]\([^)]*\)|\{[:#.][^}]*\}\s*$", "", line))


def section(headings: list[Heading], number: str) -> Heading | None:
    """The first heading numbered `number` (4.1 for "### 4.1 order.placed", 16 for "## 16. Deprecation")."""
    return next((h for h in headings if h.number == number), None)


class Sections:
    """Which heading's section each line of a document stands in."""

    def __init__(self, headings: list[Heading]):
        self.placed = sorted((h for h in headings if h.line is not None), key=lambda h: h.line)
        self.lines = [h.line for h in self.placed]

    def at(self, line: int) -> Heading | None:
        index = bisect.bisect_right(self.lines, line)
        return self.placed[index - 1] if index else None
