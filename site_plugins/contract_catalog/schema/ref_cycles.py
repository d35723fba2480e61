"""`$ref`s chasing each other: a schema fault found by following references through the loader's registry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag

from ..core.problems import Problem
from .fields import MAX_DEPTH
from .resolving import landing
from .uris import display_uri, path_of, uri_for

if TYPE_CHECKING:
    from .loading import SchemaLoader


def ref_cycle_problems(loader: SchemaLoader, schema: Any, path: str) -> list[Problem]:
    """`$ref` chains that come back to where they started: each schema refers straight to the next one, no
    value is ever described, and a validator would recurse forever. Recursion through a property or an
    item (a tree of nodes) is fine and not reported."""
    found: list[Problem] = []
    reported: set[frozenset[str]] = set()
    for ref in _ref_strings(schema):
        resolver, base = loader.resolver_for(path), uri_for(path)
        chain: list[str] = []
        for _ in range(MAX_DEPTH):
            try:
                target, resolved, base = landing(resolver, base, ref)
            except Exception:  # noqa: BLE001 - unresolvable refs are reported by the walker
                break
            if target in chain:
                cycle = chain[chain.index(target) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    found.append(_cycle_problem([*cycle, target], path))
                break
            chain.append(target)
            if not (isinstance(resolved.contents, dict) and isinstance(resolved.contents.get("$ref"), str)):
                break
            ref, resolver = resolved.contents["$ref"], resolved.resolver
    return found


def _cycle_problem(cycle: list[str], path: str) -> Problem:
    """Reported at the cycle's first `$ref` when a file of the tree holds it; a cycle inside a subschema named
    by its own `$id` (`urn:...`) is reported on the schema being read, the cycle naming those URIs."""
    file = path_of(cycle[0])
    fragment = urldefrag(cycle[0]).fragment
    pointer = unquote(fragment) + "/$ref" if file and (fragment.startswith("/") or not fragment) else None
    names = [
        ("#" + urldefrag(uri).fragment) if file and path_of(uri) == file else display_uri(uri)
        for uri in cycle
    ]
    message = (
        f"$ref cycle {' → '.join(names)}: each schema refers straight to the next, so no value can be checked"
    )
    return Problem(file or path, message, pointer, code="ref-cycle")


def _ref_strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "$ref" and isinstance(child, str):
                yield child
            else:
                yield from _ref_strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _ref_strings(child)
