"""The ids of the HTML the plugin puts in after Markdown, so MkDocs' anchor validation knows them.

MkDocs collects a page's anchors while Markdown runs (`Page.present_anchor_ids`) and checks every
`page.md#anchor` link against them once all pages are rendered. Field anchors (`#v2-order_id`) live in
fragments swapped in after Markdown, so without this a hand-written page linking to one fails `--strict`
under `validation: anchors: warn`.

Every id of every fragment is kept packed, and a page's `present_anchor_ids` gets only those that some page
links to, once every page is read: the check asks about linked anchors only, and the sets of every field
anchor of every page held 70 MB at 1,000 wide event types until the build ended.
"""

from __future__ import annotations

import html
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable

ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def html_ids(fragments: Iterable[str]) -> set[str]:
    """Every id attribute of the fragments, unescaped as a browser reads it."""
    return {
        html.unescape(double or single)
        for fragment in fragments
        for double, single in ID_ATTRIBUTE.findall(fragment)
    }


class FragmentAnchors:
    """The ids of the fragments swapped into each page, packed, until MkDocs' anchor check needs them."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def keep(self, src_uri: str, ids: Iterable[str]) -> None:
        joined = "\n".join(ids)
        if joined:
            self._packed[src_uri] = zlib.compress(joined.encode("utf-8"), 1)

    def packed(self, src_uri: str) -> bytes | None:
        """A page's ids as `keep` packed them, for a live preview to carry to a build that skips the page."""
        return self._packed.get(src_uri)

    def restore(self, src_uri: str, packed: bytes | None) -> None:
        if packed is not None:
            self._packed[src_uri] = packed

    def add_linked(self, pages: list) -> None:
        """Once every page is read (links are known): each MkDocs page's fragment ids that some page links to
        join its `present_anchor_ids`, which is all `Page.validate_anchor_links` asks about."""
        linked: dict[str, set[str]] = defaultdict(set)
        for page in pages:
            for to_file, links in (page.links_to_anchors or {}).items():
                linked[to_file.src_uri].update(links)
        for page in pages:
            packed = self._packed.get(page.file.src_uri)
            wanted = linked.get(page.file.src_uri)
            if packed is not None and wanted and page.present_anchor_ids is not None:
                page.present_anchor_ids |= wanted.intersection(
                    zlib.decompress(packed).decode("utf-8").split("\n")
                )
