"""Problems found in a contracts tree: values with a location, never exceptions.

The model and the views collect problems; the MkDocs plugin turns them into warnings (so `--strict` fails),
the CLI prints them, the tests assert on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

# Characters that would break a problem's line in `contracts check` output or a log (str.splitlines splits
# on all of them): shown as escapes, so each problem stays one line whatever names the files use.
LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # reported, never a failure (see CatalogView.info_findings)


def escape_pointer_token(token: str | int) -> str:
    """One reference token of a JSON pointer (RFC 6901): `~` and `/` are escaped."""
    return str(token).replace("~", "~0").replace("/", "~1")


def json_pointer(*tokens: str | int) -> str:
    return "".join("/" + escape_pointer_token(token) for token in tokens)


@dataclass(frozen=True)
class Problem:
    """Something wrong in one file, at a JSON pointer or a line."""

    file: str  # path relative to the repository root, e.g. "contracts/event-types-registry.json"
    message: str
    pointer: str | None = None  # "/order.placed/schema_versions/0/status"
    line: int | None = None
    severity: Severity = Severity.ERROR
    code: str = "invalid"  # a short stable name of the check, for tests and machine output

    @property
    def location(self) -> str:
        if self.pointer is not None:
            return f"{self.file}#{self.pointer}"
        if self.line is not None:
            return f"{self.file}:{self.line}"
        return self.file

    def __str__(self) -> str:
        return one_line(f"{self.location}: {self.message}")

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


def one_line(text: str) -> str:
    """Text with every control or line-breaking character written as its escape (`\\n`, `\\x1d`)."""
    return LINE_BREAKING.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
