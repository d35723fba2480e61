"""Every page of the catalog, opened once: no console error, nothing loaded from another host, nothing
spilling out of the text column."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import new_tab

pytestmark = pytest.mark.browser

# One page of each kind must be among those visited, so a missing feature page fails here too.
PAGE_KINDS = [
    "",
    "events/",
    "events/intake.matched/",
    "domains/",
    "domains/sales/",
    "contracts/",
    "contracts/identity/",
    "graph/",
    "timeline/",
    "contributing/",
]

# Tables, pictures and code wider than the article, unless a scrolling box between them and the article
# keeps them inside it.
SPILLS_JS = """
() => {
  const article = document.querySelector("article.md-content__inner");
  const right = article.getBoundingClientRect().right;
  const scrolls = (el) => {
    for (let e = el.parentElement; e && e !== article; e = e.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(e).overflowX)) return true;
    }
    return false;
  };
  return [...article.querySelectorAll("table, svg, pre, figure, dl")]
    .filter(el => el.getBoundingClientRect().right > right + 1 && !scrolls(el))
    .filter(el => !["auto", "scroll"].includes(getComputedStyle(el).overflowX))
    .map(el => `${el.tagName.toLowerCase()}.${el.getAttribute("class") || ""}`);
}
"""


def site_pages(site) -> list[str]:
    """Every page of the built site as a URL path:
    the sitemap lists none without site_url, so walk the files."""
    pages = sorted(str(p.parent.relative_to(site)) + "/" for p in site.rglob("index.html"))
    return ["" if p == "./" else p for p in pages]


@pytest.fixture(scope="module")
def visit(browser, base_url, catalog_site):
    """Open every page in one tab; keep what the tab recorded and, per page, what spills out of the column."""
    tab = new_tab(browser, base_url)
    pages = site_pages(catalog_site)
    spills = {}
    for path in pages:
        spills[path] = tab.open(path).evaluate(SPILLS_JS)
    tab.page.context.close()
    return pages, tab, {path: found for path, found in spills.items() if found}


def test_every_page_kind_is_built(visit):
    pages, _, _ = visit
    missing = [kind for kind in PAGE_KINDS if kind not in pages]
    assert not missing, f"pages of these kinds are missing from the build: {missing}"


def test_no_catalog_page_logs_a_console_error(visit):
    _, tab, _ = visit
    assert not tab.errors, "console errors:\n" + "\n".join(tab.errors)


def test_no_request_leaves_127_0_0_1(visit):
    pages, tab, _ = visit
    assert len(tab.requests) > len(pages)
    elsewhere = sorted(
        {
            url
            for url in tab.requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
        }
    )
    assert not elsewhere, f"requests that leave 127.0.0.1: {elsewhere}"


def test_no_table_or_picture_spills_out_of_the_text_column(visit):
    _, _, spills = visit
    assert not spills, "\n".join(f"/{path}: {found}" for path, found in spills.items())
