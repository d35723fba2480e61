"""A live preview (`mkdocs serve --dirty`) rebuilds the pages an edit can change and keeps the others.

MkDocs keeps a plugin instance that defines `on_startup` from one serve build to the next, and with `--dirty`
it neither reads nor writes a page whose `File.is_modified()` is false: that page's previous output stays in
the site folder. Generated files always count as modified, so without help every page is rebuilt.

Each page gets a key: the digest of its inputs (an event page: the shared part of the tree and its own schema
files with what they reach, see input_digests; a document: its file; /events/, /graph/, /timeline/: the shared
part, see each one's `page_inputs`), or, for pages whose inputs are spread over the whole tree (home, other
indexes, /fields/, /changes/), the digest of their rendered text, rendered on every build and compared. A page
is skipped only when all of this holds:
- the previous build of this process wrote the same site folder, and every file it wrote is still there,
  untouched (a clean build or another process starts over);
- what every page shows is unchanged: mkdocs.yml, the list of files, the navigation (a nav entry without a
  title of its own shows its page's title, so that page's key counts too), and, by size and modification
  time, every file of the theme's `custom_dir`, of docs/ and of folders `watch`ed (an override, a snippet);
- only plugins this module knows are configured (another plugin may need every page on every build), and the
  search plugin is Material's, whose index is put together here from each page's entries (its own dirty
  mode keeps the entries of one page only);
- its key equals the previous build's.
A skipped page gets back the title and front matter it was read with (other pages' navigation shows them)
and its anchors (links into it are checked), and its search entries stay in the index in page order, so the
index equals a clean build's. Files the previous build wrote and this one does not are deleted.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .site.input_digests import digest

KNOWN_PLUGINS = frozenset({"search", "material/search", "contract-catalog"})


@dataclass
class PageRecord:
    """What a page left behind that a build skipping it still needs."""

    key: str
    title: str | None  # as read, before on_env escapes it
    meta: dict[str, Any]  # front matter as read
    anchors: set[str] | None
    fragment_anchors: bytes | None  # ids of the HTML put in after Markdown, packed (site.anchors)
    search: list[dict]  # the search index entries made from it
    view_search: bytes | None  # the views' entries for it, packed (site.search_appendix)


@dataclass
class ServeCarry:
    """One serve build's record for the next one."""

    project: tuple[str, str]  # (config file, contracts folder): a carry never crosses projects
    site_dir: str
    environment: str
    outputs: dict[str, int] = field(default_factory=dict)  # every file written -> its mtime in ns
    pages: dict[str, PageRecord] = field(default_factory=dict)  # src_uri -> record
    schema_results: dict[tuple, object] = field(default_factory=dict)  # see BuildContext.remembered
    references: dict[str, frozenset[str]] = field(default_factory=dict)  # see TreeInputs.references

    def site_untouched(self) -> bool:
        """Every file the build wrote is still there as it was written (a clean build removes them)."""
        for path, mtime in self.outputs.items():
            try:
                if os.stat(path).st_mtime_ns != mtime:
                    return False
            except OSError:
                return False
        return True


def search_index(config) -> Any | None:
    """Material's search index, whose entries this module puts together; None without a search plugin."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return getattr(plugin, "search_index", None) if plugin is not None else None


def unsupported_plugins(config) -> list[str]:
    """Configured plugins that may depend on every page being rebuilt, or a search plugin that is not
    Material's."""
    names = [name for name in config.plugins if name.split(" #")[0] not in KNOWN_PLUGINS]
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is not None and not (
        hasattr(plugin, "search_index_prev")
        and isinstance(getattr(search_index(config), "entries", None), list)
    ):
        names.append("search (not Material's)")
    return names


def environment(config, files: Files, nav: Navigation, keys: dict[str, str], src_of) -> str:
    """The digest of what every page shows besides its own text: configuration, file list, navigation."""
    try:
        with open(config.config_file_path, "rb") as handle:
            config_bytes = handle.read()
    except (OSError, TypeError):
        return digest(os.urandom(16))  # nothing to compare: every build is a full one
    listing = sorted((f.src_uri, f.dest_uri, f.inclusion.name) for f in files)
    # Theme overrides, watched folders and docs/ (snippets, includes) may reach into any page: by their stat.
    # (The installed theme's own folders are left out: 14,000 files, and no edit of them is watched by
    # default.)
    custom = getattr(config.theme, "custom_dir", None)
    watched = [*([custom] if custom else []), *config.watch, config.docs_dir]
    return digest(
        config_bytes, config.site_dir, listing, _nav_shape(nav.items, keys, src_of), _stats(watched)
    )


def _stats(folders: list[str]) -> list:
    found = []
    for folder in folders:
        for directory, subdirs, names in os.walk(folder):
            subdirs.sort()
            for name in sorted(names):
                with contextlib.suppress(OSError):
                    stat = os.stat(os.path.join(directory, name))
                    found.append((directory, name, stat.st_mtime_ns, stat.st_size))
    return found


def _nav_shape(items: list, keys: dict[str, str], src_of) -> list:
    shape: list = []
    for item in items:
        if isinstance(item, Section):
            shape.append(("section", item.title, _nav_shape(item.children, keys, src_of)))
        elif isinstance(item, Link):
            shape.append(("link", item.title, item.url))
        elif isinstance(item, Page):
            # No title of its own: the nav shows the page's title, which only its own inputs decide.
            title = (
                item.title if item.title is not None else keys.get(src_of(item.file.src_uri), os.urandom(16))
            )
            shape.append(("page", title, item.file.src_uri, item.url))
    return shape


def restore(page: Page, record: PageRecord) -> None:
    """A skipped page as other pages and the anchor check see it: title, front matter, anchors."""
    page.title = record.title
    page.meta = dict(record.meta)
    page.present_anchor_ids = set(record.anchors) if record.anchors is not None else None


def assemble_search(
    entries_now: dict[str, list[dict]], pages: list[File], carried: dict[str, PageRecord]
) -> list:
    """The search index entries of every page in page order: this build's for rebuilt pages, else carried."""
    entries: list[dict] = []
    for file in pages:
        found = entries_now.get(file.src_uri)
        if found is None and file.src_uri in carried:
            found = carried[file.src_uri].search
        entries.extend(found or ())
    return entries


def written(files: Files) -> dict[str, int]:
    """The output of every file of the build, with its modification time."""
    outputs: dict[str, int] = {}
    for file in files:
        with contextlib.suppress(OSError):
            outputs[file.abs_dest_path] = os.stat(file.abs_dest_path).st_mtime_ns
    return outputs


def remove_stale(previous: dict[str, int], files: Files, site_dir: str) -> None:
    """Outputs of files that are gone (a removed event type, a deleted schema), and the folders they leave
    empty: a clean build has none of them, and `--dirty` never empties the site folder."""
    now = {file.abs_dest_path for file in files}
    for path in sorted(previous.keys() - now):
        with contextlib.suppress(OSError):
            os.remove(path)
        folder = os.path.dirname(path)
        while os.path.abspath(folder).startswith(os.path.abspath(site_dir) + os.sep):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                break
            folder = os.path.dirname(folder)
