"""/catalog.json: the whole catalog for other tools, in the format `catalog.schema.json` documents.

Every event type with its producer, consumers, owning contract and page, each version with its status,
dates, sunset, state on the build date, payload schema and field count; every contract and domain with
its page. URLs are relative to the site root. The schema is published beside it at /catalog.schema.json.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from datetime import date
from typing import Any

from ..model import urls
from ..model.catalog import Contract, Domain, EventType, SchemaVersion
from ..model.lifecycle import Standing, version_lifecycle
from ..render.output_formats import schema_bytes, versioned
from .base import BuildContext, CatalogView
from .retired_json import retired_entries

CATALOG_JSON = "catalog.json"
CATALOG_SCHEMA = "catalog.schema.json"


class CatalogJsonView(CatalogView):
    """Publishes catalog.json and its schema; adds nothing to pages."""

    def static_files(self) -> list[tuple[str, bytes | Callable[[], bytes]]]:
        # Written last: field counts come from the event pages' documents,
        # not a second pass over every schema.
        return [(CATALOG_JSON, self.catalog_bytes), (CATALOG_SCHEMA, schema_bytes(CATALOG_SCHEMA))]

    def catalog_bytes(self) -> bytes:
        return (json.dumps(catalog_document(self.context), indent=2, ensure_ascii=False) + "\n").encode(
            "utf-8"
        )


def catalog_document(context: BuildContext) -> dict[str, Any]:
    """The content of catalog.json for one build."""
    catalog = context.catalog
    writer = _Writer(context)
    return versioned(
        CATALOG_SCHEMA,
        {
            "build_date": context.build_date.isoformat(),
            "deprecation_window_days": context.deprecation_window_days,
            "registry": {
                "path": catalog.registry_path,
                "url": writer.url(catalog.registry_path),
                "version": _text_or_none(catalog.metadata.get("registry_version")),
            },
            "events": [writer.event(e) for e in sorted(catalog.events.values(), key=lambda e: e.name)],
            "contracts": [writer.contract(c) for c in sorted(catalog.contracts.values(), key=lambda c: c.id)],
            "domains": [writer.domain(d) for d in sorted(catalog.domains.values(), key=lambda d: d.name)],
            "retired": retired_entries(context),
        },
    )


class _Writer:
    """Turns model objects into the JSON values of the format, with URLs and field counts."""

    def __init__(self, context: BuildContext) -> None:
        self.context = context
        self.field_counts: dict[str, int | None] = {}

    def url(self, src_uri: str, anchor: str | None = None) -> str:
        return self.context.urls.url(src_uri) + (f"#{anchor}" if anchor else "")

    def event(self, event: EventType) -> dict[str, Any]:
        url = self.url(urls.event_page(event))
        contract = self.context.catalog.contracts.get(event.contract_id) if event.contract_id else None
        owning = None
        if event.owning_contract is not None:
            owning = {
                "path": event.owning_contract,
                "contract": contract.id if contract else None,
                "url": self.url(urls.contract_page(contract)) if contract else None,
            }
        versions = sorted(event.versions, key=lambda v: (v.version or 0, v.index))
        latest = event.latest
        return {
            "name": event.name,
            "url": url,
            "producer": event.producer,
            "consumers": list(event.consumers),
            "owning_contract": owning,
            "latest_version": latest.version if latest else None,
            "use_now": _use_now(self.context.standing(event)),
            "versions": [self.version(event, v, url) for v in versions],
        }

    def version(self, event: EventType, version: SchemaVersion, event_url: str) -> dict[str, Any]:
        lifecycle = version_lifecycle(
            event, version, self.context.build_date, self.context.deprecation_window_days
        )
        payload = None
        if version.payload_schema is not None:
            published = posixpath.normpath(version.payload_schema) if version.schema_path_ok else None
            payload = {
                "path": version.payload_schema,
                "url": self.url(urls.raw_file(published)) if published else None,
                "field_count": self.field_count(published, version.version or 0) if published else None,
            }
        return {
            "version": version.version,
            "anchor": version.anchor,
            "url": f"{event_url}#{version.anchor}",
            "status": version.status,
            "state": lifecycle.state.value,
            "registered_at": _day(version.registered_at),
            "active_from": _day(version.active_from),
            "deprecated_at": _day(version.deprecated_at),
            "sunset": _day(lifecycle.sunset),
            "payload_schema": payload,
        }

    def field_count(self, path: str, number: int) -> int | None:
        """Rows of the field table the event page shows; the count does not depend on the version number.

        From the summary the event page left, not the file: reading every schema file again here held
        100 MB at 1,000 wide event types.
        """
        if path not in self.field_counts:
            summary = self.context.schemas.summary(path, number)
            self.field_counts[path] = summary.field_count if summary.is_schema else None
        return self.field_counts[path]

    def contract(self, contract: Contract) -> dict[str, Any]:
        return {
            "id": contract.id,
            "title": contract.title,
            "url": self.url(urls.contract_page(contract)),
            "readme": contract.readme.path if contract.readme else None,
            "events": sorted(e.name for e in contract.events),
            "documents": [
                {"path": d.path, "title": d.title, "kind": d.kind, "url": self.url(urls.document_page(d))}
                for d in contract.all_documents
            ],
            "schema_files": [{"path": p, "url": self.url(urls.raw_file(p))} for p in contract.schema_files],
        }

    def domain(self, domain: Domain) -> dict[str, Any]:
        return {
            "name": domain.name,
            "url": self.url(urls.domain_page(domain)),
            "declared": domain.declared,
            "description": domain.description,
            "owner_team": domain.owner_team,
            "produces": sorted({e.name for e in domain.produces}),
            "consumes": sorted({e.name for e in domain.consumes}),
        }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _use_now(now: Standing) -> dict[str, Any] | None:
    """The version to consume on the build date: the same answer as every page (lifecycle.standing)."""
    if now.use_now is None:
        return None
    return {"version": now.use_now.version.version, "state": now.use_now.state.value, "summary": now.summary}
