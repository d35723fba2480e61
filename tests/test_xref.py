"""Prose that links itself: event mentions, contract paths, § sections, ADRs, and the backlinks they give."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, REPO, BuiltSite, build_project, make_project
from contract_catalog.model.catalog import load_catalog
from contract_catalog.model.urls import SiteUrls
from contract_catalog.prose.headings import HeadingIndex
from contract_catalog.prose.text import render_markdown
from contract_catalog.prose.xref import CrossReferences, Source, contract_aliases, markdown_href
from contract_catalog.render.renderer import PageRenderer
from contract_catalog.views.base import BuildContext
from contract_catalog.views.mentions import MentionsView
from mkdocs.exceptions import Abort
from page_html import content

XREF = FIXTURES / "xref" / "contracts"
SITE_EXTENSIONS = ["toc", "attr_list", "tables", "admonition", "pymdownx.superfences"]


def linked(
    text: str, document: str = "alpha-widgets/glossary.md", adr_url: str | None = None, contracts: Path = XREF
) -> str:
    """The text linked as if it were the given document of the tree."""
    xref = CrossReferences(load_catalog(contracts), adr_url)
    scan = xref.scan(text, Source(document, document.split("/", 1)[0]))
    return xref.link(text, scan, markdown_href(f"contracts/{document}"))


def rendered_text(source: str) -> str:
    return BeautifulSoup(markdown.markdown(source, extensions=SITE_EXTENSIONS), "html.parser").get_text()


def view_for(contracts: Path, adr_url: str | None = None) -> MentionsView:
    """The view as `contracts check` makes it: no page is rendered."""
    site_urls = SiteUrls()
    context = BuildContext(
        catalog=load_catalog(contracts),
        renderer=PageRenderer(site_urls),
        urls=site_urls,
        build_date=date(2026, 5, 20),
        adr_url=adr_url,
    )
    return MentionsView(context)


def copy_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "contracts"
    shutil.copytree(XREF, tree)
    return tree


@pytest.fixture(scope="module")
def xref_site(tmp_path_factory) -> BuiltSite:
    return build_project(make_project(tmp_path_factory.mktemp("xref"), XREF), strict=True)


# -- each reference form


def test_backticked_and_plain_event_names_link_to_their_event_pages():
    text = "South reads `widget.created` and widget.created, then gadget.shipped."
    assert linked(text) == (
        "South reads [`widget.created`](../../events/widget.created.md) and "
        "[widget.created](../../events/widget.created.md), "
        "then [gadget.shipped](../../events/gadget.shipped.md)."
    )


@pytest.mark.parametrize(
    "text",
    [
        "widget.created.v2",
        "acme.widget.created",
        "widget.created-v1.json",
        "widget.created_at",
        "`widget.created v1`",
        "payloads/widget.created",
        "widget.createdness",
    ],
)
def test_an_event_name_inside_a_longer_name_is_not_linked(text):
    assert linked(f"See {text} here.") == f"See {text} here."


def test_paths_link_to_document_pages_published_files_and_contract_pages():
    text = (
        "Read contracts/alpha-widgets/glossary.md, "
        "`contracts/alpha-widgets/schema/payloads/widget.created-v1.json` and contracts/gadget-flow/."
    )
    assert linked(text, "event-envelope/README.md") == (
        "Read [contracts/alpha-widgets/glossary.md](../alpha-widgets/glossary.md), "
        "[`contracts/alpha-widgets/schema/payloads/widget.created-v1.json`]"
        "(../alpha-widgets/schema/payloads/widget.created-v1.json) "
        "and [contracts/gadget-flow/](../gadget-flow/README.md)."
    )


@pytest.mark.parametrize(
    ("text", "link_text", "url"),
    [
        ("per alpha-widgets §4.1.", "alpha-widgets §4.1", "README.md#41-widgetcreated"),
        ("per alpha-widgets contract §4.", "alpha-widgets contract §4", "README.md#4-events"),
        (
            "the envelope contract's §16 applies",
            "envelope contract's §16",
            "../event-envelope/README.md#16-deprecation-window",
        ),
        (
            "see §16 of the envelope contract.",
            "§16 of the envelope contract",
            "../event-envelope/README.md#16-deprecation-window",
        ),
        (
            "under envelope-contract §16.4",
            "envelope-contract §16.4",
            "../event-envelope/README.md#164-versions-that-are-not-deprecated",
        ),
        ("see §1 of gadget-flow.", "§1 of gadget-flow", "../gadget-flow/README.md#1-purpose"),
        ("as Event-Envelope §14 says", "Event-Envelope §14", "../event-envelope/README.md#14-versioning"),
        ("gadget flow §2 lists it", "gadget flow §2", "../gadget-flow/README.md#2-events"),
    ],
)
def test_a_named_contract_section_links_to_its_heading_anchor(text, link_text, url):
    assert f"[{link_text}]({url})" in linked(text)


def test_aliases_are_built_from_folder_names_and_skip_shared_short_names():
    aliases = contract_aliases(["event-envelope", "lead-lifecycle", "lesson-lifecycle", "identity"])
    assert aliases["envelope"] == aliases["envelope-contract"] == "event-envelope"
    assert aliases["event envelope"] == aliases["event-envelope-contract"] == "event-envelope"
    assert aliases["identity-contract"] == "identity"
    assert "lifecycle" not in aliases  # lead-lifecycle and lesson-lifecycle would share it


def test_sections_listed_after_a_named_contract_belong_to_it():
    result = linked("under event-envelope §14 and §16, §16.4; see §1 here.")
    assert "[event-envelope §14](../event-envelope/README.md#14-versioning)" in result
    assert "[§16](../event-envelope/README.md#16-deprecation-window)" in result
    assert "[§16.4](../event-envelope/README.md#164-versions-that-are-not-deprecated)" in result
    assert "[§1](#1-widget)" in result  # not part of the list: this document's own section 1


def test_a_bare_section_links_within_the_document_then_within_its_contract():
    result = linked("See §2 and §4.1.")
    assert "[§2](#2-size)" in result  # the glossary's own heading
    assert "[§4.1](README.md#41-widgetcreated)" in result  # the glossary has none: the contract's README


def test_the_own_contract_forms_link_to_the_contract_readme():
    text = "By contract §4.1, the contract's §5 and §1 of this contract."
    result = linked(text, "alpha-widgets/validation/checks.md")
    assert "[contract §4.1](../README.md#41-widgetcreated)" in result
    assert "[contract's §5](../README.md#5-notes)" in result
    assert "[§1 of this contract](../README.md#1-purpose)" in result


def test_document_sections_follow_a_file_name_a_path_or_an_existing_link():
    result = linked(
        "As README.md §4.2, `contracts/gadget-flow/README.md` §2 and [checks](validation/checks.md) §1."
    )
    assert "[README.md §4.2](README.md#sizes)" in result  # a {#sizes} attribute is the anchor
    assert "[`contracts/gadget-flow/README.md` §2](../gadget-flow/README.md#2-events)" in result
    assert "[checks](validation/checks.md) [§1](validation/checks.md#1-what-is-checked)" in result


def test_duplicate_headings_get_the_anchors_the_table_of_contents_gives_them():
    headings = HeadingIndex().compute((XREF / "alpha-widgets/README.md").read_text())
    notes = [h for h in headings if h.title == "5. Notes"]
    assert [h.anchor for h in notes] == ["5-notes", "5-notes_1"]
    assert [h.line for h in notes] == [22, 26]


def test_adr_is_linked_only_when_an_url_pattern_is_given():
    text = "Decided in ADR-0007."
    assert (
        linked(text, adr_url="https://adr.example.org/{number}/")
        == "Decided in [ADR-0007](https://adr.example.org/0007/)."
    )
    assert linked(text) == text
    assert view_for(XREF).problems() == []


# -- where links are never made


@pytest.mark.parametrize(
    "text",
    [
        "```\nwidget.created per alpha-widgets §4.1, ADR-0007\n```\n",
        "~~~~text\nwidget.created §4.1\n~~~~\n",
        "Text.\n\n    widget.created §4.1 contracts/gadget-flow/README.md\n",
        "Run `emit widget.created now` or `§4.1`.\n",
        "See [widget.created in §4.1](https://example.org/w) and ![widget.created](w.png).\n",
        "See [widget.created][ref].\n\n[ref]: https://example.org/widget.created\n",
        "[widget.created]: https://example.org/w\n\nAs [widget.created] says.\n",
        "## 4.1 widget.created per alpha-widgets §4.1\n",
        "widget.created §4.1\n---\n",
        "<div>\nwidget.created per alpha-widgets §4.1\n</div>\n",
        'Inline <span title="x">widget.created §4.1</span> and <!-- widget.created -->.\n',
        "At <https://example.org/widget.created> or https://example.org/contracts/gadget-flow/README.md.\n",
        "> ```\n> widget.created\n> ```\n",
    ],
)
def test_no_link_is_made_in_code_links_definitions_headings_or_html(text):
    assert linked(text) == text


def test_an_indented_paragraph_of_a_list_item_is_prose_not_code():
    text = "- first\n\n    then widget.created\n"
    assert linked(text) == "- first\n\n    then [widget.created](../../events/widget.created.md)\n"


def test_linking_never_changes_the_rendered_text():
    xref = CrossReferences(load_catalog(XREF), "https://adr.example.org/{number}/")
    changed = 0
    for document in [d for c in xref.catalog.contracts.values() for d in c.all_documents]:
        text = xref.read(document)
        result = xref.link(text, xref.scan(text, xref.source_of(document)), markdown_href("contracts/x/y.md"))
        assert rendered_text(result) == rendered_text(text)
        changed += result != text
    assert changed == 4


def test_linked_notes_keep_their_text_and_escape_raw_html():
    view = view_for(XREF)
    version = view.context.catalog.events["widget.created"].versions[0]
    html = view.linked_notes(version.notes, version, "events/widget.created.md")
    assert (
        BeautifulSoup(html, "html.parser").get_text()
        == BeautifulSoup(render_markdown(version.notes), "html.parser").get_text()
    )
    assert "<b>" not in html and "&lt;b&gt;raw&lt;/b&gt;" in html
    links = {a.get_text(): a["href"] for a in BeautifulSoup(html, "html.parser").select("a")}
    assert links == {
        "alpha-widgets §4.1": "../../contracts/alpha-widgets/#41-widgetcreated",
        "§4.2": "../../contracts/alpha-widgets/#sizes",  # a bare § in a note: the owning contract
        "gadget.shipped": "../gadget.shipped/",
        "contracts/alpha-widgets/glossary.md": "../../contracts/alpha-widgets/glossary/",
    }


# -- unresolvable references


def test_a_section_that_does_not_exist_is_a_warning_with_file_and_line(build_site, tmp_path):
    tree = copy_tree(tmp_path)
    checks = tree / "alpha-widgets/validation/checks.md"
    checks.write_text(checks.read_text() + "\nThe limits are in gadget-flow §7.\n")
    problems = view_for(tree).problems()
    assert [(p.file, p.line, p.severity.value) for p in problems] == [
        ("contracts/alpha-widgets/validation/checks.md", 8, "warning")
    ]
    assert "gadget-flow §7" in problems[0].message and "no heading numbered 7" in problems[0].message
    site = build_site(tree)
    assert any(
        "contracts/alpha-widgets/validation/checks.md:8:" in w and "gadget-flow §7" in w
        for w in site.warnings
    )
    with pytest.raises(Abort):
        build_site(tree, strict=True)


def test_a_renumbered_section_is_reported_wherever_it_is_cited(tmp_path):
    tree = copy_tree(tmp_path)
    envelope = tree / "event-envelope/README.md"
    envelope.write_text(envelope.read_text().replace("## 16. Deprecation", "## 17. Deprecation"))
    locations = sorted(p.location for p in view_for(tree).problems())
    assert locations == [
        "contracts/alpha-widgets/README.md:16",
        "contracts/alpha-widgets/README.md:4",
        "contracts/event-types-registry.json#/gadget.shipped/schema_versions/0/notes",
        "contracts/gadget-flow/README.md:11",
    ]


def test_unknown_contracts_and_documents_are_reported(tmp_path):
    tree = copy_tree(tmp_path)
    glossary = tree / "alpha-widgets/glossary.md"
    added = "See beta-widgets §2, missing.md §1 and contracts/beta/x.md.\n"
    glossary.write_text(glossary.read_text() + "\n" + added)
    messages = [p.message for p in view_for(tree).problems()]
    assert any("'beta-widgets' is not a contract" in m for m in messages)
    assert any("'missing.md' is not a document" in m for m in messages)
    assert any("'contracts/beta/x.md' does not exist" in m for m in messages)
    assert linked(glossary.read_text(), contracts=tree).endswith(added)  # left as it is


# -- the built site


def test_contract_pages_link_mentions_paths_and_sections_to_existing_anchors(xref_site):
    page = content(xref_site.page("contracts/alpha-widgets/"))
    links = {a.get_text(): a["href"] for a in page.select("p a")}
    assert links["widget.created"] == "../../events/widget.created/"
    assert links["gadget.shipped"] == "../../events/gadget.shipped/"
    assert links["event-envelope §16"] == "../event-envelope/#16-deprecation-window"
    assert links["§4.2"] == "#sizes"
    assert (
        links["contracts/alpha-widgets/schema/payloads/widget.created-v1.json"]
        == "schema/payloads/widget.created-v1.json"
    )
    assert "ADR-0007" in page.get_text() and "ADR-0007" not in links
    envelope = content(xref_site.page("contracts/event-envelope/"))
    assert envelope.find(id="16-deprecation-window") is not None
    assert page.select_one("h3#sizes") is not None


def test_event_notes_are_linked_on_event_pages(xref_site):
    page = content(xref_site.page("events/gadget.shipped/"))
    notes = page.select_one("h2#v1").find_next(class_="cc-notes")
    assert {a.get_text(): a["href"] for a in notes.select("a")} == {
        "widget.created": "../widget.created/",
        "§16 of the envelope contract": "../../contracts/event-envelope/#16-deprecation-window",
    }


def backlinks(page: BeautifulSoup, anchor: str) -> list[tuple[str, list[str]]]:
    """(document path or "registry notes of <event>", [section headings]) for each backlinks entry."""
    listing = page.select_one(f"h2#{anchor}").find_next(["ul", "p"])
    if listing.name == "p":
        return []
    entries = []
    for item in listing.find_all("li", recursive=False):
        path = item.select_one(".cc-backlinks__path code")
        source = path.get_text() if path else f"registry notes of {item.a.get_text()}"
        entries.append((source, [place.get_text(strip=True) for place in item.select("ul > li")]))
    return entries


def test_event_pages_list_where_the_event_is_mentioned_with_section_headings(xref_site):
    page = content(xref_site.page("events/widget.created/"))
    assert backlinks(page, "mentioned-in") == [
        ("contracts/alpha-widgets/README.md", ["1. Purpose", "4.1 widget.created"]),
        ("contracts/alpha-widgets/glossary.md", ["1. Widget"]),
        ("contracts/alpha-widgets/validation/checks.md", ["1. What is checked"]),
        ("contracts/gadget-flow/README.md", ["1. Purpose"]),
        ("registry notes of gadget.shipped", ["v1"]),
    ]
    section_link = page.select(".cc-backlinks > li:first-child > ul a")[1]
    assert section_link["href"] == "../../contracts/alpha-widgets/#41-widgetcreated"
    archived = content(xref_site.page("events/widget.archived/"))
    assert backlinks(archived, "mentioned-in") == [("contracts/alpha-widgets/README.md", ["5. Notes"])]


def test_contract_pages_list_the_other_contracts_that_reference_them(xref_site):
    envelope = content(xref_site.page("contracts/event-envelope/"))
    assert backlinks(envelope, "referenced-by") == [
        ("contracts/alpha-widgets/README.md", ["Alpha widgets contract", "4.1 widget.created"]),
        ("contracts/gadget-flow/README.md", ["Gadget flow contract", "2. Events"]),
    ]
    gadget = content(xref_site.page("contracts/gadget-flow/"))
    assert backlinks(gadget, "referenced-by") == [
        ("contracts/alpha-widgets/README.md", ["1. Purpose"]),
        ("contracts/alpha-widgets/validation/checks.md", ["1. What is checked"]),
    ]


# -- the bundled corpus


BUNDLED = REPO / "contracts"


def event_token(names: Iterable[str]) -> re.Pattern:
    """A registered name as a whole token: not inside a longer dotted or hyphenated name."""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w./@-])(?:{alternatives})(?![\w-]|\.[\w-])")


def bundled_documents() -> list[Path]:
    return sorted(p for p in BUNDLED.glob("*/**/*.md") if not any(part.startswith(".") for part in p.parts))


def page_url(path: Path) -> str:
    rel = path.relative_to(BUNDLED.parent).as_posix()[: -len(".md")]
    return rel[: -len("README")] if rel.endswith("/README") else rel + "/"


def resolve_href(site: Path, url: str, href: str) -> tuple[Path, str]:
    path, _, anchor = href.partition("#")
    target = site / posixpath.normpath(posixpath.join(url, path)) if path else site / url
    return (target / "index.html" if target.is_dir() else target), anchor


def test_bundled_linking_never_changes_the_rendered_text():
    xref = CrossReferences(load_catalog(BUNDLED), "https://adr.example.org/{number}/")
    for contract in xref.catalog.contracts.values():
        for document in contract.all_documents:
            text = xref.read(document)
            scan = xref.scan(text, xref.source_of(document))
            result = xref.link(text, scan, markdown_href(f"contracts/{document.rel}"))
            assert rendered_text(result) == rendered_text(text), document.path


def document_part(page: BeautifulSoup) -> BeautifulSoup:
    """The contract document as written: the catalog's additions and permalinks removed."""
    for added in page.select(".cc-banner, .headerlink, .cc-contract-summary, .cc-contract-extras"):
        added.decompose()
    catalog = page.select_one("h2#in-the-catalog")
    while catalog is not None and catalog.next_sibling is not None:
        catalog.next_sibling.extract()
    return page


def test_every_event_mention_in_bundled_contract_prose_is_a_working_link(bundled_site):
    names = load_catalog(BUNDLED).events
    token = event_token(names)
    unlinked, broken, checked = [], [], 0
    for path in bundled_documents():
        url = page_url(path)
        page = document_part(content(bundled_site.page(url)))
        for node in page.find_all(string=token):
            parents = {p.name for p in node.parents}
            if parents & {"pre", "h1", "h2", "h3", "h4", "h5", "h6"}:
                continue
            if node.parent.name == "code" and node.strip() not in names:
                continue
            checked += 1
            anchor = node.find_parent("a")
            if anchor is None:
                unlinked.append(f"{url}: {node.strip()[:80]}")
                continue
            href = anchor["href"]
            if not re.match(r"^[a-z]+:", href):
                target, fragment = resolve_href(bundled_site.site, url, href)
                if not target.is_file() or (fragment and f'id="{fragment}"' not in target.read_text()):
                    broken.append(f"{url}: {href}")
    assert checked > 500
    assert unlinked == [] and broken == []


def test_bundled_section_links_lead_to_headings_that_exist(bundled_site):
    checked = 0
    for path in bundled_documents():
        url = page_url(path)
        for link in document_part(content(bundled_site.page(url))).select("a[href*='#']"):
            if "§" not in link.get_text():
                continue
            target, fragment = resolve_href(bundled_site.site, url, link["href"])
            heading = BeautifulSoup(target.read_text(), "html.parser").find(id=fragment)
            assert heading is not None and heading.name in ("h1", "h2", "h3", "h4", "h5", "h6"), link
            number = re.search(r"§ ?(\d+(?:\.\d+)*)", link.get_text()).group(1)
            assert heading.get_text().startswith(number), (url, link.get_text(), heading.get_text())
            checked += 1
    assert checked > 100


def independent_mentions(names: set[str]) -> dict[str, set[tuple[str, str]]]:
    """event -> {(document path or 'registry notes of <event>', heading)}, recomputed line by line."""
    token = event_token(names)
    found: dict[str, set[tuple[str, str]]] = {name: set() for name in names}
    for path in bundled_documents():
        where, heading, fence = path.relative_to(BUNDLED.parent).as_posix(), "top of the page", None
        for line in path.read_text().splitlines():
            marker = re.match(r"^\s*(`{3,}|~{3,})", line)
            if fence:
                if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                    fence = None
                continue
            if marker:
                fence = marker.group(1)
                continue
            if line.startswith("#"):
                heading = re.sub(r"\s*\{[^}]*\}\s*$", "", line.lstrip("#")).strip().strip("#").strip()
            text = re.sub(r"\]\([^)]*\)", "]", line)
            text = re.sub(r"(`+)(.+?)\1", lambda m: m.group(2) if m.group(2).strip() in names else " ", text)
            for match in token.finditer(text):
                found[match.group(0)].add((where, heading))
    registry = json.loads((BUNDLED / "event-types-registry.json").read_text())
    for name in names:
        for version in registry[name]["schema_versions"]:
            for match in token.finditer(version.get("notes", "")):
                if match.group(0) != name:
                    found[match.group(0)].add((f"registry notes of {name}", f"v{version['version']}"))
    return found


def plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def test_bundled_mentioned_in_lists_match_an_independent_scan_of_the_files(bundled_site):
    events = load_catalog(BUNDLED).events
    expected = independent_mentions(set(events))
    assert sum(len(places) for places in expected.values()) > 300
    for name, event in events.items():
        page = content(bundled_site.page(f"events/{event.slug}/"))
        shown = {
            (source, plain(place)) for source, places in backlinks(page, "mentioned-in") for place in places
        }
        assert shown == {(source, plain(heading)) for source, heading in expected[name]}, name


def test_adr_mentions_link_to_the_pages_of_an_adr_folder_in_docs(tmp_path):
    project = make_project(
        tmp_path,
        FIXTURES / "mini" / "contracts",
        plugin_options={"adr_dir": "decisions", "adr_url": "https://adr.example.org/{number}/"},
    )
    (project / "docs" / "decisions").mkdir()
    (project / "docs" / "decisions" / "0008-single-writer.md").write_text("# ADR-0008: single writer\n")
    readme = project / "contracts" / "alpha" / "README.md"
    readme.write_text(readme.read_text() + "\nOne writer per widget, per ADR-0008; retries per ADR-0009.\n")
    page = BeautifulSoup(build_project(project, strict=True).page("contracts/alpha/"), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("article a")}
    assert links["ADR-0008"] == "../../decisions/0008-single-writer/"  # the folder's page wins
    assert links["ADR-0009"] == "https://adr.example.org/0009/"  # not in the folder: the URL pattern
