"""How the schema registry names the files of a contracts tree, and why it refuses a URI.

Each schema file is registered under a `file:///` URI made from its path in the tree, so relative `$ref`s
join as they would on disk and any other URI is recognisably remote. When the loader will not hand a URI
out it raises `Refused` with the reason; `referencing` wraps that error, and `cause` digs it out again so
the field table and the example validator can say why a reference failed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urldefrag

URI_PREFIX = "file:///"  # files are named by their registry path under this scheme, so relative refs join


class Refused(Exception):
    """Why the registry's retrieve callable would not hand out a URI."""

    def __init__(self, uri: str, reason: str, remote: bool = False) -> None:
        super().__init__(reason)
        self.uri = uri
        self.reason = reason
        self.remote = remote


def uri_for(path: str) -> str:
    """The registry URI of a file of the tree, by its registry path."""
    return URI_PREFIX + path


def path_of(uri: str) -> str | None:
    """The registry path a file URI names, or None for any other URI."""
    base = urldefrag(uri).url
    return unquote(base[len(URI_PREFIX) :]) if base.startswith(URI_PREFIX) else None


def display_uri(uri: str) -> str:
    """A URI as readers see it: a file of the tree by its path (and fragment), anything else as written."""
    path = path_of(uri)
    return uri if path is None else path + ("#" + urldefrag(uri).fragment if "#" in uri else "")


def cause(error: BaseException | None, kind: type) -> Any:
    """The first exception of a kind in an exception's chain (referencing wraps what retrieve raises)."""
    for _ in range(10):
        if error is None or isinstance(error, kind):
            return error
        error = error.__cause__ or error.__context__
    return None
