"""Untrusted text to safe HTML: the one place where text from JSON becomes markup.

Notes, schema descriptions and titles come from files anyone with a pull request can change. They are
rendered as Markdown with raw HTML escaped (shown as text, so a reader sees what the file says), then the
result is sanitised with an allow-list (ammonia, through nh3) so that no script, event handler or
`javascript:` link can survive, whatever the Markdown parser does.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import markdown
import nh3
from markupsafe import Markup

from ..core.markdown_budget import MAX_NOTES_CHARS, markdown_over_budget
from ..core.panics import Panic, contained

ALLOWED_TAGS = {
    "p",
    "a",
    "code",
    "pre",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "del",
    "span",
    "div",
    "sup",
    "sub",
    "kbd",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
    "th": {"align", "style"},
    "td": {"align", "style"},
    "img": {"src", "alt", "title"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
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
    return Markup(_render_markdown(str(source)))


@lru_cache(maxsize=16_384)  # descriptions repeat across schemas (shared $defs): each is converted once
def _render_markdown(source: str) -> str:
    """Markdown within the rendering budget;
    text over it (the model reports notes over it) stays plain text."""
    if len(source) > MAX_NOTES_CHARS or markdown_over_budget(source, front_matter=False):
        return _plain(source)
    _MARKDOWN.reset()
    try:
        with contained():
            return sanitize_html(_MARKDOWN.convert(source))
    except (Panic, RecursionError):
        return _plain(source)


def _plain(source: str) -> str:
    return f'<p class="cc-unrendered">{html.escape(source[:MAX_NOTES_CHARS])}</p>'


def render_inline(source: str | None) -> Markup:
    """One line of untrusted Markdown (a table cell, a title) without the surrounding paragraph."""
    rendered = str(render_markdown(source))
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)


def escape_markdown_inline(text: str) -> str:
    """Untrusted text placed into generated Markdown (a heading):
    HTML-escaped, Markdown syntax neutralised."""
    escaped = str(text)
    for char in "\\`*_{}[]()#+!|~":
        escaped = escaped.replace(char, "\\" + char)
    # After the backslashes, so the entities that escaping writes stay intact.
    return html.escape(escaped, quote=True)


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def page_title(title: str | None) -> str | None:
    """A page title that stays text in both places the theme prints it.

    Material writes the title as HTML in the header and, after `striptags` (which also unescapes entities),
    inside `<title>`. A title from a front matter `title:` is raw text, one from a heading is escaped; both
    become escaped plain text here, and a zero-width space after each '<' that could open a tag keeps
    `</title><script>` from ending the title element once unescaped. Titles without '<' are unchanged.
    """
    if title is None:
        return None
    plain = _TAG_START.sub("<\u200b", Markup(str(title)).striptags())
    return html.escape(plain, quote=False)


def escape_front_matter(value: Any) -> Any:
    """Front matter of a file from the contracts tree with every text HTML-escaped, lists and mappings too.

    The theme prints some fields (`description`, `author`) unescaped into attributes of every page.
    """
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, dict):
        return {key: escape_front_matter(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escape_front_matter(item) for item in value]
    return value
