"""Files the catalog writes once every page is read (fields.json, catalog.json ...), in a folder of their own.

MkDocs copies them into the site like any file of docs/. Written to disk piece by piece, a file of 100 MB
(fields.json of a 1,000-event wide corpus) is never held in memory whole, nor the text it is made from.
The folder is a hidden one in the site folder, which the build writes anyway, and goes once MkDocs has
copied its files: a build writes nowhere else.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path


class LateFiles:
    """The folder of one build's late files; gone when the build is done with them (`close`)."""

    def __init__(self, site_dir: str) -> None:
        self._folder = Path(site_dir, ".contract-catalog-late")

    def path(self, dest: str) -> str:
        """Where the file published at `dest` is written (the folders are made when it is)."""
        return str(self._folder / dest)

    def write(self, path: str, content: bytes | Iterable[bytes]) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as output:
            if isinstance(content, bytes):
                output.write(content)
            else:
                output.writelines(content)

    def close(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
