"""Problems written out for people and machines: text lines, JSON, or GitHub workflow annotations.

Text is `path#/json/pointer: message` or `path:line: message`, one problem a line. Annotations need a line
to sit on the pull request's diff, so a JSON pointer is turned into the line its key (or array item)
starts on, read from the file itself.
"""

from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]  # there at run time; typeshed leaves it out
from pathlib import Path

from ..core.problems import Problem, Severity

FORMATS = ("text", "json", "github")
WHITESPACE = " \t\n\r"


def render(problems: list[Problem], fmt: str, base: Path) -> str:
    """The problems in one of FORMATS; `base` is the folder the problems' paths are relative to."""
    if fmt == "json":
        return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        lines = LineFinder(base)
        return "".join(annotation(p, lines.line(p)) + "\n" for p in problems)
    return "".join(
        f"{p.location}: note: {p.message}\n" if p.severity is Severity.NOTE else f"{p}\n" for p in problems
    )


def annotation(problem: Problem, line: int | None) -> str:
    """`::error file=...,line=...,title=...::message`, escaped the way the workflow runner reads it."""
    level = {Severity.ERROR: "error", Severity.NOTE: "notice"}.get(problem.severity, "warning")
    properties = [f"file={_escape_property(problem.file)}"]
    if line is not None:
        properties.append(f"line={line}")
    properties.append(f"title={_escape_property(problem.code)}")
    where = f"#{problem.pointer}: " if problem.pointer is not None else ""
    return f"::{level} {','.join(properties)}::{_escape_data(where + problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class LineFinder:
    """Lines of problems: their own, or the line a JSON pointer lands on in their file."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.texts: dict[str, str | None] = {}

    def line(self, problem: Problem) -> int | None:
        if problem.line is not None:
            return problem.line
        if problem.pointer is None:
            return None
        if problem.file not in self.texts:
            try:
                self.texts[problem.file] = (self.base / problem.file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.texts[problem.file] = None
        text = self.texts[problem.file]
        return pointer_line(text, problem.pointer) if text is not None else None


def pointer_line(text: str, pointer: str) -> int | None:
    """The 1-based line where the value at a JSON pointer is named (its key, or its item in an array).

    A pointer that goes further than the document does ends on the deepest value it reaches; text that
    is not JSON gives None.
    """
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []
    decoder = json.JSONDecoder()
    try:
        position = _skip(text, 0)
        mark = position
        for token in tokens:
            found = _member(text, position, token, decoder)
            if found is None:
                break
            mark, position = found
        return text.count("\n", 0, mark) + 1
    except (ValueError, IndexError):
        return None


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in WHITESPACE:
        position += 1
    return position


def _member(text: str, start: int, token: str, decoder: json.JSONDecoder) -> tuple[int, int] | None:
    """(where the member is named, where its value starts) of an object key or array index, else None."""
    opening = text[start]
    if opening not in "{[":
        return None
    found = None
    index = 0
    position = _skip(text, start + 1)
    while text[position] not in "}]":
        mark = position
        if opening == "{":
            key, position = scanstring(text, position + 1)
            position = _skip(text, position)
            position = _skip(text, position + 1)  # past the colon
            if key == token:
                found = (mark, position)  # the last one: a repeated key keeps its last value
        elif token == str(index):
            return mark, position
        _, position = decoder.raw_decode(text, position)
        position = _skip(text, position)
        if text[position] == ",":
            position = _skip(text, position + 1)
        index += 1
    return found
