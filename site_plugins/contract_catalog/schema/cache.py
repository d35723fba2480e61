"""The payload schema documents of one build: each read and flattened once, let go once its page is shown."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..core.problems import Problem
from .document import SchemaDoc, read_document
from .loading import SchemaLoader


@dataclass(frozen=True)
class SchemaSummary:
    """The part of a schema document that outlives its page."""

    field_paths: frozenset[str]
    field_count: int
    problems: tuple[Problem, ...]
    is_schema: bool  # False when the file could not be read or is not a schema: it has no field count

    @classmethod
    def of(cls, document: SchemaDoc) -> SchemaSummary:
        paths = document.all_paths()  # interned: the field index holds the same strings
        return cls(
            frozenset(map(sys.intern, paths)), len(paths), tuple(document.problems), document.is_schema
        )


class SchemaDocuments:
    """Flattened payload schemas by (path, version), and the summaries that stay once a page let one go."""

    def __init__(
        self, loader: SchemaLoader, remember: Callable[[tuple, Callable[[], Any]], Any] | None = None
    ) -> None:
        self.loader = loader
        # A live preview carries summaries over from its previous build (BuildContext.remembered); else
        # compute.
        self.remember = remember or (lambda key, compute: compute())
        self._documents: dict[tuple[str, int], SchemaDoc] = {}
        self._summaries: dict[tuple[str, int], SchemaSummary] = {}

    def document(self, path: str, version: int) -> SchemaDoc:
        """The flattened payload schema of a version, kept until the page showing it lets it go."""
        key = (path, version)
        if key not in self._documents:
            self._documents[key] = read_document(self.loader, path, version)
        return self._documents[key]

    def summary(self, path: str, version: int) -> SchemaSummary:
        """What stays known of a version's schema once its page has let the document go: fields, problems."""
        key = (path, version)
        if key not in self._summaries:
            self._summaries[key] = self.remember(
                ("summary", path, version), lambda: SchemaSummary.of(self.document(path, version))
            )
        return self._summaries[key]

    def release(self, keys: Iterable[tuple[str, int]]) -> None:
        """A page has shown these documents: keep their summaries, free the rest (files are read again if
        asked).

        Holding every flattened schema from the first page to the last took 100 MB at 2,000 event types.
        """
        for key in keys:
            document = self._documents.pop(key, None)
            if document is not None:
                if key not in self._summaries:
                    self._summaries[key] = self.remember(
                        ("summary", *key), partial(SchemaSummary.of, document)
                    )
                self.loader.forget(key[0])

    def release_files(self) -> None:
        """Every page is read and every check made: the parsed schema files go (57 MB at 2,000 event types,
        held until the search index is written otherwise); anything asking later reads its file again."""
        self.loader.forget_all()
