"""What the search index should find in a catalog page, said in the HTML the search plugin reads.

The search plugin makes one entry per heading and joins the text in between as it comes. A payload field, a
table row, was only text of its version's "v2 payload" entry, and table cells ran together
("VersionDeprecatedConsumable until"), so "deprecated" did not find the timeline's tables. In the copy the
search plugin reads (the published page is unchanged):

- the field tables and shared definitions are left out: the field index gives the search plugin one entry
  per field instead (`FieldsView.search_html`: a heading with the row's anchor, its type and description),
  and the HTML parser no longer walks every tag of the largest part of an event page (issue 22);
- any other element carrying a field anchor (`#v2-submission_summary.first_name`) gets a heading of its
  own, so a result opens it;
- table cells end with a space.
"""

from __future__ import annotations

import re

# An element other than a heading that carries a field anchor: "v2-" and the field's path.
_FIELD = re.compile(r'<(?!h[1-6]\b)([a-z][a-z0-9]*)\b[^>]*?\sid="v(\d+)-([^"]+)"')
_CELL_END = re.compile(r"</(td|th|dt|dd|caption)>")
# The field tables of a payload (field_table.py): the top-level table, and the shared definitions.
_FIELD_TABLES = (('<table class="cc-fields">', "table"), ('<div class="cc-definitions">', "div"))


def searchable(html: str) -> str:
    """`html` without its field tables, with a search heading before each other field anchor and a space
    after each table cell."""
    for opening, tag in _FIELD_TABLES:
        html = _without(html, opening, tag)
    html = _FIELD.sub(_with_heading, html)
    return _CELL_END.sub(r"</\1> ", html)


def _with_heading(match: re.Match) -> str:
    version, path = match.group(2), match.group(3)  # the path is attribute text: already escaped
    return f'<h6 id="v{version}-{path}">{path} · v{version} field</h6>{match.group(0)}'


def _without(html: str, opening: str, tag: str) -> str:
    """`html` without each element that starts with `opening`, the elements of its kind nested in it included;
    an element left unclosed is kept (the search plugin then reads it as it is)."""
    parts, start = [], 0
    tags = re.compile(rf"<(/?){tag}\b")
    while (found := html.find(opening, start)) != -1:
        depth, end = 0, -1
        for match in tags.finditer(html, found):
            depth += -1 if match.group(1) else 1
            if depth == 0:
                end = html.find(">", match.end()) + 1
                break
        if end <= 0:
            break
        parts.append(html[start:found])
        start = end
    return "".join(parts) + html[start:] if parts else html
