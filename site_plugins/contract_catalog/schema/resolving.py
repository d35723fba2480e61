"""`$ref` resolution through `referencing`'s public API, and where each reference lands.

A `referencing` resolver keeps its base URI private, yet a walker must name the URI a reference lands on (to
spot a cycle, to say which file a field comes from). `landing` carries that URI next to the resolver and moves
it as `referencing` moves its own: to the looked-up document, then to each `$id` met on a JSON pointer's way
into it. `Resolver` is the part of `referencing`'s resolver the package uses, for type hints.
"""

from __future__ import annotations

from typing import Any, Protocol, cast
from urllib.parse import urldefrag, urljoin

from referencing import Resource, Specification
from referencing.jsonschema import DRAFT202012, specification_with


class Resolved(Protocol):
    @property
    def contents(self) -> Any: ...

    @property
    def resolver(self) -> Resolver: ...


class Resolver(Protocol):
    def lookup(self, ref: str) -> Resolved: ...

    def in_subresource(self, subresource: Resource) -> Resolver: ...


def dialect(contents: Any) -> Specification:
    """The JSON Schema draft a document declares in `$schema`; 2020-12 when it declares none we know."""
    declared = contents.get("$schema") if isinstance(contents, dict) else None
    return specification_with(declared if isinstance(declared, str) else "", default=DRAFT202012)


def landing(resolver: Resolver, base_uri: str, ref: str) -> tuple[str, Resolved, str]:
    """Where `ref` lands when `resolver`, based at `base_uri`, looks it up (the URI, fragment included),
    what the lookup finds there, and the base URI of the resolver that comes with it. Raises what `lookup`
    raises."""
    # as `referencing` joins: a fragment stays in the base document (urljoin drops it from a `urn:` base)
    # (and, as urljoin does, "#" alone names the document itself)
    target = (urldefrag(base_uri).url + ref).rstrip("#") if ref.startswith("#") else urljoin(base_uri, ref)
    resolved = resolver.lookup(ref)
    document, fragment = urldefrag(target)
    if not fragment.startswith("/"):
        return target, resolved, document
    contents = resolver.lookup(document).contents
    # `_BaseUri` takes a resolver's place: the walk only calls its `in_subresource`
    walked = dialect(contents).create_resource(contents).pointer(fragment, _BaseUri(document))  # type: ignore[arg-type]
    return target, resolved, cast(_BaseUri, walked.resolver).uri


class _BaseUri:
    """Stands in for a resolver on a pointer walk: `referencing` calls `in_subresource` at every subschema
    the pointer enters, and a subschema with an `$id` moves the base URI as it moves a resolver's."""

    def __init__(self, uri: str) -> None:
        self.uri = uri

    def in_subresource(self, subresource: Resource) -> _BaseUri:
        id_ = subresource.id()
        return self if id_ is None else _BaseUri(urljoin(self.uri, id_))
