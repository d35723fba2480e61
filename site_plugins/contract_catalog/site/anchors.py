"""The ids of the HTML the plugin puts in after Markdown, so MkDocs' anchor validation knows them.

MkDocs collects a page's anchors while Markdown runs (`Page.present_anchor_ids`) and checks every
`page.md#anchor` link against them once all pages are rendered. Field anchors (`#v2-order_id`) live in
fragments swapped in after Markdown, so without this a hand-written page linking to one fails `--strict`
under `validation: anchors: warn`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def html_ids(fragments: Iterable[str]) -> set[str]:
    """Every id attribute of the fragments, unescaped as a browser reads it."""
    return {
        html.unescape(double or single)
        for fragment in fragments
        for double, single in ID_ATTRIBUTE.findall(fragment)
    }
