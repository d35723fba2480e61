"""Screenshots of the pages a new engineer meets first, written to tests/output/screenshots/ (ignored by git).

The README's pictures in docs/images/ are copied from these by `make readme-images`
(scripts/readme_images.py), after a look at them.
"""

from __future__ import annotations

import pytest

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

SHOTS = {
    # name: (path, what must be on the page, where the picture starts (None: the first screenful), its height)
    "home": ("", "[data-cc-count='events']", None, None),
    "event-page": ("events/intake.matched/", "table.cc-versions", None, None),
    "graph": ("graph/", "svg.cc-graph__svg", "figure.cc-graph__canvas", None),  # the whole drawing
    "timeline": ("timeline/", "svg.cc-tl-chart", "h2#by-producer", 900),  # the Gantt charts
}


def clip_from(page, selector: str, height: int | None) -> dict:
    """A page region from the element's top, as wide as the window (the sticky header is not in it)."""
    box = page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect(); return {y: r.y + scrollY, height: r.height}; }"
    )
    return {
        "x": 0,
        "y": max(0, box["y"] - 16),
        "width": page.viewport_size["width"],
        "height": height or box["height"] + 32,
    }


@pytest.mark.parametrize("name", SHOTS)
def test_screenshot_of_a_page_a_new_engineer_meets_first(reader, name):
    path, content, start, height = SHOTS[name]
    page = reader.open(path)
    assert page.locator(content).first.is_visible(), f"/{path} does not show {content}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    if start:
        page.screenshot(path=str(target), full_page=True, clip=clip_from(page, start, height))
    else:
        page.screenshot(path=str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# The fixed set shown at a desktop and a phone width: name: (path, where the picture starts, None: page top).
AT_BOTH_WIDTHS = {
    "event-page": ("events/intake.matched/", None),
    "event-fields": ("events/intake.matched/", "[id^='payload-v']"),
    "contract-page": ("contracts/identity/", None),
    "graph": ("graph/", "figure.cc-graph__canvas"),
    "domain-page": ("domains/sales/", None),
}
WIDTHS = {1440: 900, 390: 844}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", AT_BOTH_WIDTHS)
def test_screenshot_at_a_desktop_and_a_phone_width(reader, name, width):
    path, start = AT_BOTH_WIDTHS[name]
    reader.page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    page = reader.open(path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}-{width}.png"
    if start:
        page.screenshot(path=str(target), full_page=True, clip=clip_from(page, start, WIDTHS[width]))
    else:
        page.screenshot(path=str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_screenshot_of_an_event_page_in_the_dark_palette(reader):
    page = reader.open("events/intake.matched/")
    page.locator("form[data-md-component='palette'] label:visible").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_timeout(400)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "event-page-dark.png"))
