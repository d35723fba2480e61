"""Finding the event types a text names, in time that does not grow with the number of event types.

A regular expression alternating every event name (`a\\.b|c\\.d|...`) is tried name by name at every
position of the text, so scanning all notes and documents of a catalog grows with texts x names: at
2,000 event types it took 45 ms per contract README. A name is always a whole dotted token (the
look-behind and look-ahead forbid a word character, a dot or a hyphen around it), so finding every dotted
token once and keeping those that are names finds exactly the same matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# The boundaries are those of the alternation this replaces: nothing of a token before, and after it
# neither a word character, a hyphen, nor a dot that continues the token.
DOTTED_TOKEN = re.compile(r"(?<![\w./@-])[\w-]+(?:\.[\w-]+)+(?![\w-]|\.[\w-])")


class NameFinder:
    """A drop-in for a compiled alternation of names: `finditer(text)` yields the matches that are names."""

    def __init__(self, names: Iterable[str]):
        self.names = frozenset(names)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        matches = (
            DOTTED_TOKEN.finditer(text, pos) if endpos is None else DOTTED_TOKEN.finditer(text, pos, endpos)
        )
        return (match for match in matches if match.group(0) in self.names)


def trie_alternatives(names: Iterable[str], gap: str) -> str:
    """A regex matching the same names as `a|b|...` ordered longest first, written as a prefix tree.

    An alternation of every contract name is tried name by name at each position; the tree tries one
    branch per distinct next character. At each point a longer name is tried before a shorter one ends,
    as in the longest-first alternation, and a space in a name matches `gap` (a run of white space).
    Names with non-ASCII characters (where case-insensitive matching could let two branches match the
    same character) are written as the plain longest-first alternation.
    """
    unique = sorted(set(names), key=len, reverse=True)
    if not unique:
        return r"(?!x)x"
    if not all(name.isascii() for name in unique):
        return "|".join(re.escape(name).replace(r"\ ", gap) for name in unique)
    root: dict = {}
    for name in unique:
        node = root
        for char in name:
            node = node.setdefault(gap if char == " " else re.escape(char), {})
        node[""] = {}  # the end of a name
    return _branches(root)


def _branches(node: dict) -> str:
    parts = [unit + _branches(child) for unit, child in node.items() if unit != ""]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" in node:  # a name may end here: try the longer names first, then end
        return f"(?:{body})?"
    return body
