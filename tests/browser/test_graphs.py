"""The flow graphs and the timeline: their nodes are links, and their text stays legible in both palettes."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import registry_events

pytestmark = pytest.mark.browser

EVENT = "intake.matched"
PICTURES = "svg.cc-graph__svg, svg.cc-tl-chart"

# For every text of the catalog's pictures: its colour, composited over what is painted beneath its centre
# (a node's box, a stripe, else the page), and the WCAG 2 contrast ratio of the two.
CONTRAST_JS = """
selector => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const rgba = (css) => {  // any CSS colour -> [r, g, b, a]
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0, 0, 0, 0)";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, alpha, below) => below.map((c, i) => top[i] * alpha + c * (1 - alpha));
  const opacity = (el) => {
    let o = parseFloat(getComputedStyle(el).fillOpacity);
    for (let e = el; e && e.tagName.toLowerCase() !== "svg"; e = e.parentElement) {
      o *= parseFloat(getComputedStyle(e).opacity);
    }
    return o;
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map(c => c / 255).map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const shapes = new Set(["rect", "path", "polygon", "circle", "ellipse"]);
  const result = [];
  for (const text of document.querySelectorAll(`:is(${selector}) text`)) {
    if (!text.textContent.trim()) continue;
    text.scrollIntoView({block: "center", inline: "center"});
    const box = text.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const saved = text.style.pointerEvents;
    text.style.pointerEvents = "all";
    const stack = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    text.style.pointerEvents = saved;
    const below = stack.slice(stack.indexOf(text) + 1);
    const layers = [];  // top to bottom, down to the first opaque one
    for (const el of below) {
      const style = getComputedStyle(el);
      const isShape = el instanceof SVGElement && shapes.has(el.tagName.toLowerCase());
      const paint = isShape ? (style.fill.startsWith("url(") ? "none" : style.fill) : style.backgroundColor;
      const [r, g, b, a] = rgba(paint);
      const alpha = a * (isShape ? opacity(el) : 1);
      if (alpha > 0) layers.push([[r, g, b], alpha]);
      if (alpha >= 1) break;
    }
    let backdrop = [255, 255, 255];
    for (const [rgb, alpha] of layers.reverse()) backdrop = over(rgb, alpha, backdrop);
    const [r, g, b, a] = rgba(getComputedStyle(text).fill);
    const ink = over([r, g, b], a * opacity(text), backdrop);
    const [hi, lo] = [luminance(ink), luminance(backdrop)].sort((x, y) => y - x);
    const style = getComputedStyle(text);
    const size = parseFloat(style.fontSize) * text.ownerSVGElement.getScreenCTM().a;
    const bold = parseInt(style.fontWeight, 10) >= 700;
    result.push({
      text: text.textContent.trim().slice(0, 40), ratio: (hi + 0.05) / (lo + 0.05),
      large: size >= 24 || (bold && size >= 18.66),
      ink: ink.map(Math.round), backdrop: backdrop.map(Math.round),
    });
  }
  return result;
}
"""


def illegible(page) -> tuple[int, list[str]]:
    texts = page.evaluate(CONTRAST_JS, PICTURES)
    bad = [
        f"{t['text']!r}: {t['ratio']:.2f} (ink {t['ink']} on {t['backdrop']})"
        for t in texts
        if t["ratio"] < (3 if t["large"] else 4.5)
    ]
    return len(texts), bad


def test_clicking_a_node_of_an_event_flow_graph_opens_the_domain_page(reader):
    page = reader.open(f"events/{EVENT}/")
    consumer = registry_events()[EVENT]["consumers"][0]
    node = page.locator(f"svg.cc-graph__svg a.cc-graph__node[href$='domains/{consumer}/']")
    assert node.count() == 1, f"no node of the flow graph links to the page of {consumer}"
    node.click()
    page.wait_for_url(lambda url: urlsplit(url).path == f"/domains/{consumer}/")
    assert consumer in page.locator("article h1").inner_text()


def test_clicking_an_event_node_of_the_system_graph_opens_the_event_page(reader):
    page = reader.open("graph/")
    node = page.locator(f"svg.cc-graph__svg a.cc-graph__node[href$='events/{EVENT}/']")
    assert node.count() == 1, f"no node of the system graph links to {EVENT}"
    node.click()
    page.wait_for_url(lambda url: urlsplit(url).path == f"/events/{EVENT}/")
    assert page.locator("article h1").inner_text().rstrip("¶") == EVENT


@pytest.mark.parametrize("path", ["graph/", "timeline/", f"events/{EVENT}/"])
def test_palette_toggle_switches_to_dark_and_graph_and_timeline_text_stays_legible(reader, path):
    page = reader.open(path)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    pictures = page.locator(PICTURES)
    assert pictures.count() > 0, f"/{path} shows no graph or timeline"
    counted, bad = illegible(page)
    assert counted > 0 and not bad, f"light palette, /{path}: {bad}"

    page.locator("form[data-md-component='palette'] label:visible").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_timeout(400)  # Material fades colours over 250 ms
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), "the page did not turn dark"
    counted, bad = illegible(page)
    assert counted > 0 and not bad, f"dark palette, /{path}: {bad}"
