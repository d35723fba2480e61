"""What the search index should find in a catalog page, said in the HTML the search plugin reads.

The search plugin makes one entry per heading and joins the text in between as it comes. So a payload field,
a table row, was only text of its version's "v2 payload" entry, and table cells ran together
("VersionDeprecatedConsumable until"), so "deprecated" did not find the timeline's tables. In the copy the
search plugin reads (the published page is unchanged), each field row gets a heading of its own, carrying
the field's anchor (`#v2-submission_summary.first_name`, so a result opens the row), and cells end with a space.
"""

from __future__ import annotations

import re

# An element other than a heading that carries a field anchor: "v2-" and the field's path.
_FIELD = re.compile(r'<(?!h[1-6]\b)([a-z][a-z0-9]*)\b[^>]*?\sid="v(\d+)-([^"]+)"')
_CELL_END = re.compile(r"</(td|th|dt|dd|caption)>")


def searchable(html: str) -> str:
    """`html` with a search heading before each payload field row and a space after each table cell."""
    html = _FIELD.sub(_with_heading, html)
    return _CELL_END.sub(r"</\1> ", html)


def _with_heading(match: re.Match) -> str:
    version, path = match.group(2), match.group(3)  # the path is attribute text: already escaped
    return f'<h6 id="v{version}-{path}">{path} · v{version} field</h6>{match.group(0)}'
