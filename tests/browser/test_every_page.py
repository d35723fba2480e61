"""Every page of the catalog opens without a console error, and nothing it loads comes from another host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

# One page of each kind must be among those visited, so a missing feature page fails here too.
PAGE_KINDS = ["", "events/", "events/intake.matched/", "domains/", "domains/sales/", "contracts/",
              "contracts/identity/", "graph/", "timeline/", "contributing/"]


def site_pages(site) -> list[str]:
    """Every page of the built site as a URL path: the sitemap lists none without site_url, so walk the files."""
    pages = sorted(str(p.parent.relative_to(site)) + "/" for p in site.rglob("index.html"))
    return ["" if p == "./" else p for p in pages]


def test_every_catalog_page_loads_without_console_errors_and_stays_on_127_0_0_1(reader, catalog_site):
    pages = site_pages(catalog_site)
    missing = [kind for kind in PAGE_KINDS if kind not in pages]
    assert not missing, f"pages of these kinds are missing from the build: {missing}"
    kinds = {p.split("/")[0] for p in pages}
    assert {"events", "domains", "contracts"} <= kinds

    for path in pages:
        reader.open(path)
    assert not reader.errors, "console errors:\n" + "\n".join(reader.errors)

    assert len(reader.requests) > len(pages)
    elsewhere = sorted({url for url in reader.requests
                        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"})
    assert not elsewhere, f"requests that leave 127.0.0.1: {elsewhere}"
