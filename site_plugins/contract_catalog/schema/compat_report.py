"""What a comparison of two payload schemas says: each field change, the modes it breaks, the verdicts.

The comparison itself is `compat.py`; this is its vocabulary, read by the history and the change views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Mode(str, Enum):
    BACKWARD = "BACKWARD"
    FORWARD = "FORWARD"


class FieldChangeKind(str, Enum):
    FIELD_ADDED = "field-added"
    FIELD_REMOVED = "field-removed"
    TYPE_WIDENED = "type-widened"
    TYPE_NARROWED = "type-narrowed"
    TYPE_CHANGED = "type-changed"
    REQUIRED_ADDED = "required-added"
    REQUIRED_REMOVED = "required-removed"
    ENUM_EXTENDED = "enum-extended"
    ENUM_NARROWED = "enum-narrowed"
    ENUM_CHANGED = "enum-changed"
    CONST_CHANGED = "const-changed"
    CONSTRAINT_TIGHTENED = "constraint-tightened"
    CONSTRAINT_RELAXED = "constraint-relaxed"
    CONSTRAINT_CHANGED = "constraint-changed"
    ADDITIONAL_PROPERTIES_OPENED = "additional-properties-opened"
    ADDITIONAL_PROPERTIES_CLOSED = "additional-properties-closed"
    BRANCH_ADDED = "branch-added"
    BRANCH_REMOVED = "branch-removed"
    COMBINATOR_CHANGED = "combinator-changed"
    DESCRIPTION_CHANGED = "description-changed"


NONE: frozenset[Mode] = frozenset()
BACKWARD_ONLY = frozenset({Mode.BACKWARD})
FORWARD_ONLY = frozenset({Mode.FORWARD})
BOTH = frozenset({Mode.BACKWARD, Mode.FORWARD})


def display_path(path: str) -> str:
    return path or "(payload)"


@dataclass(frozen=True)
class Change:
    """One difference between the two schemas, at a field path, and the modes it breaks."""

    path: str  # "submission_summary.first_name", "items[].sku"; "" is the payload itself
    kind: FieldChangeKind
    detail: str
    breaks: frozenset[Mode]  # BACKWARD and/or FORWARD; FULL breaks whenever this is not empty
    reason: str

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "kind": self.kind.value,
            "detail": self.detail,
            "breaks": sorted(mode.value for mode in self.breaks),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Verdict:
    mode: str  # "BACKWARD", "FORWARD" or "FULL"
    compatible: bool
    reasons: tuple[str, ...]  # one "path: what; why" line per breaking change

    def as_dict(self) -> dict:
        return {"mode": self.mode, "compatible": self.compatible, "reasons": list(self.reasons)}


@dataclass
class CompatReport:
    changes: list[Change]
    unresolved: list[str] = field(default_factory=list)  # references that could not be followed

    def _verdict(self, mode: str, modes: set[Mode]) -> Verdict:
        reasons = tuple(
            f"{display_path(change.path)}: {change.detail}; {change.reason}"
            for change in self.changes
            if change.breaks & modes
        )
        return Verdict(mode, not reasons, reasons)

    @property
    def backward(self) -> Verdict:
        return self._verdict("BACKWARD", {Mode.BACKWARD})

    @property
    def forward(self) -> Verdict:
        return self._verdict("FORWARD", {Mode.FORWARD})

    @property
    def full(self) -> Verdict:
        return self._verdict("FULL", {Mode.BACKWARD, Mode.FORWARD})

    @property
    def verdicts(self) -> tuple[Verdict, Verdict, Verdict]:
        return self.backward, self.forward, self.full

    def summary(self) -> str:
        """One line: "3 changes; BACKWARD compatible, FORWARD breaks (1), FULL breaks (1)"."""
        if not self.changes:
            return "no changes"
        count = len(self.changes)
        parts = [
            f"{v.mode} compatible" if v.compatible else f"{v.mode} breaks ({len(v.reasons)})"
            for v in self.verdicts
        ]
        return f"{count} change{'s' if count != 1 else ''}; " + ", ".join(parts)

    def as_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "verdicts": {v.mode: v.as_dict() for v in self.verdicts},
            "changes": [change.as_dict() for change in self.changes],
            "unresolved": list(self.unresolved),
        }
