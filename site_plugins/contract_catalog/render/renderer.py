"""Page text from Jinja templates. Escaping is decided here, once: autoescape is always on.

A generated page is Markdown for its headings (so MkDocs builds the table of contents and search sections)
with HTML fragments between them. Fragments are not given to Python-Markdown at all: a template wraps HTML
in `{% filter fragment %}`, which stores it and leaves a placeholder paragraph; the plugin swaps the
placeholders for the stored HTML after Markdown has run. That keeps untrusted text away from Markdown's raw
HTML handling and keeps generated pages cheap to convert.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    pass_context,
)
from markupsafe import Markup

from ..model.urls import SiteUrls
from ..prose.text import escape_markdown_inline, render_inline, render_markdown
from .wordbreaks import breakable


@dataclass
class Section:
    """A titled part of a page, contributed by a view (schemas, graph, timeline, ...)."""

    title: str
    anchor: str
    html: Markup
    order: int = 50


@dataclass
class GeneratedPage:
    src_uri: str
    markdown: str
    fragments: dict[str, str] = field(default_factory=dict)
    source_path: str | None = None  # the repository file this page shows, for "view source"
    title: str | None = None  # the page's <title>, exactly its subject; None leaves the theme's
    description: str | None = None  # what the page is, for the meta description and link previews

    def titled(self, title: str, description: str) -> GeneratedPage:
        """This page with its <title> (exactly its subject) and its one-line description for link previews."""
        self.title, self.description = title, description
        return self


@dataclass
class PendingPage:
    """A generated page that is rendered when MkDocs reads it, not when the build starts.

    There is one per event type and per domain: rendered up front, the HTML of thousands of them would all be
    held from the start of the build to its end (about 100 MB at 2,000 event types).
    """

    src_uri: str
    render: Callable[[], GeneratedPage]


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, shared by every build's environment (all are configured alike).

    A live preview makes a new renderer for each rebuild, and compiling its templates again cost about a
    second each time. A template whose text changed (a custom template edited) has another checksum: Jinja
    compiles it again.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


class PageRenderer:
    """Renders templates into GeneratedPages; one instance per build."""

    def __init__(self, urls: SiteUrls, custom_templates: str | None = None, repo_url: str | None = None):
        loaders: list[BaseLoader] = [PackageLoader("contract_catalog", "templates")]
        if custom_templates:
            loaders.insert(0, FileSystemLoader(custom_templates))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            auto_reload=False,  # one environment per build: no stat of every template at every use
            undefined=StrictUndefined,
            bytecode_cache=COMPILED_TEMPLATES,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Markdown's `{#anchor}` attribute syntax would open a Jinja comment.
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self.env.filters.update(
            md=lambda text: Markup(escape_markdown_inline(text)),
            markdown=render_markdown,
            inline_markdown=render_inline,
            fragment=_fragment,
            json_pretty=lambda value: json.dumps(value, indent=2, ensure_ascii=False),
            breakable=breakable,
            thousands=lambda number: f"{number:,}",  # 11,350 reads at a glance; 11350 does not
        )
        self.urls = urls
        self.repo_url = repo_url
        self.token = "ccfrag" + secrets.token_hex(6)  # per build, so page text cannot forge a placeholder

    def render(
        self,
        template: str,
        src_uri: str,
        source_path: str | None = None,
        fragments: dict[str, str] | None = None,
        **context: Any,
    ) -> GeneratedPage:
        """`fragments`: those of another part of the same page, so the two parts' placeholders differ."""
        page = GeneratedPage(
            src_uri=src_uri,
            markdown="",
            source_path=source_path,
            fragments=fragments if fragments is not None else {},
        )
        page.markdown = self.env.get_template(template).render(
            page=page,
            token=self.token,
            href=self._href_for(src_uri),
            source_url=self.source_url,
            **context,
        )
        return page

    def render_fragment(self, template: str, src_uri: str, **context: Any) -> Markup:
        """HTML for a part of a page (a view's section), with the same helpers as a whole page."""
        return Markup(
            self.env.get_template(template).render(
                href=self._href_for(src_uri), source_url=self.source_url, **context
            )
        )

    def _href_for(self, src_uri: str) -> Callable[..., str]:
        def href(to_src: str, anchor: str | None = None) -> str:
            return self.urls.href(src_uri, to_src, anchor)

        return href

    def source_url(self, path: str) -> str | None:
        """Where a reader can see a file in the repository, when a repository URL is configured."""
        if not self.repo_url:
            return None
        return self.repo_url.rstrip("/") + "/" + path


@pass_context
def _fragment(context: Any, html: str) -> Markup:
    page: GeneratedPage = context["page"]
    key = f"{context['token']}x{len(page.fragments)}"
    page.fragments[key] = str(html)
    return Markup(f"\n\n{key}\n\n")


def swap_fragments(html: str, fragments: dict[str, str]) -> str:
    """Replace the placeholder paragraphs Markdown made of each fragment key with the fragment's HTML.

    One pass over the page as Markdown made it: the HTML put in is never searched again, so text inside a
    fragment (a note that reads like a placeholder) stays text. Each key is replaced once, where it first is.
    """
    if not fragments:
        return html
    pending = dict(fragments)
    placeholders = re.compile("<p>(" + "|".join(re.escape(key) for key in fragments) + ")</p>")
    return placeholders.sub(lambda match: pending.pop(match.group(1), match.group(0)), html)
