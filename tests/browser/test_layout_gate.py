"""The layout gate: every page the catalog builds, read in Chromium at a desktop and a phone width.

For each page: its <title> names its subject, no front matter or template text shows, nothing in the main
content sticks out sideways except inside a deliberate `.cc-scroll` box, and on event pages the key facts and
the first payload field row are in view. axe-core (vendored from npm, run in the page) finds no serious or
critical WCAG 2 A/AA violation on one page of each kind, and keyboard focus is visible.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import registry_domains, registry_events
from .test_every_page import site_pages

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"1440": {"width": 1440, "height": 900}, "390": {"width": 390, "height": 844}}
SITE_NAME = "Event contract catalog"
# One page of each kind, and the ones a reader meets first: axe on all of them at both widths.
AXE_PAGES = [
    "",
    "events/",
    "events/intake.matched/",
    "events/payment.received/",
    "contracts/",
    "contracts/identity/",
    "contracts/identity/person-resolution-semantics/",
    "domains/",
    "domains/sales/",
    "graph/",
    "timeline/",
    "envelope/",
    "changes/",
    "contributing/",
]
AXE_PAGES_AT = {
    "1440": AXE_PAGES,
    "390": ["", "events/intake.matched/", "domains/sales/", "graph/", "timeline/"],
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Boxes that scroll sideways on purpose: the catalog's own, its tables (assets/reader.css), Material's table
# wrapper and code blocks.
SCROLL_BOXES = '.cc-scroll, table[class^="cc-"]:not(.cc-fields), .md-typeset__scrollwrap, pre, .highlight'
# The payload field table is checked on its own (test_payload_field_table_fits_its_column).
FIELD_TABLE = ".cc-payload-fields, table.cc-fields"
LEAKS = {
    "front matter": re.compile(r"\bhide:\s*-\s*(navigation|toc)\b|^---\s*$", re.MULTILINE),
    # Jinja's {{ value }}, {% tag %} and {# comment #}, or a template's file name;
    # a JSON object is none of these
    "template text": re.compile(r"\{\{[^{}]*\}\}|\{%.*?%\}|\{#.*?#\}|\.j2\b|\bj2\b"),
}

READ_PAGE_JS = """
([scrollBoxes, fieldTable]) => {
  const article = document.querySelector("article.md-content__inner");
  // The content column: Material lets tables bleed into the article's padding on phones, not beyond it.
  const box = article.parentElement.getBoundingClientRect();
  const right = Math.min(box.right, document.documentElement.clientWidth);
  const describe = (el) => {
    const id = el.id ? "#" + el.id : "";
    const cls = el.getAttribute("class") ? "." + el.getAttribute("class").trim().split(/\\s+/).join(".") : "";
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
  };
  const out = (el) => {
    const r = el.getBoundingClientRect();
    return (r.width > 0 || r.height > 0) && (r.right > right + 1 || r.left < box.left - 1);
  };
  // Outermost elements sticking out of the article, not counting what a scroll box holds.
  const sticking = [];
  for (const el of article.querySelectorAll("*")) {
    if (el.closest(fieldTable)) continue;
    const scroller = el.parentElement && el.parentElement.closest(scrollBoxes);
    if (scroller && article.contains(scroller)) continue;
    const parentOut = el.parentElement && el.parentElement !== article && out(el.parentElement);
    if (out(el) && !parentOut) sticking.push(describe(el));
  }
  // The article's text without code (a schema or an example may hold braces of its own).
  const proseText = (root) => {
    const copy = root.cloneNode(true);
    copy.querySelectorAll("pre, code, svg").forEach(el => el.remove());
    return copy.textContent;
  };
  // Key facts of an event page: the dd after each named dt, and the first payload field row (its id is the
  // field's anchor, #v2-<field.path>) with every one of its cells.
  const facts = {};
  for (const dt of article.querySelectorAll(".cc-facts dt")) {
    const dd = dt.nextElementSibling;
    const r = dd.getBoundingClientRect();
    facts[dt.textContent.trim()] = dd.checkVisibility() && r.width > 0
      && r.left >= box.left - 1 && r.right <= right + 1;
  }
  const row = [...article.querySelectorAll("[id]")]
    .find(el => /^v\\d+-./.test(el.id) && !/^H\\d$/.test(el.tagName));
  let fieldRow = null;
  if (row) {
    const hidden = [row, ...row.children].filter(cell => {
      cell.scrollIntoView({block: "center"});
      const r = cell.getBoundingClientRect();
      return !cell.checkVisibility() || r.width === 0 || r.left < box.left - 1 || r.right > right + 1
        || r.right > innerWidth;
    }).map(describe);
    fieldRow = {id: row.id, hidden};
    scrollTo(0, 0);
  }
  const fieldTables = [...article.querySelectorAll(fieldTable)]
    .filter(el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > right + 1)
    .map(describe);
  return {
    title: document.title,
    h1: (article.querySelector("h1") || {textContent: ""}).textContent.replace("¶", "").trim(),
    text: proseText(article),
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    sticking, facts, fieldRow, fieldTables,
  };
}
"""

AXE_JS = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => {
      const where = v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ");
      return `${v.id} (${v.impact}) x${v.nodes.length}: ${where}`;
    });
}
"""


@pytest.fixture(scope="module")
def readings(browser, base_url, catalog_site) -> dict[str, dict[str, dict]]:
    """{width: {page path: what READ_PAGE_JS found, plus axe's findings on AXE_PAGES}}: one tab per width."""
    pages = site_pages(catalog_site)
    found: dict[str, dict[str, dict]] = {}
    for name, viewport in WIDTHS.items():
        page = browser.new_context(viewport=viewport, color_scheme="light").new_page()
        found[name] = {}
        for path in pages:
            response = page.goto(f"{base_url}/{path}", wait_until="load")
            assert response is not None and response.ok, f"/{path} answered {response and response.status}"
            reading = page.evaluate(READ_PAGE_JS, [SCROLL_BOXES, FIELD_TABLE])
            if path in AXE_PAGES_AT[name]:
                page.add_script_tag(path=str(AXE))
                reading["axe"] = page.evaluate(AXE_JS, AXE_TAGS)
            found[name][path] = reading
        page.context.close()
    return found


def report(problems: dict[str, object]) -> str:
    return "\n".join(f"/{path}: {problem}" for path, problem in problems.items())


def subject(path: str) -> str | None:
    """What an event or a domain page's <title> must be (before ' - <site name>'), None for other pages."""
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "events":
        return parts[1]
    if len(parts) == 2 and parts[0] == "domains":
        return f"Domain {parts[1]}"
    return None


def title_subject(title: str) -> str:
    return title.removesuffix(f" - {SITE_NAME}")


def test_every_event_type_and_domain_has_a_page_in_the_gate(readings):
    pages = readings["1440"]
    assert {f"events/{name}/" for name in registry_events()} <= set(pages)
    assert {f"domains/{name}/" for name in registry_domains()} <= set(pages)


@pytest.mark.parametrize("width", WIDTHS)
def test_event_and_domain_pages_are_titled_by_their_subject(readings, width):
    wrong = {
        path: r["title"]
        for path, r in readings[width].items()
        if subject(path) and title_subject(r["title"]) != subject(path)
    }
    assert not wrong, "titles that are not the page's subject:\n" + report(wrong)


@pytest.mark.parametrize("width", WIDTHS)
def test_other_pages_are_titled_by_their_heading(readings, width):
    """The title names what the heading names: 'Graph' for 'System graph', a document's own title."""
    wrong = {}
    for path, r in readings[width].items():
        said, heading = title_subject(r["title"]).casefold(), r["h1"].casefold()
        if not subject(path) and not (said and heading and (said in heading or heading in said)):
            wrong[path] = f"title {r['title']!r}, heading {r['h1']!r}"
    assert not wrong, "titles that do not name the page's subject:\n" + report(wrong)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_front_matter_or_template_text_shows(readings, width):
    leaks = {
        path: [f"{kind}: {m.group(0)!r}" for kind, rx in LEAKS.items() for m in [rx.search(r["text"])] if m]
        for path, r in readings[width].items()
    }
    leaks = {path: found for path, found in leaks.items() if found}
    assert not leaks, "front matter or template text in the content:\n" + report(leaks)


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_sticks_out_of_the_content_outside_a_scroll_box(readings, width):
    wide = {
        path: f"page {r['pageOverflow']}px wider than the window"
        for path, r in readings[width].items()
        if r["pageOverflow"] > 0
    }
    sticking = {path: r["sticking"][:5] for path, r in readings[width].items() if r["sticking"]}
    assert not wide, "pages that scroll sideways:\n" + report(wide)
    assert not sticking, "elements outside the content column (not in a .cc-scroll box):\n" + report(sticking)


@pytest.mark.parametrize("width", WIDTHS)
def test_payload_field_table_fits_its_column(readings, width):
    cut = {path: r["fieldTables"] for path, r in readings[width].items() if r["fieldTables"]}
    assert not cut, "payload field tables wider than their column:\n" + report(cut)


@pytest.mark.parametrize("width", WIDTHS)
def test_event_pages_show_producer_consumers_and_use_now(readings, width):
    events = {path: r for path, r in readings[width].items() if path.startswith("events/") and subject(path)}
    assert len(events) == len(registry_events())
    missing = {
        path: [fact for fact in ("Producer", "Consumers", "Use now") if not r["facts"].get(fact)]
        for path, r in events.items()
    }
    missing = {path: facts for path, facts in missing.items() if facts}
    assert not missing, "key facts not in view:\n" + report(missing)


@pytest.mark.parametrize("width", WIDTHS)
def test_event_pages_show_every_cell_of_the_first_payload_field_row(readings, width):
    events = {path: r for path, r in readings[width].items() if path.startswith("events/") and subject(path)}
    with_payload = {path: r for path, r in events.items() if "Payload" in r["facts"]}
    assert len(with_payload) > len(events) / 2, "most event pages have a payload field table"
    absent = [path for path, r in with_payload.items() if r["fieldRow"] is None]
    cut = {
        path: f"#{r['fieldRow']['id']}: {r['fieldRow']['hidden']}"
        for path, r in with_payload.items()
        if r["fieldRow"] and r["fieldRow"]["hidden"]
    }
    assert not absent, f"event pages with a payload but no field row: {absent}"
    assert not cut, "first field rows with cells out of view:\n" + report(cut)


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_serious_or_critical_violation(readings, width):
    checked = {path: r["axe"] for path, r in readings[width].items() if "axe" in r}
    assert set(checked) == set(AXE_PAGES_AT[width])
    failing = {path: found for path, found in checked.items() if found}
    assert not failing, "axe-core, WCAG 2 A/AA, serious or critical:\n" + report(failing)


# Where the keyboard is: the focused element's outline, and its contrast with what is painted behind it
# (WCAG 2.4.7, and 3:1 for the ring). Links drawn in a picture show focus by their shape's accent stroke.
FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const probe = document.createElement("canvas").getContext("2d");
  const rgb = (css) => { probe.fillStyle = "#000"; probe.fillStyle = css; probe.fillRect(0, 0, 1, 1);
                         return [...probe.getImageData(0, 0, 1, 1).data]; };
  const luminance = ([r, g, b]) => [r, g, b].map(c => c / 255)
    .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = (e) => {
    for (; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (!/rgba\\(.*, 0\\)$|transparent/.test(c)) return c;
    }
    return "rgb(255, 255, 255)";
  };
  const firstClass = (el.getAttribute("class") || "").split(" ")[0];
  const text = `${el.tagName.toLowerCase()}.${firstClass} "${(el.textContent || "").trim().slice(0, 30)}"`;
  if (el.closest("svg")) {
    const shapes = [...el.querySelectorAll("rect, .cc-graph__line")];
    return {text, visible: shapes.some(s => parseFloat(getComputedStyle(s).strokeWidth) >= 2.5)};
  }
  const style = getComputedStyle(el);
  const ring = luminance(rgb(style.outlineColor)), back = luminance(rgb(behind(el.parentElement)));
  const ratio = (Math.max(ring, back) + 0.05) / (Math.min(ring, back) + 0.05);
  return {text, visible: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1 && ratio >= 3,
          ratio: Math.round(ratio * 10) / 10};
}
"""
FOCUS_PAGES = ["events/intake.matched/", "graph/", "timeline/"]
TAB_STOPS = 40


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", FOCUS_PAGES)
def test_keyboard_focus_is_visible_at_every_tab_stop(reader, path, width):
    reader.page.set_viewport_size(WIDTHS[width])
    page = reader.open(path)
    unseen = []
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_JS)
        # text fields show focus by their caret and their opened search panel
        if stop and not stop["visible"] and not stop["text"].startswith("input."):
            unseen.append(stop)
    assert not unseen, f"/{path} at {width}px: tab stops without a visible focus ring: {unseen[:6]}"
