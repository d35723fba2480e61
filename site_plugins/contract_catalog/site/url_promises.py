"""The URLs and anchors a build promises to keep, published as /urls.json,
and the check that none was dropped.

Promised: the catalog's own pages (home, indexes, the cross-cutting views), every event page with its version
and field anchors (`#v2`, `#v2-<field.path>`), every contract, document and domain page, every file of the
contracts tree at its repository path, and what the site keeps for things that are gone (tombstones, redirect
pages, notes for dropped fields, the last content of deleted schema files). URLs are relative to the catalog's
root (without the `prefix` option's folder). Pages listing field names (/fields/<name>/) are derived views
and not promised.

`contracts check --urls-from` compares an earlier build's set (its urls.json, its catalog.json, or its site
folder, crawled) with the set of the tree now, and names every URL or anchor that would stop resolving.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.problems import Problem
from ..history.url_history import field_paths_at, version_entries
from ..model import urls
from ..model.catalog import tree_files
from ..render.output_formats import schema_bytes, versioned
from ..views.base import CatalogView
from ..views.redirects import RedirectsView
from ..views.retired import RetiredView, retired_event_page

if TYPE_CHECKING:
    from ..views.base import BuildContext

URLS_JSON = "urls.json"
URLS_SCHEMA = "urls.schema.json"
EVENT_ANCHOR = re.compile(r"^(v\d+|entry-\d+)(-[^~]+)?$")  # promised anchors; `~` marks internal ids
PROMISED_AREAS = ("events/", "contracts/", "domains/")
ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")


def urls_json_files(
    context: BuildContext, views: Sequence[CatalogView]
) -> list[tuple[str, Callable[[], Iterable[bytes]] | bytes]]:
    """urls.json, written after the pages (from the field anchors they rendered), and its schema."""

    def content() -> Iterator[bytes]:
        """The text `json.dumps(document, indent=1)` would make, a URL at a time: whole, it and the sorted
        lists it was made from took 90 MB at once at 1,000 wide event types."""
        promised = promised_urls(context, views)
        head = json.dumps(
            versioned(URLS_SCHEMA, {"build_date": context.build_date.isoformat(), "urls": {}}), indent=1
        )
        yield head.removesuffix("{}\n}").encode("utf-8") + b"{"
        for number, url in enumerate(sorted(promised)):
            one = json.dumps({url: sorted(promised[url])}, indent=1, ensure_ascii=False)
            lines = one.split("\n")[1:-1]  # without its braces, one level deeper
            yield ("," if number else "").encode() + "".join(f"\n {line}" for line in lines).encode("utf-8")
        yield b"\n }\n}\n" if promised else b"}\n}\n"

    return [(URLS_JSON, content), (URLS_SCHEMA, schema_bytes(URLS_SCHEMA))]


def promised_urls(context: BuildContext, views: Sequence[CatalogView]) -> dict[str, set[str]]:
    """Every URL the build answers for, with the anchors promised on it."""
    site_urls = urls.SiteUrls(context.urls.use_directory_urls)  # relative to the catalog's root
    url = site_urls.url
    catalog = context.catalog
    found: dict[str, set[str]] = defaultdict(set)
    pages = [urls.HOME, urls.EVENTS_INDEX, urls.DOMAINS_INDEX, "contracts/index.md"]
    pages += [src for view in views for _, src in view.nav_entries()]
    for src in pages:
        found[url(src)]
    for event in catalog.events.values():
        anchors = found[url(urls.event_page(event))]
        for version in event.versions:
            anchors.add(version.anchor)
            if version.payload_schema and version.schema_path_ok and version.version is not None:
                paths = context.schemas.summary(version.payload_schema, version.version).field_paths
                # interned: the field index holds the same strings as its rows' anchors
                anchors.update(sys.intern(f"{version.anchor}-{path}") for path in paths)
    for domain in catalog.domains.values():
        found[url(urls.domain_page(domain))]
    tree = catalog.tree
    for path in tree_files(tree) if tree.root.is_dir() else []:
        found[url(f"contracts/{path.relative_to(tree.root).as_posix()}")]
    _kept_for_the_gone(context, found, url)
    return dict(found)


def _kept_for_the_gone(context: BuildContext, found: dict[str, set[str]], url: Callable[[str], str]) -> None:
    """Tombstones, redirect pages, dropped-field notes and deleted schema files:
    what keeps old links answering."""
    history = context.url_history
    retired = RetiredView(context)
    for event in retired.tombstones:
        found[url(retired_event_page(event.name))].update(_version_anchors(context, event.entry, event.last))
    for name, versions in history.versions.items():
        anchors = found[url(retired_event_page(name))]
        for version in versions:
            anchors.update(_version_anchors(context, {"schema_versions": [version.entry]}, version.last))
    for current in context.catalog.events.values():
        for schema_version in current.versions:
            dropped = retired.dropped_fields(current, schema_version)
            found[url(urls.event_page(current))].update(f"{schema_version.anchor}-{d.path}" for d in dropped)
    for redirect in RedirectsView(context).redirects():
        found[url(redirect.old_src)].update(old for old, _ in redirect.anchors)
    for document in retired.deleted_documents:
        found[url(f"contracts/{document.rel}")]
    for rel in history.gone_json:
        found[url(f"contracts/{rel}")]


def _version_anchors(context: BuildContext, entry: dict, commit: str | None) -> set[str]:
    anchors = set()
    for number, item in version_entries(entry).items():
        anchors.add(f"v{number}")
        path = item.get("payload_schema")
        if commit and isinstance(path, str):
            anchors.update(
                f"v{number}-{field}" for field in field_paths_at(context.url_history, commit, path, number)
            )
    return anchors


# The check -------------------------------------------------------------------------------------------------


def read_published(source: Path) -> dict[str, set[str]]:
    """An earlier build's URLs and anchors: its urls.json or catalog.json, or its site folder (urls.json in
    it, else its pages crawled). Raises ValueError with a readable message when it cannot be read."""
    if source.is_dir():
        if (source / URLS_JSON).is_file():
            return read_published(source / URLS_JSON)
        return _crawl(source)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read {source}: {error}") from None
    if isinstance(data, dict) and isinstance(data.get("urls"), dict):
        return {url: set(anchors) for url, anchors in data["urls"].items() if isinstance(anchors, list)}
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        return _from_catalog_json(data)
    raise ValueError(f"{source} is neither a urls.json nor a catalog.json of a catalog build")


def _from_catalog_json(data: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)

    def add(value: Any) -> None:
        if isinstance(value, str):
            page, _, anchor = value.partition("#")
            found[page].update([anchor] if anchor else [])

    for event in data.get("events", []):
        add(event.get("url"))
        for version in event.get("versions", []):
            add(version.get("url"))
            add((version.get("payload_schema") or {}).get("url"))
    for contract in data.get("contracts", []):
        add(contract.get("url"))
        for item in [*contract.get("documents", []), *contract.get("schema_files", [])]:
            add(item.get("url"))
    for domain in data.get("domains", []):
        add(domain.get("url"))
    return dict(found)


def _crawl(site: Path) -> dict[str, set[str]]:
    """The promised part of a built site without urls.json:
    its pages in the catalog's folders and their anchors."""
    found: dict[str, set[str]] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or not rel.startswith(PROMISED_AREAS):
            continue
        if path.suffix != ".html":
            found[rel] = set()
            continue
        page = rel.removesuffix("index.html")
        ids = set()
        if page.startswith("events/") and page != "events/":
            ids = {
                i
                for i in ID_ATTRIBUTE.findall(path.read_text(encoding="utf-8", errors="replace"))
                if EVENT_ANCHOR.match(i)
            }
        found[page] = ids
    return found


def broken_promises(old: dict[str, set[str]], new: dict[str, set[str]], source: str) -> list[Problem]:
    """Each URL or anchor of the earlier build that the tree now would not answer, as a problem naming it."""
    found = []
    for page in sorted(old):
        if page not in new:
            found.append(
                Problem(
                    page or "/",
                    f"published by {source}, and this build no longer answers it",
                    code="url-dropped",
                )
            )
            continue
        for anchor in sorted(old[page] - new[page]):
            found.append(
                Problem(
                    f"{page}#{anchor}",
                    f"published by {source}, and this build's page has no such anchor",
                    code="anchor-dropped",
                )
            )
    return found
