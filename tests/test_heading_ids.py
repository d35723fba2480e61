"""Heading ids come from a cut-down copy of each document (prose/headings.py):
they must be the full conversion's."""

from __future__ import annotations

import html
from pathlib import Path

import markdown
import pytest
from contract_catalog.prose.headings import DEFAULT_EXTENSIONS, HeadingIndex

REPO = Path(__file__).resolve().parent.parent

TRICKY = """# Orders

Prose that the cut-down copy shortens. It mentions `code` and **bold** words.

A paragraph with an id of its own, which a later heading must not take.
{: #payload }

## Payload

- A list item whose continuation holds a heading:

    * # Nested heading

Setext title after prose
------------------------

> ## Quoted heading

| Table | #hash |
|---|---|
| cell | cell |

## Orders
"""


def _full_ids(text: str) -> list[tuple[str, str]]:
    converter = markdown.Markdown(extensions=list(DEFAULT_EXTENSIONS))
    converter.convert(text)

    def walk(tokens):
        for token in tokens:
            yield html.unescape(token["name"]), token["id"]
            yield from walk(token["children"])

    return list(walk(converter.toc_tokens))


def _ids(text: str) -> list[tuple[str, str]]:
    return [(h.title, h.anchor) for h in HeadingIndex().compute(text)]


def test_tricky_document_gets_the_ids_of_a_full_conversion():
    assert _ids(TRICKY) == _full_ids(TRICKY)
    assert ("Orders", "orders_1") in _ids(TRICKY)  # the repeated title is numbered as MkDocs numbers it
    assert ("Payload", "payload_1") in _ids(TRICKY)  # the paragraph's id is taken first


@pytest.mark.parametrize("path", sorted((REPO / "contracts").rglob("*.md")), ids=lambda p: p.name)
def test_every_bundled_document_gets_the_ids_of_a_full_conversion(path):
    text = path.read_text(encoding="utf-8")
    assert _ids(text) == _full_ids(text)
