"""Long names in inline code may wrap after a dot or an underscore, never in the middle of a word.

Browsers break `processor_reference` or `intake.captured` anywhere once a narrow table column squeezes it
(Material lets inline code break inside words). A `<wbr>` after each `.` and `_` of a long name gives the
browser better places; the stylesheet (field-table.css) then forbids breaks inside words. Search indexes
join the text around a `<wbr>` without a space, so words stay whole there too.
"""

from __future__ import annotations

import re

LONG = 20  # shorter names fit every column as they are
# Inline code holding one long name: no attributes (code blocks have a class), no markup, no spaces inside.
_NAME = re.compile(r"(?<!<pre>)<code>([^<>\s]{" + str(LONG + 1) + r",})</code>")


def with_breaks(escaped: str) -> str:
    """Escaped text with a `<wbr>` after every dot and underscore (escaping never makes either)."""
    return escaped.replace(".", ".<wbr>").replace("_", "_<wbr>")


def breakable_names(html: str) -> str:
    """`html` with a `<wbr>` after every dot and underscore of each long name in inline code."""
    if "<code>" not in html:
        return html
    return _NAME.sub(lambda m: f"<code>{with_breaks(m.group(1))}</code>", html)
