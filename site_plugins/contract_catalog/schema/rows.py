"""The rows of a payload field table: what the schema walker produces and the field table shows.

Plain data, so the walker (`fields.py`), the shared definitions (`shared.py`) and the field table can
name it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Constraint:
    """One constraint on a field: a keyword and its values, each as JSON text."""

    name: str
    values: tuple[str, ...]
    raw: bool = False  # an unknown keyword, shown as written


@dataclass
class FieldRow:
    path: str  # "submission_summary.first_name", "items[].sku"
    anchor: str  # "v2-submission_summary.first_name": from version and path only
    type_label: str  # "string | null", "array of object", "one of: Confirm, Deny"
    required: bool
    required_if: list[str] = field(default_factory=list)  # names whose presence makes this required
    title: str | None = None
    description: str | None = None  # Markdown source
    constraints: list[Constraint] = field(default_factory=list)
    deprecated: bool = False
    closed: bool = False  # an object that accepts no other keys
    ref_source: str | None = None  # "contracts/event-envelope/schema/defs/common-v1.json#/$defs/money"
    recursive: bool = False  # a reference back into one of its own ancestors: shown once, not expanded
    recursive_target: str | None = None  # anchor of the row that shows the shape, None for the whole payload
    branch: str | None = None  # 'Deny', 'decision = "deny"', 'if country = "CA"'
    remote_ref: str | None = None  # a reference that was not fetched
    kind: str = "property"  # "property", "item", "pattern", "additional"
    shared: str | None = None  # anchor of the shared definition that shows this value's fields
    # (full path anchor, definition row anchor)
    shared_ids: list[tuple[str, str]] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.path.count(".") + self.path.count("[")

    @property
    def remote_link(self) -> bool:
        """Whether the remote reference may be shown as a link (only web addresses are)."""
        return bool(self.remote_ref) and urlsplit(self.remote_ref).scheme in {"http", "https"}
