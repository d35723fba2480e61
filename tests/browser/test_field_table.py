"""The payload field table in Chromium: every column readable at 1440 px, one card per field at 390 px, and a
link to a field inside a folded part (a shared definition's paths, a definition) unfolds it and lands on it.
"""

from __future__ import annotations

import pytest

from .conftest import SCREENSHOTS

SHARED = "events/refund.completed/"  # its v2 uses the `settlement` definition twice: shown once, folded
WIDTHS = {1440: 900, 390: 844}


def _in_view(page, element_id: str) -> bool:
    return page.evaluate(
        "id => { const e = document.getElementById(id); if (!e) return false;"
        " const r = e.getBoundingClientRect();"
        " const header = document.querySelector('header.md-header').getBoundingClientRect().bottom;"
        " return r.height > 0 && r.top >= header - 1 && r.bottom <= window.innerHeight; }",
        element_id,
    )


def _tinted(page, selector: str) -> bool:
    colour = page.locator(selector).first.evaluate("e => getComputedStyle(e).backgroundColor")
    return colour not in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_column_of_the_field_table_is_on_screen(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    page = context.new_page()
    page.goto(f"{base_url}/events/lead.created/", wait_until="load")
    row = page.locator("table.cc-fields tbody tr.cc-field").first
    row.scroll_into_view_if_needed()
    content = page.locator("article.md-content__inner").bounding_box()
    name, kind = row.locator("td.cc-field-path"), row.locator("td.cc-field-type")
    for cell in (name, row.locator("td.cc-field-description, .cc-field-description").first, kind):
        box = cell.bounding_box()
        assert box and box["width"] > 0, "a part of the row is not shown"
        assert content["x"] - 1 <= box["x"] and box["x"] + box["width"] <= content["x"] + content["width"] + 1
    if width == 390:  # a card: the type under the name, not beside it
        assert kind.bounding_box()["y"] >= name.bounding_box()["y"] + name.bounding_box()["height"] - 1
    else:
        assert abs(kind.bounding_box()["y"] - name.bounding_box()["y"]) < 2
        assert page.locator("td.cc-field-constraints").first.is_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"field-table-lead.created-{width}.png"))
    context.close()


@pytest.mark.parametrize("script", [True, False], ids=["with-script", "without-script"])
def test_a_link_into_a_folded_part_unfolds_it_and_highlights_the_field(browser, base_url, script):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=script)
    page = context.new_page()
    field = "v2-settlement.fees.processor_fee_returned"  # a path inside the shared definition
    page.goto(f"{base_url}/{SHARED}#{field}", wait_until="load")
    page.wait_for_function("id => document.getElementById(id).closest('details').open", arg=field)
    assert page.evaluate("id => document.getElementById(id).matches(':target')", field)
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 "
        "&& r.bottom <= innerHeight; }",
        arg=field,
    )
    assert _in_view(page, field)
    assert _tinted(page, f"tr.cc-field:has([id='{field}'])")  # the row that uses the definition
    if script:  # a later link on the same page (hashchange) unfolds the definition itself
        row = "v2~settlement.destination"
        page.evaluate("id => { location.hash = id; }", row)
        page.wait_for_function(
            "id => document.getElementById(id).closest('details.cc-definition').open", arg=row
        )
        page.wait_for_function(
            "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.height > 0 "
            "&& r.top >= 0 && r.bottom <= innerHeight; }",
            arg=row,
        )
        assert _tinted(page, f"[id='{row}']")
    context.close()


NO_MID_WORD_BREAK = """
codes => codes.filter(code => code.getClientRects().length > 0).flatMap(code => {
  // Each run of letters and digits between separators must sit on one line.
  const broken = [];
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const words = node.data.matchAll(/[A-Za-z0-9]+/g);
    for (const word of words) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  return broken;
})
"""


@pytest.mark.parametrize("path", ["events/", "events/refund.completed/", "contracts/refund-flow/"])
def test_names_in_tables_never_break_inside_a_word_on_a_phone(browser, base_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{base_url}/{path}", wait_until="load")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    codes = page.locator("article table code")
    assert codes.count() > 0
    assert codes.evaluate_all(NO_MID_WORD_BREAK) == []
    context.close()
