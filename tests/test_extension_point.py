"""The views are an extension point: the catalog's pages need none of them,
and each one's additions show up."""

from datetime import date

from conftest import FIXTURES
from contract_catalog.model.catalog import load_catalog
from contract_catalog.model.urls import SiteUrls
from contract_catalog.render.renderer import PageRenderer
from contract_catalog.site.pages import CatalogPages
from contract_catalog.views import BuildContext, default_views

MINI = FIXTURES / "mini" / "contracts"


def pages_with(views_of) -> tuple[CatalogPages, object]:
    catalog = load_catalog(MINI)
    site_urls = SiteUrls()
    context = BuildContext(
        catalog=catalog, renderer=PageRenderer(site_urls), urls=site_urls, build_date=date(2026, 5, 20)
    )
    return CatalogPages(context, views_of(context)), catalog


def shown(page) -> str:
    """The page's Markdown with the HTML fragments it carries (they replace placeholders once converted)."""
    return page.markdown + "".join(page.fragments.values())


def test_an_event_page_with_no_view_at_all_still_shows_its_notes_and_versions():
    pages, catalog = pages_with(lambda context: [])
    page = pages.event(catalog.events["widget.created"])
    assert "First cut, replaced by v2" in shown(page)  # notes rendered without any view's template filter
    assert "Mentioned in" not in shown(page)


def test_with_the_default_views_the_notes_link_their_references_and_the_mentions_show():
    pages, catalog = pages_with(default_views)
    page = pages.event(catalog.events["widget.created"])
    assert "Mentioned in" in shown(page)
    assert 'href="../../contracts/alpha/' in pages.notes_html(
        catalog.events["widget.created"].versions[0], "events/widget.created.md"
    )
