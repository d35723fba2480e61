"""The versioned JSON outputs (catalog.json, graph.json, deprecations.json): each names its schema and format.

Each output starts with `$schema` (its schema file, published beside it) and `format_version` MAJOR.MINOR.
Versioning rule: a minor version only adds keys, so the schemas never forbid unknown keys in objects that
may grow, and a validator of 1.0 accepts any 1.x; a major version changes or removes keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FORMAT_VERSION = "1.0"
HERE = Path(__file__).parent.parent  # the published JSON Schemas are package data at the package's top


def versioned(schema_file: str, document: dict[str, Any]) -> dict[str, Any]:
    """The document with its schema's name and the format version first."""
    return {"$schema": schema_file, "format_version": FORMAT_VERSION, **document}


def schema_bytes(schema_file: str) -> bytes:
    return (HERE / schema_file).read_bytes()
