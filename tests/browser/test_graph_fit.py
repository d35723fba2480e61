"""Graphs and timelines as a reader meets them: they fit their column or scroll whole inside it, their text
stays readable on a phone, a node lights its edges on hover and on keyboard focus, each arrow is a target."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PICTURES = "svg.cc-graph__svg, svg.cc-tl-chart"
PAGES_WITH_PICTURES = ["graph/", "events/intake.matched/", "domains/sales/", "timeline/"]

# Each picture: does it fit the content column, or else can its scroll box bring its right edge into view?
FIT_JS = """
(selector) => document.querySelectorAll(selector).length
  ? [...document.querySelectorAll(selector)].map(svg => {
  const column = document.querySelector("article.md-content__inner").parentElement.getBoundingClientRect();
  const box = svg.closest(".cc-scroll");
  if (box) box.scrollLeft = box.scrollWidth;
  const r = svg.getBoundingClientRect();
  const frame = box ? box.getBoundingClientRect() : column;
  const result = {label: svg.getAttribute("aria-label"), inScrollBox: !!box,
                  reachable: r.right <= frame.right + 1 && frame.right <= column.right + 1 && r.width > 0};
  if (box) box.scrollLeft = 0;
  return result;
}) : null
"""

# The smallest text of each picture, in CSS pixels as drawn (font size times the picture's scale).
SMALLEST_TEXT_JS = """
(selector) => [...document.querySelectorAll(selector)].map(svg => {
  const scale = svg.getScreenCTM().a;
  const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return [svg.getAttribute("aria-label"), Math.min(...sizes)];
})
"""

# How many of a node's edges are drawn lit (accent stroke, unlike the others), and how many other edges are.
LIT_JS = """
(node) => {
  const svg = node.closest("svg");
  const index = node.getAttribute("data-node");
  const edges = [...svg.querySelectorAll(".cc-graph__edge")];
  const mine = edges.filter(e => e.getAttribute("data-ends").split(" ").includes(index));
  const others = edges.filter(e => !mine.includes(e));
  const stroke = (e) => getComputedStyle(e.querySelector(".cc-graph__line")).stroke;
  const accent = getComputedStyle(document.body).getPropertyValue("--md-accent-fg-color").trim();
  const probe = document.createElement("div");
  probe.style.color = accent;
  document.body.append(probe);
  const accentRgb = getComputedStyle(probe).color;
  probe.remove();
  const lit = (e) => stroke(e) === accentRgb;
  return {mine: mine.length, mineLit: mine.filter(lit).length, othersLit: others.filter(lit).length};
}
"""


@pytest.fixture
def phone(browser, base_url):
    from .conftest import Reader

    page = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="light").new_page()
    yield Reader(page, base_url)
    page.context.close()


@pytest.mark.parametrize("path", PAGES_WITH_PICTURES)
@pytest.mark.parametrize("width", [1440, 390])
def test_every_picture_fits_its_column_or_scrolls_whole_inside_it(reader, path, width):
    reader.page.set_viewport_size({"width": width, "height": 900})
    found = reader.open(path).evaluate(FIT_JS, PICTURES)
    assert found, f"/{path} has no picture"
    cut = [f["label"] for f in found if not f["reachable"]]
    assert not cut, (
        f"/{path} at {width}px: pictures cut off, with no scroll box to reach their right edge: {cut}"
    )


@pytest.mark.parametrize("path", PAGES_WITH_PICTURES)
def test_picture_text_is_at_least_11px_on_a_phone(phone, path):
    sizes = phone.open(path).evaluate(SMALLEST_TEXT_JS, PICTURES)
    small = [(label, round(size, 1)) for label, size in sizes if size < 10.9]
    assert sizes and not small, f"/{path} at 390px: pictures with text under 11px: {small}"


def test_hovering_a_node_lights_its_edges_and_only_those(reader):
    page = reader.open("graph/")
    node = page.locator("svg.cc-graph__svg a.cc-graph__node[href$='domains/sales/']").last
    node.hover()
    lit = node.evaluate(LIT_JS)
    assert lit["mine"] >= 5, lit
    assert lit["mineLit"] == lit["mine"] and lit["othersLit"] == 0, lit
    page.mouse.move(0, 0)
    assert node.evaluate(LIT_JS)["mineLit"] == 0


def test_keyboard_focus_on_a_node_lights_its_edges_and_outlines_it(reader):
    page = reader.open("events/intake.matched/")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('svg a.cc-graph__node')"):
            break
    else:
        pytest.fail("Tab never reached a node of the flow graph")
    node = page.locator("svg a.cc-graph__node:focus")
    lit = node.evaluate(LIT_JS)
    assert lit["mine"] >= 1 and lit["mineLit"] == lit["mine"], lit
    stroke_width = node.evaluate("n => parseFloat(getComputedStyle(n.querySelector('rect')).strokeWidth)")
    assert stroke_width >= 2.5, "a focused node has no visible outline"


def test_the_end_of_every_edge_is_a_click_target_of_its_own(reader):
    """Where edges reach a box side by side (the last 20 px of each line and its arrowhead), a click there
    opens that edge, not a neighbour drawn across it."""
    page = reader.open("graph/")
    wrong = page.evaluate("""() => {
      const wrong = [];
      for (const edge of document.querySelectorAll("svg.cc-graph__svg .cc-graph__edge")) {
        const arrow = edge.querySelector(".cc-graph__arrow");
        arrow.scrollIntoView({block: "center", inline: "center"});
        const r = arrow.getBoundingClientRect();
        const line = edge.querySelector(".cc-graph__line");
        const length = line.getTotalLength();
        const m = line.getScreenCTM();
        const points = [[r.x + r.width / 2, r.y + r.height / 2]];
        for (let back = 0; back <= 20; back += 2) {
          const p = line.getPointAtLength(length - back);
          points.push([m.a * p.x + m.e, m.d * p.y + m.f]);
        }
        for (const [x, y] of points) {
          const hit = document.elementFromPoint(x, y);
          const other = hit && hit.closest("a");
          if (other !== edge) {
            const what = other ? other.querySelector("title").textContent : hit && hit.tagName;
            wrong.push(`${edge.querySelector("title").textContent} (a click there opens ${what})`);
            break;
          }
        }
      }
      return wrong;
    }""")
    assert not wrong, f"{len(wrong)} edge ends where a click opens another edge: {wrong[:5]}"
