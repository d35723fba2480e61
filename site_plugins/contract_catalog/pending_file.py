"""A generated page whose Markdown is rendered when MkDocs reads it, like a file read from disk.

Event and domain pages are rendered late, one at a time, so the build never holds them all (see
render.renderer.PendingPage). MkDocs reads a page's source in `Page.read_source` and splits its front matter
(`hide: [navigation]`) into `page.meta` there; rendering later, in `on_page_markdown`, left the front matter
in the text. Rendering on that read keeps every part of MkDocs and its plugins seeing an ordinary page.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel


class PendingFile(File):
    """A virtual Markdown file whose text comes from `render()` each time it is read
    (MkDocs reads it once)."""

    render: Callable[[], str]
    _early: str | None = (
        None  # rendered before MkDocs read it, to compare with a live preview's previous build
    )

    @classmethod
    def of(cls, config: MkDocsConfig, src_uri: str, render: Callable[[], str]) -> PendingFile:
        file = cls.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        assert isinstance(file, PendingFile)  # File.generated builds the class it is called on
        file.render = render
        return file

    def render_early(self) -> None:
        """Render now; the next read gets this text (and lets it go)."""
        if self._early is None:
            self._early = self.render()

    @property
    def content_string(self) -> str:
        text, self._early = self._early, None
        return text if text is not None else self.render()

    @content_string.setter
    def content_string(self, value: str) -> None:  # a plugin that sets the text gets a plain file's behaviour
        self._early = None
        self.render = lambda: value

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.content_string = value.decode("utf-8-sig")
