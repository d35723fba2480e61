"""A `SchemaDoc` as an HTML fragment for an event page (or the envelope page); no MkDocs needed.

Escaping is decided once, here: the build's Jinja environment (`PageRenderer.env`) autoescapes every value,
and descriptions, the only Markdown from JSON, go through `prose.text.render_markdown`. The templates never
mark JSON text `|safe`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup

from ..schema.document import SchemaDoc
from .field_table import FieldTable, PageShown, constraint_html, definitions_html
from .renderer import PageRenderer

TEMPLATE = "partials/payload.html.j2"
RAW_EMBED_MAX = 16_000  # characters of a schema file shown inline; larger files are only linked


def _safe_link(url: str) -> str | None:
    """The download link only if it is relative or a web address (never `javascript:` and the like)."""
    scheme = urlsplit(url).scheme if url else ""
    return url if url and scheme in {"", "http", "https"} else None


def render_payload(
    renderer: PageRenderer,
    doc: SchemaDoc,
    *,
    schema_url: str,
    page: PageShown | None = None,
    subject: str = "Payload",
) -> Markup:
    """The field table, examples, and raw schema of one payload schema version (or of the envelope).

    Rendered by the build's one template environment, so a site's `custom_templates` may replace any partial.
    `page` is shared by the versions on one page (newest first), so that what one shows the others link to.
    """
    template = renderer.env.get_template(TEMPLATE)
    table = FieldTable(doc.definitions, page)
    html = template.render(
        doc=doc,
        constraint=constraint_html,
        subject=subject,
        fields_html=table.table(doc.fields),
        definitions_html=definitions_html(table),
        raw_embed_max=RAW_EMBED_MAX,
        schema_url=_safe_link(schema_url),
        file_name=doc.path.rsplit("/", 1)[-1],
    )
    return Markup(html)
