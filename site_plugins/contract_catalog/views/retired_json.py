"""The `retired` part of catalog.json: what the site keeps answering for, though the registry dropped it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..history.url_history import Commit, UrlHistory
from .retired import retired_event_page

if TYPE_CHECKING:
    from .base import BuildContext


def retired_entries(context: BuildContext) -> dict[str, Any]:
    history: UrlHistory = context.url_history
    url = context.urls.url
    return {
        "history": "none" if not history.available else "shallow" if history.shallow else "complete",
        "events": [
            {
                "name": retired.name,
                "url": url(retired_event_page(retired.name)),
                "removed": _removal(retired.removed),
                "renamed_to": retired.renamed_to,
                "replaced_by": retired.replaced_by,
                "versions": retired.versions,
            }
            for retired in sorted(history.events.values(), key=lambda r: r.name)
        ],
        "versions": [
            {
                "event": retired.event,
                "version": retired.version,
                "url": url(retired_event_page(retired.event)) + f"#v{retired.version}",
                "removed": _removal(retired.removed),
            }
            for name in sorted(history.versions)
            for retired in sorted(history.versions[name], key=lambda r: r.version)
        ],
        "documents": [
            {
                "path": f"{history.contracts_name}/{document.rel}",
                "url": url(f"contracts/{document.rel}"),
                "moved_to": url(f"contracts/{document.moved_to}") if document.moved_to else None,
                "removed": _removal(document.removed),
            }
            for document in sorted(history.documents.values(), key=lambda d: d.rel)
        ],
    }


def _removal(commit: Commit | None) -> dict[str, str] | None:
    if commit is None:
        return None
    return {"date": commit.date, "commit": commit.id, "subject": commit.subject}
