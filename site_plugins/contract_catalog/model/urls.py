"""Which page lives at which URL. URLs are a promise: reviewers paste them into discussions.

/events/<event>/, /domains/<domain>/, /contracts/<contract>/ (its README) and /contracts/<contract>/<doc>/,
raw files at their repository path. Everything here is derived from names only, never from build order.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

from ..core.safe_names import safe_relative_href
from .catalog_types import Contract, ContractDocument, Domain, EventType

HOME = "index.md"
EVENTS_INDEX = "events/index.md"
DOMAINS_INDEX = "domains/index.md"
CONTRACTS_README = "contracts/README.md"


def event_page(event: EventType) -> str:
    return f"events/{event.slug}.md"


def domain_page(domain: Domain) -> str:
    return f"domains/{domain.slug}.md"


def contract_page(contract: Contract) -> str:
    """A contract's README is its page; a contract without one gets a generated index."""
    return document_page(contract.readme) if contract.readme else f"contracts/{contract.id}/index.md"


def document_page(document: ContractDocument) -> str:
    return f"contracts/{document.rel}"


def raw_file(path_from_repo_root: str) -> str:
    """Files of the contracts tree are published verbatim at their repository path."""
    return path_from_repo_root


class SiteUrls:
    """Turns the catalog's source paths (src_uri) into the site's files and URLs, the way MkDocs does.

    The catalog names its pages from its own root (`events/a.b.md`); with the `prefix` option the whole
    catalog lives under a folder of the site (`catalog/events/a.b.md`). `file` is the one place that adds the
    prefix, so every link and every output moves with it. A path written with a leading `/` is a page of the
    site outside the catalog (a hand-written ADR in docs/) and is taken as it is.
    """

    def __init__(self, use_directory_urls: bool = True, site_url: str | None = None, prefix: str = ""):
        self.use_directory_urls = use_directory_urls
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.prefix = prefix  # "" or "catalog/"

    def file(self, src_uri: str) -> str:
        """The src_uri MkDocs knows a catalog file by."""
        return src_uri[1:] if src_uri.startswith("/") else self.prefix + src_uri

    def catalog_src(self, site_src_uri: str) -> str:
        """The inverse of `file`: the catalog's name for a file of the site."""
        if site_src_uri.startswith(self.prefix):
            return site_src_uri[len(self.prefix) :]
        return "/" + site_src_uri

    def absolute(self, src_uri: str, anchor: str | None = None) -> str:
        """The full URL under `site_url` (feed readers need one); site-relative when site_url is not set."""
        url = self.url(src_uri) + (f"#{anchor}" if anchor else "")
        return urljoin(self.site_url, url) if self.site_url else url

    def url(self, src_uri: str) -> str:
        """The site-relative URL of a file: `events/a.b.md` -> `events/a.b/` (or `events/a.b.html`)."""
        src_uri = self.file(src_uri)
        if not src_uri.endswith(".md"):
            return src_uri
        stem = src_uri[: -len(".md")]
        directory, _, name = stem.rpartition("/")
        prefix = f"{directory}/" if directory else ""
        if name in ("index", "README"):
            return prefix if self.use_directory_urls else f"{prefix}index.html"
        return f"{stem}/" if self.use_directory_urls else f"{stem}.html"

    def href(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """A relative link from one page to another file, with an optional anchor."""
        here_dir = posixpath.dirname("/" + self.url(from_src))
        if self.url(from_src).endswith("/") or not self.url(from_src):
            here_dir = "/" + self.url(from_src).rstrip("/")
        target = self.url(to_src)
        relative = posixpath.relpath("/" + target, here_dir or "/")
        if target.endswith("/") or not target:
            relative = "./" if relative == "." else relative + "/"
        return safe_relative_href(relative + (f"#{anchor}" if anchor else ""))
