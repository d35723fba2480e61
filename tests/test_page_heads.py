"""Every catalog page's head: its <title> is exactly its subject, its description and Open Graph tags say what
it is, and no front matter reaches the page as text (event and domain pages rendered as MkDocs reads them)."""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, REPO

SITE_DESCRIPTION = "Every event the domains exchange"


def head(html: str) -> dict[str, str | None]:
    page = BeautifulSoup(html, "html.parser")

    def meta(selector: str) -> str | None:
        found = page.select(selector)
        assert len(found) <= 1, f"{selector} appears {len(found)} times"
        return found[0]["content"] if found else None

    return {
        "title": page.title.get_text(),
        "description": meta('meta[name="description"]'),
        "og:title": meta('meta[property="og:title"]'),
        "og:description": meta('meta[property="og:description"]'),
    }


def plain_active_event() -> tuple[str, dict]:
    """An event of the bundled registry with a single version, active since before the test build date."""
    registry = json.loads((REPO / "contracts/event-types-registry.json").read_text(encoding="utf-8"))
    for name, entry in sorted(registry.items()):
        versions = entry.get("schema_versions") if isinstance(entry, dict) else None
        if (
            versions
            and len(versions) == 1
            and versions[0]["status"] == "active"
            and (versions[0].get("active_from") or versions[0]["registered_at"]) <= "2026-05-20"
        ):
            return name, entry
    raise AssertionError("no plain active event in the bundled registry")


PAGES = {  # URL path -> the exact <title>
    "events/": "Events",
    "domains/": "Domains",
    "domains/sales/": "Domain sales",
    "events/intake.matched/": "intake.matched",
    "graph/": "System graph",
    "timeline/": "Timeline",
    "envelope/": "Event envelope",
    "changes/": "Changes",
    "contracts/payment-flow/": "Payment flow contract",
    "contracts/": "Contracts",
    "": "Event contract catalog",
}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_kind_has_its_subject_as_title_and_its_own_description(bundled_site, path):
    html = bundled_site.page(path)
    found = head(html)
    title = PAGES[path] if path else "Test catalog"  # the home page's subject is the site
    assert found["title"] == title
    assert found["og:title"] == title
    assert found["description"] and SITE_DESCRIPTION not in found["description"]
    assert found["og:description"] == found["description"]
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    assert "hide:" not in article.get_text() and "- navigation" not in article.get_text()
    assert article.find("hr") is None or article.find("h1").find_previous("hr") is None, "a front matter rule"


def test_event_description_names_version_producer_and_consumers(bundled_site):
    name, entry = plain_active_event()
    found = head(bundled_site.page(f"events/{name}/"))
    version = entry["schema_versions"][0]["version"]
    assert found["description"] == (
        f"{name} v{version} · produced by {entry['producer']}, consumed by {', '.join(entry['consumers'])}"
    )


def test_front_matter_hides_the_navigation_of_event_and_domain_pages(bundled_site):
    for path in ("events/intake.matched/", "domains/sales/", "events/"):
        page = BeautifulSoup(bundled_site.page(path), "html.parser")
        sidebar = page.select_one(".md-sidebar--primary")
        assert sidebar is not None and sidebar.has_attr("hidden"), f"{path}: the navigation is not hidden"


def test_text_from_json_is_escaped_in_the_head(build_site, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "mini" / "contracts", tree)
    registry = json.loads((tree / "event-types-registry.json").read_text())
    hostile = '"><script>alert(1)</script> & <b>'
    registry["domains"]["north"]["owner_team"] = hostile
    (tree / "event-types-registry.json").write_text(json.dumps(registry))
    html = build_site(tree).page("domains/north/")
    head_html = html[: html.index("</head>")]
    assert "<script>alert" not in head_html and "<b>" not in head_html
    assert (
        head(html)["description"] == f"Domain north · produces 1 event type, consumes 1 · owned by {hostile}"
    )
    assert head(html)["og:description"] == head(html)["description"]
