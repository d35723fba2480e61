"""Markdown structure: which parts of a text are prose, and where its code, links, raw HTML and URLs lie.

Python-Markdown's block rules are followed closely enough (front matter, fences, indented code, HTML blocks,
headings, link reference definitions) to tell each line's role, and inline code spans, existing links,
raw HTML, autolinks and bare URLs are found inside each run of prose. Cross-references use these "no-link
zones" to keep their links out of places where Markdown would not render them, and the heading index uses
the line roles to place each heading on its source line. Offsets always point into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
QUOTE_PREFIX = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")
HEADING_LINE = re.compile(r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?#")
SETEXT_UNDERLINE = re.compile(r"^[ ]{0,3}[=-]+[ ]*$")
LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]+")
REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]]+)\]:[ \t]*\S")
HTML_BLOCK = re.compile(r"^(?:<!--|<(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?:[\s/>]|$))")
INLINE_HTML = re.compile(r"</?(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
BACKTICKS = re.compile(r"`+")
INLINE_START = re.compile(r"[\\`\[!<]|(?<!\w)[A-Za-z][A-Za-z0-9+.-]{0,30}://")
AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]+|[^<>\s@]+@[^<>\s]+)>")
BARE_URL = re.compile(r"(?<!\w)[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s<>]+")


@dataclass
class Line:
    """One line of a text: where it lies, its number, and its role in the Markdown structure."""

    start: int
    end: int  # without the newline
    number: int
    kind: str  # prose | heading | code | html | definition | meta | blank


@dataclass
class Zone:
    """A part of a prose run that is not plain text: a code span, an existing link, raw HTML or an URL."""

    start: int
    end: int
    kind: str  # code | link | html | url
    text_start: int = 0  # links: where the link text lies, and where the link leads
    text_end: int = 0
    destination: str = ""


def strip_front_matter(text: str) -> str:
    """A YAML front matter block blanked out (its lines kept, so line numbers still count from the file)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return text
    return re.sub(r"[^\n]", " ", match.group(0)) + text[match.end() :]


def classify_lines(text: str) -> list[Line]:
    """Each line's role, following Python-Markdown's block rules closely enough to keep links out of code."""
    lines: list[Line] = []
    front = FRONT_MATTER.match(text)
    front_end = front.end() if front else 0
    fence: tuple[str, int] | None = None
    html_until: str | None = None  # a closing marker to wait for; "" waits for the next blank line
    after_blank, in_list, in_code = True, False, False
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = Line(offset, offset + len(raw), number, "prose")
        offset += len(raw) + 1
        lines.append(line)
        body = QUOTE_PREFIX.sub("", raw)
        blank = not body.strip()
        indent = len(body.expandtabs(4)) - len(body.expandtabs(4).lstrip(" "))
        code_indent = 8 if in_list else 4
        if line.start < front_end:
            line.kind = "meta"
        elif fence:
            line.kind = "code"
            closing = FENCE.match(body)
            if (
                closing
                and closing.group("fence")[0] == fence[0]
                and len(closing.group("fence")) >= fence[1]
                and not body[closing.end() :].strip()
            ):
                fence = None
        elif html_until is not None:
            line.kind = "blank" if blank else "html"
            if blank and html_until == "":
                html_until = None
            elif html_until and html_until in raw:
                html_until = ""
        elif blank:
            line.kind = "blank"
        elif indent >= code_indent and (in_code or after_blank):
            line.kind, in_code = "code", True
        elif (opening := FENCE.match(body)) is not None:
            line.kind = "code"
            fence = (opening.group("fence")[0], len(opening.group("fence")))
        elif after_blank and (tag := HTML_BLOCK.match(raw)) is not None:
            line.kind = "html"
            closing_tag = "-->" if tag.group("tag") is None else f"</{tag.group('tag')}"
            html_until = "" if closing_tag in raw[tag.end() :] else closing_tag
        elif HEADING_LINE.match(body):
            line.kind = "heading"
        elif REFERENCE_DEFINITION.match(raw):
            line.kind = "definition"
        elif SETEXT_UNDERLINE.match(raw) and not after_blank and lines[-2].kind == "prose":
            lines[-2].kind = line.kind = "heading"
        if line.kind != "code" and not blank:
            in_code = False
        if line.kind not in ("code", "meta", "blank"):
            if LIST_ITEM.match(body):
                in_list = True
            elif indent == 0 and after_blank:
                in_list = False
        after_blank = line.kind == "blank" or line.kind == "meta"
    return lines


def text_runs(lines: list[Line]) -> list[tuple[int, int, str]]:
    """Consecutive prose lines as one run (code spans and links may cross lines); each heading on its own."""
    runs: list[tuple[int, int, str]] = []
    current: list[Line] = []
    for line in [*lines, Line(0, 0, 0, "end")]:
        if line.kind == "prose":
            current.append(line)
            continue
        if current:
            runs.append((current[0].start, current[-1].end, "prose"))
            current = []
        if line.kind == "heading":
            runs.append((line.start, line.end, "heading"))
    return runs


def reference_labels(text: str, lines: list[Line]) -> set[str]:
    """The labels of the link reference definitions of a text, normalised as Python-Markdown does."""
    labels = set()
    for line in lines:
        if line.kind == "definition":
            label = REFERENCE_DEFINITION.match(text[line.start : line.end]).group("label")
            labels.add(" ".join(label.lower().split()))
    return labels


def _backticks(text: str, start: int) -> int:
    """The length of the run of backticks at start."""
    return BACKTICKS.match(text, start).end() - start


def _code_span_end(text: str, start: int, end: int) -> int | None:
    """For the run of backticks at start: the end of the run that closes it, or None when none does."""
    run = _backticks(text, start)
    closing = re.compile(rf"(?<!`)`{{{run}}}(?!`)").search(text, start + run, end)
    return closing.end() if closing and closing.start() > start + run else None


def _pairs(text: str, start: int, end: int) -> dict[int, int]:
    """Each `[` and `(` of a run mapped to the bracket that closes it, escapes and code spans skipped.

    One pass with a stack per kind of bracket, so that a run full of unclosed brackets stays linear.
    """
    pairs: dict[int, int] = {}
    stacks: dict[str, list[int]] = {"]": [], ")": []}
    position = start
    while position < end:
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "`":
            position = _code_span_end(text, position, end) or position + _backticks(text, position)
            continue
        if char in "[(":
            stacks["]" if char == "[" else ")"].append(position)
        elif char in "])" and stacks[char]:
            pairs[stacks[char].pop()] = position
        position += 1
    return pairs


def _link(text: str, start: int, end: int, labels: set[str], pairs: dict[int, int]) -> Zone | None:
    """The existing link or image starting at start, or None when the brackets there are plain text."""
    open_at = start + 1 if text[start] == "!" else start
    close = pairs.get(open_at)
    if close is None:
        return None
    after = close + 1
    if text.startswith("(", after):
        finish = pairs.get(after)
        if finish is None:
            return None
        inside = text[after + 1 : finish].strip()
        destination = inside[1 : inside.find(">")] if inside.startswith("<") else (inside.split() or [""])[0]
        return Zone(start, finish + 1, "link", open_at + 1, close, destination)
    if text.startswith("[", after) and after in pairs:
        return Zone(start, pairs[after] + 1, "link", open_at + 1, close)
    if " ".join(text[open_at + 1 : close].lower().split()) in labels:
        return Zone(start, after, "link", open_at + 1, close)
    return None


def inline_zones(text: str, start: int, end: int, labels: set[str]) -> list[Zone]:
    """The parts of a prose run that are not plain text: code spans, links, raw HTML, autolinks and URLs."""
    zones: list[Zone] = []
    pairs = _pairs(text, start, end)
    position = start
    while (special := INLINE_START.search(text, position, end)) is not None:
        position = special.start()
        char = text[position]
        zone = None
        if char == "\\":
            position += 2
            continue
        if char == "`":
            span_end = _code_span_end(text, position, end)
            if span_end is None:
                position += _backticks(text, position)
                continue
            zone = Zone(position, span_end, "code")
        elif char == "[" or text.startswith("![", position):
            zone = _link(text, position, end, labels, pairs)
        elif char == "<":
            zone = _html(text, position, end)
        elif (url := BARE_URL.match(text, position, end)) is not None:
            zone = Zone(position, url.end(), "url")
        if zone is None:
            position += 1
        else:
            zones.append(zone)
            position = zone.end
    return zones


def _html(text: str, start: int, end: int) -> Zone | None:
    """An autolink, a comment, or an inline HTML element with its content up to its closing tag."""
    if text.startswith("<!--", start):
        closing = text.find("-->", start + 4, end)
        return Zone(start, closing + 3, "html") if closing >= 0 else None
    match = AUTOLINK.match(text, start, end) or INLINE_HTML.match(text, start, end)
    if match is None:
        return None
    zone_end = match.end()
    tag = match.groupdict().get("tag")
    if tag and not match.group(0).startswith("</") and not match.group(0).endswith("/>"):
        close = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(text, zone_end, end)
        zone_end = close.end() if close else zone_end
    return Zone(start, zone_end, "html")


def masked_text(text: str, lines: list[Line], kinds: set[str], zones: Iterable[tuple[int, int]]) -> str:
    """The text with only the lines of the given kinds kept and the zones blanked; offsets are kept.

    A blanked line takes its newline with it, so no pattern can reach from one paragraph into the next.
    """
    chars = list(text)
    for line in lines:
        if line.kind not in kinds:
            chars[line.start : line.end + 1] = "\0" * len(chars[line.start : line.end + 1])
    for start, end in zones:
        chars[start:end] = "\0" * (end - start)
    return "".join(chars)


def code_content(text: str, zone: Zone) -> str:
    """The text of a code span without its backticks and the spaces inside them."""
    run = len(text[zone.start : zone.end]) - len(text[zone.start : zone.end].lstrip("`"))
    return text[zone.start + run : zone.end - run].strip()
