"""How much Markdown rendering a text from the contracts tree may cost, counted before it is rendered.

Python-Markdown's inline parser costs about the square of the number of '[' in a paragraph (8,000 of
them take seconds, 50,000 never finish), its block parser recurses once per level of list or quote
nesting, and YAML front matter can hold an alias bomb: a few lines whose aliases expand into billions of
values. Each of these is measured as a count here, cheaply and in one pass over the text; a text over a
budget is not rendered as Markdown, and the caller reports it as a problem with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

MAX_MARKDOWN_BYTES = 1024 * 1024  # a contract document of more than a megabyte is a mistake
MAX_NOTES_CHARS = 20_000  # notes of one version: a few paragraphs
MAX_BRACKET_WORK = 1_000_000  # sum over paragraphs of (number of '[')²: ~0.3 s of rendering at most
MAX_NESTING_COLUMNS = 200  # list and quote nesting: 50 levels of four-space indentation
MAX_FRONT_MATTER_EVENTS = 10_000  # YAML nodes in one front matter block

NESTING_PREFIX = re.compile(r"(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class OverBudget:
    line: int
    reason: str


def markdown_over_budget(text: str, front_matter: bool = True) -> OverBudget | None:
    """Why rendering a Markdown text would cost too much, with the line where it does;
    None when it would not."""
    if front_matter:
        refused = _front_matter_over_budget(text)
        if refused:
            return refused
    return _nesting_over_budget(text) or _brackets_over_budget(text)


def _nesting_over_budget(text: str) -> OverBudget | None:
    for number, line in enumerate(text.splitlines(), start=1):
        columns = len(NESTING_PREFIX.match(line).group(0).expandtabs(4))
        if columns > MAX_NESTING_COLUMNS:
            return OverBudget(
                number,
                f"nests lists or quotes {columns} columns deep (at most "
                f"{MAX_NESTING_COLUMNS}); it is not rendered",
            )
    return None


def _brackets_over_budget(text: str) -> OverBudget | None:
    work, count, line = 0, 0, 1
    for number, row in enumerate(text.splitlines(), start=1):
        if not row.strip():  # a blank line ends the paragraph the inline parser works on
            work, count = work + count * count, 0
            continue
        if count == 0:
            line = number
        count += row.count("[")
        if work + count * count > MAX_BRACKET_WORK:
            return OverBudget(
                line,
                f"has {count:,} '[' in one paragraph: rendering it would "
                f"cost more than the budget of {MAX_BRACKET_WORK:,} steps; it is not rendered",
            )
    return None


def _front_matter_over_budget(text: str) -> OverBudget | None:
    """YAML front matter with an alias or anchor, or too many nodes, is refused before anything parses it."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    events = 0
    try:
        for event in yaml.parse(match.group(1), Loader=yaml.SafeLoader):
            events += 1
            line = event.start_mark.line + 2  # the block starts on line 2, after '---'
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return OverBudget(
                    line,
                    "front matter uses a YAML anchor or alias, which could expand without "
                    "bound; it is not read",
                )
            if events > MAX_FRONT_MATTER_EVENTS:
                return OverBudget(
                    line, f"front matter has more than {MAX_FRONT_MATTER_EVENTS:,} YAML nodes; it is not read"
                )
    except yaml.YAMLError:  # MkDocs then reads the page without front matter, as it always has
        return None
    return None
