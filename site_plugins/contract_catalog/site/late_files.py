"""Files the catalog writes once every page is read (fields.json, catalog.json ...), in a folder of their own.

MkDocs copies them into the site like any file of docs/. Written to disk piece by piece, a file of 100 MB
(fields.json of a 1,000-event wide corpus) is never held in memory whole, nor the text it is made from.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path


class LateFiles:
    """A temporary folder for one build's late files; gone when the build is (`close`)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="contract-catalog-")

    def path(self, dest: str) -> str:
        """Where the file published at `dest` is written (the folders are made when it is)."""
        return str(Path(self._folder.name, dest))

    def write(self, path: str, content: bytes | Iterable[bytes]) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as output:
            if isinstance(content, bytes):
                output.write(content)
            else:
                output.writelines(content)

    def close(self) -> None:
        self._folder.cleanup()
