"""Shared definitions: a `$ref`-ed object shown once per page, and the field paths that lead into it.

Real schema sets `$ref` the same large definitions (a user, a repository) from most fields of most events;
listing every one of their fields again under every path that uses them made pages of megabytes. The
walker therefore flattens such a definition once per document into rows of its own (paths relative to
the definition) and marks each row that uses it. Every full path under a use still has its anchor: the
using row lists them (`SharedUse.ids`), each linking to the row of the definition that shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rows import FieldRow

SHARED_MIN_ROWS = 6  # smaller definitions (money, a time window) read better repeated where they are used
INLINE_MAX_ROWS = 15  # a definition used once with fewer rows stays where it is used


@dataclass
class SharedDefinition:
    anchor: str  # "v2~user": a `~` never appears in a field path anchor before its counter
    name: str  # "user", from the reference's last pointer token
    source: str  # where it is defined, as readers see it
    target: str  # the reference target: versions of one page that use the same target show it once
    rows: list[FieldRow] = field(default_factory=list)  # paths relative to the definition
    uses: int = 0

    @property
    def field_count(self) -> int:
        return len(self.rows)


def join_path(prefix: str, rel: str) -> str:
    """`sender` + `login` -> `sender.login`; `tags` + `[]` -> `tags[]`."""
    if not prefix:
        return rel
    return prefix + rel if rel.startswith("[") else f"{prefix}.{rel}"


def expanded(
    definition: SharedDefinition, definitions: dict[str, SharedDefinition]
) -> Iterator[tuple[str, str]]:
    """Every path inside a definition, through the definitions it uses in turn, with the anchor showing it.

    Uses form no cycle: a definition only uses definitions finished before it (see `FieldWalker._share`).
    """
    for row in definition.rows:
        yield row.path, row.anchor
        if row.shared is not None:
            for rel, anchor in expanded(definitions[row.shared], definitions):
                yield join_path(row.path, rel), anchor
