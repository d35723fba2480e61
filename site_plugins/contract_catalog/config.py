"""Every option of the contract-catalog plugin, validated by MkDocs (a wrong option is a config error)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .config_types import Count, Date, Prefix, WebUrl


class ContractCatalogConfig(base.Config):
    contracts_dir = c.Type(str, default="contracts")
    """The contracts folder, relative to mkdocs.yml."""

    prefix = Prefix(default="")
    """The folder of the site the catalog lives in: `catalog` puts its home at /catalog/, its events at
    /catalog/events/<type>/. Default: the site root, where a docs/index.md of the site wins over its home."""

    deprecation_window_days = Count("days", default=14)
    """How long a deprecated version stays consumable after `deprecated_at`
    (the envelope contract's window)."""

    build_date = c.Optional(Date())
    """The date the catalog describes: a YAML date or "YYYY-MM-DD". Default:
    SOURCE_DATE_EPOCH when set, else today."""

    repo_url = c.Optional(WebUrl())
    """Base URL for "view source" links to files, e.g. https://github.com/acme/contracts/blob/main/."""

    adr_url = c.Optional(WebUrl(placeholder="{number}"))
    """URL pattern for ADR references, with {number}: https://example.org/adr/{number}/. Unset: plain text."""

    adr_dir = c.Optional(c.Type(str))
    """A folder inside docs/ holding ADR pages named `0008-title.md` or `ADR-0008-title.md`. ADR-0008 mentions
    link to those pages; this wins over adr_url for the ADRs it has."""

    custom_templates = c.Optional(c.Dir(exists=True))
    """A folder whose templates override the catalog's own, file by file."""

    domain_graph_threshold = Count("event types", default=150)
    """Above this many event types, /graph/ draws domains with event counts instead of every event."""

    field_drift = c.Choice(("note", "warning", "error", "off"), default="note")
    """How /fields/ drift (one field name with different types, formats, enums or patterns in different
    events) is reported: `note` lists it on the pages and as build information only; `warning` and `error`
    make it a problem that fails `--strict` builds and `contracts check`; `off` shows it on /fields/ only."""
