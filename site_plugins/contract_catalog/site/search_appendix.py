"""The views' own search entries (one per payload field), packed until Material has written its index, then
added to the end of that file.

At 1,000 wide event types they are 340,000 entries: as dictionaries in Material's index they held 180 MB until
the build ended, and its dump of them to one JSON string took as much again at once. Material's search needs a
page's own entry before the entries of its sections (its document map), not next to them, so being last
changes no result.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterable

_END = b"]}"  # Material's index ends with its list of entries: {"config":{...},"docs":[...]}


class SearchAppendix:
    """Each page's entries as JSON text, packed, in the order pages were read."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def add(self, src_uri: str, entries: Iterable[dict[str, str]]) -> None:
        # as Material writes its own entries (compact, ASCII), so the file reads as if it had them all
        text = ",".join(json.dumps(entry, separators=(",", ":")) for entry in entries)
        if text:
            self._packed[src_uri] = zlib.compress(text.encode("ascii"), 1)

    def packed(self, src_uri: str) -> bytes | None:
        """A page's entries as `add` packed them, for a live preview to carry to a build skipping the page."""
        return self._packed.get(src_uri)

    def restore(self, src_uri: str, packed: bytes | None) -> None:
        if packed is not None:
            self._packed[src_uri] = packed

    def write_into(self, index_path: str, pages: Iterable[str]) -> None:
        """Adds the entries of `pages`, in that order, to the list of entries in Material's index file."""
        chunks = [self._packed[src] for src in pages if src in self._packed]
        if not chunks or not os.path.isfile(index_path):
            return
        with open(index_path, "r+b") as file:
            size = file.seek(0, os.SEEK_END)
            file.seek(max(size - 3, 0))
            tail = file.read()
            if not tail.endswith(_END):  # not the layout this module knows: read and write the whole file
                _rewrite(file, chunks)
                return
            file.seek(size - len(_END))
            first = tail.endswith(b"[" + _END)  # Material's own list is empty
            for chunk in chunks:
                if not first:
                    file.write(b",")
                file.write(zlib.decompress(chunk))
                first = False
            file.write(_END)


def _rewrite(file, chunks: list[bytes]) -> None:
    file.seek(0)
    index = json.load(file)
    for chunk in chunks:
        index["docs"].extend(json.loads(b"[" + zlib.decompress(chunk) + b"]"))
    file.seek(0)
    file.truncate()
    file.write(json.dumps(index, separators=(",", ":")).encode("utf-8"))
