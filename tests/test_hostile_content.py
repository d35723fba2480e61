"""Text from the contracts tree never becomes live HTML, in pages, SVG, JSON, the feed or the search index.

tests/hostile/content/contracts holds every content case at once: `<script>`, `<img onerror>`,
`javascript:`/`data:`/`vbscript:` links and raw HTML in notes, schema titles, descriptions, enum values,
examples, property names, event type and domain names, front matter and contract documents, and Markdown
that tries to close the template's HTML. Its built site is parsed, page by page, and compared with the
site of the clean base tree: the only scripts are the theme's own.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import contract_catalog.render.renderer
import pytest
from bs4 import BeautifulSoup
from hostile.trees import BASE, CONTENT, problem_lists, strict_build

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite"}
UNSAFE_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
EMBEDDING = [
    "iframe",
    "frame",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "textarea",
    "button",
    "base",
    "meta",
    "link",
    "style",
    "math",
    "foreignobject",
]
SCRIPT_EVENT = "gadget.<script>alert('event-name')</script>"
IMG_EVENT = "gadget.<img src=x onerror=alert('event-img')>"
SCRIPT_DOMAIN = "<script>alert('domain')</script>"
METADATA_KEYS = {"$schema", "$comment", "registry_version", "description", "domains"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    site, _ = strict_build(tmp_path_factory.mktemp("content"), CONTENT)
    return site


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    site, _ = strict_build(tmp_path_factory.mktemp("clean"), BASE)
    return site


def html_pages(site) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(site.site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in sorted(site.site.rglob("*.html"))
    }


def script_key(script) -> str:
    """A script element without what depends on the page's depth ("../.." and friends)."""
    if script.get("src"):
        return "src " + re.sub(r"^(?:\.\./|\./|/)+", "", script["src"])
    text = re.sub(r'"(?:\.\.?/|/)*\.{0,2}"', '"."', script.get_text())
    return "inline " + re.sub(r'"(?:\.\./|\./|/)+', '"', text)


def version_headings(page: BeautifulSoup) -> list:
    return [h2 for h2 in page.select("h2[id]") if re.fullmatch(r"v\d+", h2["id"])]


def registry_names() -> set[str]:
    registry = json.loads((CONTENT / "event-types-registry.json").read_text(encoding="utf-8"))
    return set(registry) - METADATA_KEYS


def test_check_and_build_report_the_same_problem_list(content):
    warned, checked = problem_lists(content, CONTENT)
    assert warned == checked


def test_the_content_tree_builds_every_page(content):
    pages = html_pages(content)
    assert "events/gadget.built/index.html" in pages and "contracts/hostile/index.html" in pages
    assert len([p for p in pages if p.startswith("events/") and p != "events/index.html"]) == len(
        registry_names()
    )
    assert any("gadget.&lt;script&gt;" in w or SCRIPT_EVENT in w for w in content.warnings)


def test_no_script_element_but_the_themes_own(content, clean):
    theme = {script_key(s) for soup in html_pages(clean).values() for s in soup.find_all("script")}
    found = {
        (path, script_key(s)) for path, soup in html_pages(content).items() for s in soup.find_all("script")
    }
    assert [(path, key[:120]) for path, key in sorted(found) if key not in theme] == []


def test_no_event_handler_attribute_anywhere(content):
    handlers = [
        (path, element.name, attribute)
        for path, soup in html_pages(content).items()
        for element in soup.find_all(True)
        for attribute in element.attrs
        if attribute.lower().startswith("on")
    ]
    assert handlers == []


def test_no_link_or_source_has_a_script_or_data_scheme(content):
    unsafe = []
    for path, soup in html_pages(content).items():
        for element in soup.find_all(True):
            for attribute in URL_ATTRIBUTES & set(element.attrs):
                value = "".join(ch for ch in str(element[attribute]) if ch.isprintable() and not ch.isspace())
                if UNSAFE_SCHEME.match(value):
                    unsafe.append((path, element.name, attribute, value))
    assert unsafe == []


def test_no_embedding_form_or_style_element_reaches_a_page_body(content, clean):
    for site in (clean, content):
        found = [
            (path, tag)
            for path, soup in html_pages(site).items()
            for article in soup.select("article")
            for tag in EMBEDDING
            if article.find(tag)
        ]
        assert found == []


def test_page_titles_cannot_end_the_title_element(content):
    """Material prints titles unescaped in <title>;
    a title must hold nothing a parser could take for a tag."""
    for path in content.site.rglob("*.html"):
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        title = re.search(r"<title>(.*?)</title>", head, re.DOTALL).group(1)
        assert not re.search(r"<[A-Za-z/!?]", title), (path, title)


def test_notes_show_what_the_file_says(content):
    page = BeautifulSoup(content.page("events/gadget.built/"), "html.parser")
    notes = {h2["id"]: h2.find_next(class_="cc-notes").get_text() for h2 in version_headings(page)}
    assert "<script>alert('notes-script')</script>" in notes["v1"]
    assert "<img src=x onerror=alert('notes-img')>" in notes["v2"]
    assert "</td></tr></table></div></div><script>alert('notes-close')</script><div>" in notes["v4"]
    assert '<iframe src="https://evil.example/"></iframe>' in notes["v5"]
    assert notes["v6"].strip() == "ccfrag0123456789abx0"
    assert (
        "{{ 7 * 7 }} {% raw %}" in notes["v7"] and "<script>alert('notes-entities')</script>" in notes["v7"]
    )


def test_markdown_that_closes_the_template_stays_inside_its_section(content):
    page = BeautifulSoup(content.page("events/gadget.built/"), "html.parser").select_one("article")
    assert len(page.select("table.cc-versions tbody tr")) == 8
    assert [h2["id"] for h2 in version_headings(page)] == [f"v{n}" for n in range(8, 0, -1)]
    closing = page.select_one("h2#v4").find_next(class_="cc-notes")
    assert [child.name for child in closing.find_all(True)] == ["p"]
    assert page.select_one("h2#timeline") and page.select_one("h2#mentioned-in")


def test_links_with_unsafe_schemes_lose_their_target(content):
    page = BeautifulSoup(content.page("events/gadget.built/"), "html.parser")
    links = page.select_one("h2#v3").find_next(class_="cc-notes").find_all(["a", "img"])
    assert [element.get_text() or element.get("alt") for element in links] == [
        "click",
        "data",
        "vb",
        "pic",
        "mixed",
        "entity",
        "ref",
    ]
    assert [element.get("href") or element.get("src") for element in links] == [None] * 7


def test_schema_text_is_shown_as_text(content):
    payload = BeautifulSoup(content.page("events/gadget.built/"), "html.parser").select_one(".cc-payload")
    assert payload.select_one(".cc-payload-title").get_text() == "<script>alert('schema-title')</script>"
    paths = [row.select_one(".cc-field-path code").get_text() for row in payload.select("tr.cc-field")]
    assert (
        "<img src=x onerror=alert('property')>" in paths and "colour\" onmouseover=\"alert('anchor')" in paths
    )
    text = payload.get_text()
    for shown in (
        "<script>alert('field-title')</script>",
        "</td></tr></table><script>alert('field-close')</script>",
        "\"<script>alert('enum')</script>\"",
        "<script>alert('unknown-keyword')</script>",
        "</code></pre><script>alert('example')</script>",
        "javascript:alert('remote-ref')",
    ):
        assert shown in text, shown
    rows = {row["id"] for row in payload.select("tr.cc-field")}
    assert "v8-<img_src=x_onerror=alert('property')>" in rows  # an id, not markup


def test_identifiers_are_text_in_every_svg(content):
    svgs = [svg for soup in html_pages(content).values() for svg in soup.find_all("svg")]
    assert svgs
    for svg in svgs:
        assert not svg.find(["script", "foreignobject", "iframe", "img"])
    graph = BeautifulSoup(content.page("graph/"), "html.parser")
    labels = {text.get_text() for text in graph.select("svg text")}
    assert {SCRIPT_EVENT, SCRIPT_DOMAIN} <= labels
    hovers = {title.get_text() for title in graph.select("svg a > title")}
    assert any(title.startswith(f"Event type {IMG_EVENT}, use now: ") for title in hovers)
    timeline = BeautifulSoup(content.page("timeline/"), "html.parser")
    rows = {title.get_text() for title in timeline.select("svg.cc-tl-chart title")}
    assert f"Versions of the events {SCRIPT_DOMAIN} produces" in rows
    assert f"{SCRIPT_EVENT} v1: active; active 2026-01-01 onwards" in rows
    for path in content.site.rglob("*.svg"):
        root = ET.parse(path).getroot()
        assert not [e.tag for e in root.iter() if e.tag.split("}")[-1].lower() in ("script", "foreignobject")]


def test_identifiers_are_data_in_the_json_files(content):
    catalog = json.loads((content.site / "catalog.json").read_text(encoding="utf-8"))
    assert {event["name"] for event in catalog["events"]} == registry_names()
    assert SCRIPT_DOMAIN in {domain["name"] for domain in catalog["domains"]}
    deprecations = json.loads((content.site / "deprecations.json").read_text(encoding="utf-8"))
    assert IMG_EVENT in {item["event"] for item in deprecations["deprecations"]}
    graph = (content.site / "graph.json").read_text(encoding="utf-8")
    assert SCRIPT_EVENT in json.dumps(json.loads(graph), ensure_ascii=False)


def test_the_feed_is_xml_and_names_are_text_in_it(content):
    feed = ET.parse(content.site / "feed.xml").getroot()
    assert {element.tag.startswith(ATOM) for element in feed.iter()} == {True}  # no element but Atom's
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert f"{IMG_EVENT} v1 deprecated" in titles


def test_the_search_index_holds_no_live_markup(content):
    index = json.loads((content.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for document in index["docs"]:
        for field in ("title", "text"):
            soup = BeautifulSoup(document.get(field, ""), "html.parser")
            assert not soup.find(["script", "img", "iframe", "svg", "a", "style"]), (
                document["location"],
                field,
            )
            assert not [a for e in soup.find_all(True) for a in e.attrs if a.lower().startswith("on")]


def test_front_matter_stays_text(content):
    notice = BeautifulSoup(content.page("contracts/NOTICE/"), "html.parser")
    assert notice.find("meta", attrs={"name": "description"})["content"] == (
        "\"><script>alert('front-matter-description')</script>"
    )
    assert (
        notice.find("meta", attrs={"name": "author"})["content"]
        == "<img src=x onerror=alert('front-matter-author')>"
    )
    breakout = BeautifulSoup(content.page("contracts/hostile/breakout/"), "html.parser")
    assert "alert('front-matter-title')" in breakout.title.get_text()


def test_markdown_outside_every_contract_folder_is_sanitised_too(content):
    article = BeautifulSoup(content.page("contracts/NOTICE/"), "html.parser").select_one("article")
    assert article.select_one("h1").get_text(strip=True).startswith("Notice")
    assert not article.find("script")
    # the image stays, its handler not
    assert [image.attrs for image in article.find_all("img")] == [{"src": "x"}]


def test_a_contract_readme_keeps_its_words_and_loses_its_scripts(content):
    article = BeautifulSoup(content.page("contracts/hostile/"), "html.parser").select_one("article")
    assert "wants a reader's browser to run their code" in article.get_text()
    assert not article.find(["script", "iframe", "style"])
    assert [a.get("href") for a in article.find_all("a") if a.get_text() in ("link", "raw link")] == [
        None,
        None,
    ]


def test_a_note_that_reads_exactly_like_a_fragment_placeholder_stays_text(build_site, tmp_path, monkeypatch):
    """Placeholders carry a per-build random token;
    with the token known, a note copying one still stays text."""
    monkeypatch.setattr(contract_catalog.render.renderer.secrets, "token_hex", lambda length: "0123456789ab")
    tree = tmp_path / "contracts"
    registry = json.loads((BASE / "event-types-registry.json").read_text(encoding="utf-8"))
    registry["gadget.built"]["schema_versions"][0]["notes"] = "ccfrag0123456789abx4"
    registry["gadget.shipped"]["schema_versions"][0]["notes"] = "ccfrag0123456789abx1"
    shutil.copytree(BASE, tree)
    (tree / "event-types-registry.json").write_text(json.dumps(registry), encoding="utf-8")
    site = build_site(tree)
    for url_path, note in (
        ("events/gadget.built/", "ccfrag0123456789abx4"),
        ("events/gadget.shipped/", "ccfrag0123456789abx1"),
    ):
        article = BeautifulSoup(site.page(url_path), "html.parser").select_one("article")
        assert article.select_one(".cc-notes").get_text(strip=True) == note
        # every real placeholder was replaced
        assert re.findall(r"ccfrag\w+", article.get_text(" ")) == [note]
        assert article.select_one("h2#timeline") and article.select_one("h2#versions")
