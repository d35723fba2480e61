"""Untrusted text to safe HTML: the one place where text from JSON becomes markup.

Notes, schema descriptions and titles come from files anyone with a pull request can change. They are
rendered as Markdown with raw HTML escaped (shown as text, so a reader sees what the file says), then the
result is sanitised with an allow-list (ammonia, through nh3) so that no script, event handler or
`javascript:` link can survive, whatever the Markdown parser does.
"""

from __future__ import annotations

import html

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "a", "code", "pre", "em", "strong", "ul", "ol", "li", "blockquote", "br", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "del", "span", "div",
    "sup", "sub", "kbd", "details", "summary", "dl", "dt", "dd", "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
    "th": {"align", "style"},
    "td": {"align", "style"},
    "img": {"src", "alt", "title"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(markup: str) -> str:
    """Keep only harmless tags, attributes and link schemes (relative links are kept)."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _escaping_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Raw HTML is shown as text instead of passed through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MARKDOWN = _escaping_markdown()


def render_markdown(source: str | None) -> Markup:
    """Block Markdown (paragraphs, lists, code) from untrusted text, as safe HTML."""
    if not source:
        return Markup("")
    _MARKDOWN.reset()
    return Markup(sanitize_html(_MARKDOWN.convert(str(source))))


def render_inline(source: str | None) -> Markup:
    """One line of untrusted Markdown (a table cell, a title) without the surrounding paragraph."""
    rendered = str(render_markdown(source))
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)


def escape_markdown_inline(text: str) -> str:
    """Untrusted text placed into generated Markdown (a heading): HTML-escaped, Markdown syntax neutralised."""
    escaped = str(text)
    for char in "\\`*_{}[]()#+!|~":
        escaped = escaped.replace(char, "\\" + char)
    # After the backslashes, so the entities that escaping writes stay intact.
    return html.escape(escaped, quote=True)
