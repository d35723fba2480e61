"""A RegistryDiff for people (Markdown, for a pull-request comment or a job summary) and for tools (JSON).

Breaking changes come first, then the registry changes grouped as a reviewer reads them, then every schema
change with its verdicts. Values from the registry are untrusted text: identifiers go into code spans
without backticks, prose through `escape_markdown_inline`, and nothing can break out of a table cell.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..prose.text import escape_markdown_inline
from ..schema.compat_report import display_path
from .changes import Breaking, ChangeKind, RegistryChange, RegistryDiff, SchemaChange

VERSION_KINDS = (
    ChangeKind.VERSION_ADDED,
    ChangeKind.VERSION_REMOVED,
    ChangeKind.STATUS,
    ChangeKind.DATE,
    ChangeKind.PAYLOAD_SCHEMA,
    ChangeKind.OTHER,
)
PARTY_KINDS = (ChangeKind.PRODUCER, ChangeKind.CONSUMERS, ChangeKind.OWNING_CONTRACT)


def _code(text: object) -> str:
    clean = " ".join(str(text).replace("`", "'").split()).replace("|", "\\|")
    return f"`{clean}`" if clean else ""


def _text(text: object) -> str:
    return escape_markdown_inline(" ".join(str(text).split()))


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _version(change: RegistryChange) -> str:
    return f"v{change.version}" if change.version is not None else ""


def _verdicts(schema: SchemaChange) -> str:
    return " · ".join(
        f"{v.mode} {'compatible' if v.compatible else 'breaks'}" for v in schema.report.verdicts
    )


def markdown_report(
    diff: RegistryDiff,
    breaking: list[Breaking],
    *,
    base: str,
    head: str,
    today: date,
    payloads: Sequence[PayloadText] = (),
) -> str:
    lines = [f"## Contract changes: {_code(base)} → {_code(head)}", "", _text(diff.summary()) + ".", ""]
    lines += ["### Breaking changes", ""]
    if breaking:
        lines += [f"- {_code(b.event)} v{b.version}: {_text(b.reason)}" for b in breaking] + [""]
    else:
        none = (
            "None: no active version changed incompatibly, and no version was removed while consumers "
            f"may still read it (checked on {today.isoformat()})."
        )
        lines += [none, ""]
    events = diff.of_kind(ChangeKind.EVENT_ADDED, ChangeKind.EVENT_REMOVED)
    if events:
        rows: list[tuple[str, ...]] = []
        for c in events:
            entry = c.new if c.kind is ChangeKind.EVENT_ADDED else c.old
            consumers = entry.get("consumers") if isinstance(entry.get("consumers"), list) else []
            rows.append(
                (
                    _code(c.event),
                    _text(c.describe()),
                    _code(entry.get("producer", "")),
                    ", ".join(_code(x) for x in consumers),
                )
            )
        lines += ["### Event types", "", *_table(("Event type", "Change", "Producer", "Consumers"), rows)]
    versions = diff.of_kind(*VERSION_KINDS)
    if versions:
        rows = [(_code(c.event), _version(c), _text(c.describe())) for c in versions]
        lines += ["### Versions", "", *_table(("Event type", "Version", "Change"), rows)]
    parties = diff.of_kind(*PARTY_KINDS)
    if parties:
        rows = [(_code(c.event), _text(c.describe())) for c in parties]
        table = _table(("Event type", "Change"), rows)
        lines += ["### Producers, consumers and owning contracts", "", *table]
    notes = diff.of_kind(ChangeKind.NOTES)
    if notes:
        rows = [(_code(c.event), _version(c), _text(c.describe())) for c in notes]
        lines += ["### Notes", "", *_table(("Event type", "Version", "Change"), rows)]
    if diff.schemas:
        lines += ["### Schema changes", ""]
        ordered = sorted(diff.schemas, key=lambda s: s.report.backward.compatible)  # breaking first, stable
        for schema in ordered:
            lines += _schema_section(schema)
    metadata = diff.of_kind(ChangeKind.METADATA)
    if metadata:
        rows = [(_code(c.field), _text(c.describe())) for c in metadata]
        lines += ["### Registry metadata", "", *_table(("Key", "Change"), rows)]
    if payloads:
        lines += [
            "### Payload schemas",
            "",
            "Each added or changed payload version, as its schema reads now.",
            "",
        ]
        for payload in payloads:
            summary = f"<code>{_text(payload.event)}</code> v{payload.version} ({payload.why})"
            lines += [f"<details><summary>{summary}</summary>", "", payload.markdown, "</details>", ""]
    if diff.problems:
        lines += ["### Problems", ""]
        lines += [f"- {_code(p.location)}: {_text(p.message)}" for p in diff.problems] + [""]
    return "\n".join(lines)


@dataclass(frozen=True)
class PayloadText:
    """A payload version's schema as Markdown (see schema_markdown), for the PR summary."""

    event: str
    version: int
    why: str  # "added" or "changed"
    markdown: str


def _schema_section(schema: SchemaChange) -> list[str]:
    status = f" ({_text(schema.status)})" if schema.status else ""
    title = f"#### {_code(schema.event)} v{schema.version}{status}"
    lines = [title, "", _verdicts(schema), ""]
    if schema.old_path != schema.new_path:
        lines += [f"Payload schema moved from {_code(schema.old_path)} to {_code(schema.new_path)}.", ""]
    rows = [
        (
            _code(display_path(c.path)),
            _text(f"{c.kind.value}: {c.detail}"),
            ", ".join(sorted(m.value for m in c.breaks)) or "nothing",
            _text(c.reason),
        )
        for c in sorted(schema.report.changes, key=lambda c: not c.breaks)
    ]
    lines += _table(("Field", "Change", "Breaks", "Why"), rows)
    if schema.report.unresolved:
        refs = ", ".join(_code(ref) for ref in schema.report.unresolved)
        lines += [f"References that could not be followed (compared as written): {refs}.", ""]
    return lines


def json_report(diff: RegistryDiff, breaking: list[Breaking], *, base: str, head: str, today: date) -> str:
    document = {
        "base": base,
        "head": head,
        "date": today.isoformat(),
        "breaking": [b.as_dict() for b in breaking],
        **diff.as_dict(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
