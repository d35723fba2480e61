"""The MkDocs shell of the catalog: wires the model, views and templates into a build. No logic of its own:
what it calls lives in site/ (pages, checks, search copy, memory) and views/."""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from .config import ContractCatalogConfig
from .model import urls
from .model.catalog import Catalog, load_catalog, tree_files
from .pending_file import PendingFile
from .prose.text import escape_front_matter, page_title, sanitize_html
from .prose.xref import adr_pages
from .render.renderer import GeneratedPage, PageRenderer, PendingPage, swap_fragments
from .render.wrap_names import breakable_names
from .serve_cache import (
    PageRecord,
    ServeCarry,
    assemble_search,
    environment,
    remove_stale,
    restore,
    search_index,
    unsupported_plugins,
    written,
)
from .site.anchors import FragmentAnchors, html_ids
from .site.builddate import resolve_build_date
from .site.checks import catalog_problems
from .site.input_digests import TreeInputs, digest, folder_digest, page_inputs
from .site.late_files import LateFiles
from .site.memory import PackedPages, compact_html, return_freed_memory
from .site.page_heads import contract_description, head_tags
from .site.pages import CatalogPages
from .site.search_appendix import SearchAppendix
from .site.search_copy import SearchCopy
from .site.url_promises import urls_json_files
from .views import BuildContext, default_views

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "assets"
ASSET_PREFIX = "assets/contract-catalog/"
REQUIRED_MARKDOWN_EXTENSIONS = ("attr_list", "toc", "tables")
_TAG = re.compile(r"<[^>]*>")


class ContractCatalogPlugin(BasePlugin[ContractCatalogConfig]):
    """Reads contracts/ at build time and adds the catalog's pages to the site."""

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.urls = urls.SiteUrls()
        self.generated: dict[
            str, GeneratedPage | PendingPage
        ] = {}  # src_uri -> page, for fragments and additions
        self.contract_documents: dict[str, tuple] = {}  # src_uri -> (contract, document)
        self.tree_pages: set[str] = set()  # src_uri of every Markdown file published from the contracts tree
        self.contracts_dir = Path("contracts")
        self.catalog_pages: set[str] = set()  # src_uri of every page the catalog makes or publishes
        self.files: Files | None = None
        # static files written in on_env, into late_folder
        self.late_files: list[tuple[File, Callable[[], bytes | Iterable[bytes]]]] = []
        self.late_folder: LateFiles | None = None
        self.search_copy = SearchCopy(
            []
        )  # what the search plugin reads of a catalog page instead of its HTML
        self.heads: dict[
            str, tuple[str | None, str | None]
        ] = {}  # src_uri -> (<title>, description) of catalog pages
        self.warned: list[
            str
        ] = []  # every warning of this build, counted here because `-q` hides them from MkDocs
        # A live preview (`mkdocs serve --dirty`) skips pages an edit cannot change; see serve_cache.
        self.live_preview = False
        self.carry: ServeCarry | None = None  # what the previous serve build left for this one
        self.inputs: TreeInputs | None = None
        self.page_keys: dict[str, str] = {}  # src_uri -> digest of the page's inputs, or of its rendered text
        self.incremental = False  # whether this build may skip pages
        self.decided: dict[str, bool] = {}  # src_uri -> whether MkDocs rebuilds it
        self.read_as: dict[str, tuple] = {}  # src_uri -> (title, front matter) of each page read
        self.search_entries: dict[str, list] = {}  # src_uri -> the search entries made from it in this build
        self.search_start = 0
        self.packed = PackedPages()  # catalog pages' HTML between MkDocs reading and writing them
        self.fragment_anchors = FragmentAnchors()  # ids of the HTML put in after Markdown, for MkDocs' check
        self.search_appendix = SearchAppendix()  # the views' entries for Material's index, added to its file

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance from one serve build to the next (see serve_cache)."""
        self.live_preview = command == "serve" and dirty

    def _warn(self, message: str) -> None:
        self.warned.append(message)
        log.warning(message)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Resolve the contracts folder and build date once; check the Markdown features we rely on."""
        self.warned = []
        config_dir = Path(config.config_file_path or ".").parent
        self.contracts_dir = Path(os.path.abspath(config_dir / self.config.contracts_dir))  # no `..` left
        try:
            self.build_date = resolve_build_date(self.config.build_date)
        except ValueError as error:
            raise PluginError(f"contract-catalog: {error}") from None
        for extension in REQUIRED_MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.extra_css.extend(
            ASSET_PREFIX + p.name
            for p in sorted(ASSETS.glob("*.css"))
            if ASSET_PREFIX + p.name not in config.extra_css
        )
        config.extra_javascript.extend(
            ASSET_PREFIX + p.name
            for p in sorted(ASSETS.glob("*.js"))
            if ASSET_PREFIX + p.name not in [str(s) for s in config.extra_javascript]
        )
        return config

    @event_priority(
        50
    )  # before other plugins' on_files, wherever it is listed: mkdocs-redirects and the like
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:  # must see the catalog's pages as pages
        """Load the catalog, publish the contracts tree, and add every generated page as a virtual file."""
        self.catalog = load_catalog(self.contracts_dir)
        site_urls = self.urls = urls.SiteUrls(
            config.use_directory_urls, site_url=config.site_url, prefix=self.config.prefix
        )
        carry = self._carry_of_this_project(config)
        self.inputs = (
            TreeInputs(self.contracts_dir, carry.references if carry else None) if self.live_preview else None
        )
        self.page_keys, self.decided, self.read_as, self.search_entries = {}, {}, {}, {}
        self.packed = PackedPages()
        self.fragment_anchors = FragmentAnchors()
        self.search_appendix = SearchAppendix()
        self.incremental = False
        renderer = PageRenderer(site_urls, self.config.custom_templates, self.config.repo_url)
        documents = (f.src_uri for f in files.documentation_pages())
        adrs = {number: "/" + src for number, src in adr_pages(documents, self.config.adr_dir).items()}
        # What any page may show besides its own item: the shared part of the tree, the build's settings.
        self.base = (
            digest(
                self.inputs.shared,
                self.build_date,
                folder_digest(self.config.custom_templates),
                sorted(self.config.items(), key=lambda item: item[0]),
                sorted(adrs.items()),
            )
            if self.inputs
            else None
        )
        context = BuildContext(
            catalog=self.catalog,
            renderer=renderer,
            urls=site_urls,
            build_date=self.build_date,
            deprecation_window_days=self.config.deprecation_window_days,
            adr_url=self.config.adr_url,
            adr_pages=adrs,
            domain_graph_threshold=self.config.domain_graph_threshold,
            field_drift=self.config.field_drift,
            schema_digest=self.inputs.schema if self.inputs else None,
            shared_digest=self.base,
            carry_in=carry.schema_results if carry else {},
        )
        views = default_views(context)
        self.pages = CatalogPages(context, views)
        self.search_copy = SearchCopy(views)

        self.files = files
        self.catalog_pages = set()
        self._add_contract_files(files, config)
        has_readme = files.get_file_from_path(site_urls.file(urls.CONTRACTS_README)) is not None
        self.generated = {}
        self.heads = {}
        for page in self.pages.plan(has_readme):
            self._add_generated(files, config, page)
        self.late_files = []
        self.late_folder = LateFiles(config.site_dir)
        for dest, data in [
            *(item for view in views for item in view.static_files()),
            *urls_json_files(context, views),
        ]:  # the URLs promised: every view's, so one list
            if isinstance(data, bytes):
                files.append(File.generated(config, site_urls.file(dest), content=data))
            else:  # written once every page is rendered (see on_env), to a file MkDocs then copies
                file = File.generated(config, site_urls.file(dest), abs_src_path=self.late_folder.path(dest))
                files.append(file)
                self.late_files.append((file, data))
        for asset in sorted(ASSETS.iterdir()):
            if asset.is_file():
                files.append(File.generated(config, ASSET_PREFIX + asset.name, abs_src_path=str(asset)))
        if self.inputs is not None:
            inputs = page_inputs(self.catalog, self.inputs, self.base, self.tree_pages)
            self.page_keys.update({site_urls.file(src): key for src, key in inputs.items()})
            if urls.EVENTS_INDEX in self.generated:  # not replaced by a page of docs/
                events_index = digest(self.base, self.pages.events_index_inputs())
                self.page_keys[site_urls.file(urls.EVENTS_INDEX)] = events_index

        if config.nav is None:
            config.nav = self._default_nav(has_readme, views, files)
        return files

    def _default_nav(self, has_contracts_readme: bool, views, files: Files) -> list:
        """The catalog's indexes, never one entry per event (Material renders the nav into every page), and
        the site's own pages as MkDocs would list them: before the catalog when it lives under a prefix."""
        contracts_index = urls.CONTRACTS_README if has_contracts_readme else "contracts/index.md"
        home = "Catalog" if self.urls.prefix else "Home"
        nav = [
            {home: urls.HOME},
            {"Events": urls.EVENTS_INDEX},
            {"Contracts": contracts_index},
            {"Domains": urls.DOMAINS_INDEX},
        ]
        nav += [{title: src_uri} for view in views for title, src_uri in view.nav_entries()]
        catalog = [{title: self.urls.file(src_uri) for title, src_uri in entry.items()} for entry in nav]
        listed = {src for entry in catalog for src in entry.values()}
        own = sorted(
            (f for f in files.documentation_pages() if f.inclusion.is_in_nav() and f.src_uri not in listed),
            key=file_sort_key,
        )
        own_nav = nest_paths(f.src_uri for f in own)
        return own_nav + catalog if self.urls.prefix else catalog + own_nav

    def _add_contract_files(self, files: Files, config: MkDocsConfig) -> None:
        """Every file of the tree is published at its repository path; Markdown files become pages."""
        tree = self.catalog.tree
        self.contract_documents = {}
        self.tree_pages = set()
        documents = {d.rel: (c, d) for c in self.catalog.contracts.values() for d in c.all_documents}
        for path in tree_files(tree):  # what the tree's audit refused is reported by the model, not published
            rel = path.relative_to(tree.root).as_posix()
            src_uri = f"contracts/{rel}"
            if files.get_file_from_path(self.urls.file(src_uri)) is None:
                files.append(
                    File.generated(
                        config,
                        self.urls.file(src_uri),
                        abs_src_path=str(path),
                        inclusion=InclusionLevel.NOT_IN_NAV,
                    )
                )
                if path.suffix == ".md":
                    self.tree_pages.add(src_uri)
                    self.catalog_pages.add(src_uri)
            if rel in documents:
                self.contract_documents[src_uri] = documents[rel]

    def _add_generated(self, files: Files, config: MkDocsConfig, page: GeneratedPage | PendingPage) -> None:
        site_src = self.urls.file(page.src_uri)
        if files.get_file_from_path(site_src) is not None:
            log.info(page_wins_message(site_src, page.src_uri == urls.HOME))
            return
        # Not in the nav by design (see _default_nav): MkDocs would otherwise list every event page at INFO.
        if isinstance(page, PendingPage):
            files.append(PendingFile.of(config, site_src, partial(self._render_pending, page)))
        else:
            files.append(
                File.generated(config, site_src, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            )
            self._keep_head(page)
            self._key_by_text(page)
        self.generated[page.src_uri] = page
        self.catalog_pages.add(page.src_uri)

    def _keep_head(self, page: GeneratedPage) -> None:
        if page.title or page.description:
            self.heads[page.src_uri] = (page.title, page.description)

    def _render_pending(self, pending: PendingPage) -> str:
        """An event or domain page's Markdown, made when MkDocs reads it; its fragments wait for its HTML."""
        rendered = self.generated[pending.src_uri] = pending.render()
        self._keep_head(rendered)
        self._key_by_text(rendered)
        return rendered.markdown

    def _key_by_text(self, page: GeneratedPage) -> None:
        """A page without a digest of its inputs is compared by what it renders to."""
        if self.inputs is not None:
            token = (
                self.pages.renderer.token
            )  # placeholders differ from build to build, what they stand for not
            fragments = sorted(
                (key.replace(token, ""), value.replace(token, "")) for key, value in page.fragments.items()
            )
            self.page_keys.setdefault(
                self.urls.file(page.src_uri),
                digest(page.markdown.replace(token, ""), fragments, page.title, page.description),
            )

    def _carry_of_this_project(self, config: MkDocsConfig) -> ServeCarry | None:
        project = (str(config.config_file_path), str(self.contracts_dir))
        return self.carry if self.live_preview and self.carry and self.carry.project == project else None

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        """In a live preview, decide which pages MkDocs may skip (see serve_cache)."""
        if self.inputs is None:
            return nav
        for file in files.documentation_pages():
            if file.src_uri not in self.page_keys and not file.generated_by and file.abs_src_path:
                self.page_keys[file.src_uri] = digest(
                    "docs", file.src_uri, Path(file.abs_src_path).read_bytes()
                )
        self.environment = environment(config, files, nav, self.page_keys, lambda src: src)
        carry = self._carry_of_this_project(config)
        unsupported = unsupported_plugins(config)
        if carry and unsupported:
            log.info(
                f"the live preview rebuilds every page: plugin(s) {', '.join(unsupported)} may need them all"
            )
        self.incremental = bool(
            carry
            and not unsupported
            and carry.site_dir == config.site_dir
            and carry.environment == self.environment
            and carry.site_untouched()
        )
        for file in files.documentation_pages():
            file.is_modified = partial(self._is_modified, file)  # type: ignore[method-assign]  # what MkDocs asks with --dirty
        return nav

    def _is_modified(self, file: File) -> bool:
        """Whether MkDocs reads and writes a page again: decided once per build, when it first asks."""
        src = file.src_uri
        if src not in self.decided:
            if src not in self.page_keys:  # a view may say what its page shows, cheaper than rendering it
                catalog_src = self.urls.catalog_src(src)
                shown = next(
                    (
                        found
                        for view in self.pages.views
                        if (found := view.page_inputs(catalog_src)) is not None
                    ),
                    None,
                )
                if shown is not None:
                    self.page_keys[src] = digest(self.base, shown)
            record = self.carry.pages.get(src) if self.incremental else None
            if record is not None and src not in self.page_keys and isinstance(file, PendingFile):
                # compared by its text: render it now, MkDocs reads this text if it changed
                file.render_early()
            self.decided[src] = record is None or self.page_keys.get(src) != record.key
        return self.decided[src]

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Contract documents get what the catalog knows about them: owned events, documents, drafts."""
        src_uri = self.urls.catalog_src(page.file.src_uri)
        if src_uri == urls.CONTRACTS_README and src_uri not in self.generated:
            addition = self.pages.contracts_index_fragment(src_uri)
            self.generated[src_uri] = addition
            self._keep_head(addition)
            return markdown + "\n\n" + addition.markdown
        if src_uri not in self.contract_documents:
            return markdown
        contract, document = self.contract_documents[src_uri]
        # The title stays the page's own (its heading, or its front matter's `title`); see on_post_page.
        self.heads[src_uri] = (
            None,
            contract_description(contract)
            if document.kind == "readme"
            else f"{document.title} · a document of {contract.title}",
        )
        markdown, self.generated[src_uri] = self.pages.contract_document(
            contract, document, src_uri, markdown
        )
        return markdown

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Every page is read, none written yet: make titles and front matter text before the theme prints
        them.

        Titles come from headings and front matter of files anyone can change, and the theme prints them, and
        front matter fields such as `description`, unescaped (see `prose.text.page_title`). Doing it here
        covers the nav and footer links to other pages too.
        """
        # After the pages, so problems and late files come from what the pages computed, not a second pass.
        for problem in catalog_problems(self.catalog, self.pages.views):  # what `contracts check` reports
            self._warn(str(problem))
        for note in (
            note for view in self.pages.views for note in view.info_findings()
        ):  # never fails a strict build
            log.info(f"note: {note}")
        for file, content in self.late_files:
            self.late_folder.write(file.abs_src_path, content())
        self.late_files = []
        self.pages.context.schemas.release_files()
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            if self.decided.get(file.src_uri) is False:
                restore(page, self.carry.pages[file.src_uri])  # skipped: as the previous build read it
                self.fragment_anchors.restore(file.src_uri, self.carry.pages[file.src_uri].fragment_anchors)
                self.search_appendix.restore(file.src_uri, self.carry.pages[file.src_uri].view_search)
            elif self.inputs is not None:
                self.read_as[file.src_uri] = (page.title, dict(page.meta))
            if self.urls.catalog_src(file.src_uri) in self.tree_pages:
                if "template" in page.meta:
                    where = self.catalog.tree.display(Path(file.abs_src_path))
                    self._warn(
                        f"{where}: front matter 'template' is ignored: files of the contracts tree "
                        "cannot choose a theme template"
                    )
                page.meta = {
                    key: page_title(str(value)) if key == "title" else escape_front_matter(value)
                    for key, value in page.meta.items()
                    if key != "template"
                }
            page.title = page_title(page.title)
            head = self.heads.get(self.urls.catalog_src(file.src_uri))
            if head and head[1] and "description" not in page.meta:  # the theme prints it as it is
                page.meta["description"] = html.escape(head[1])
        self.fragment_anchors.add_linked([file.page for file in files.documentation_pages() if file.page])
        return env

    @event_priority(-50)  # after other plugins have changed the HTML, so nothing touches our fragments
    def _place_fragments(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Pages from the contracts tree are sanitised (pull requests write them); then fragments go in."""
        src_uri = self.urls.catalog_src(page.file.src_uri)
        if src_uri in self.tree_pages or src_uri == urls.CONTRACTS_README:
            html = sanitize_html(html)
        page_record = self.generated.pop(
            src_uri, None
        )  # its HTML lives in the page from now on: free the copy
        if isinstance(page_record, GeneratedPage):  # a pending page was rendered when MkDocs read it
            html = swap_fragments(html, page_record.fragments)
            # links to field anchors pass `validation: anchors` (those linked join the page's ids in on_env)
            self.fragment_anchors.keep(page.file.src_uri, html_ids(page_record.fragments.values()))
        if src_uri in self.catalog_pages:
            html = compact_html(html)
        return breakable_names(html)

    @event_priority(-100)  # after every other plugin: from here until the page is written nobody reads it
    def _pack_page_html(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.urls.catalog_src(page.file.src_uri) not in self.catalog_pages:
            return html
        return self.packed.pack(page.file.src_uri, html)

    on_page_content = CombinedEvent(_place_fragments, _pack_page_html)

    @event_priority(100)  # before the search plugin reads the page
    def _give_search_its_html(self, context, page: Page, config: MkDocsConfig, nav):
        """The search plugin gets the page's text and headings without the tags it drops (search_copy)."""
        page.content = self.packed.unpack(page.file.src_uri, page.content)
        self.search_copy.clear()
        index = search_index(config) if self.inputs is not None else None
        self.search_start = len(index.entries) if index is not None else 0
        src_uri = self.urls.catalog_src(page.file.src_uri)
        if src_uri in self.catalog_pages and page.content and _has_search(config):
            # Material's index: the views' entries are added to it in _restore_page_html
            direct = _entries_of(search_index(config)) is not None
            page.content = self.search_copy.lend(page, src_uri, page.content, with_entries=not direct)
        return context

    @event_priority(-100)  # after every other plugin: the theme renders the page's real HTML
    def _restore_page_html(self, context, page: Page, config: MkDocsConfig, nav):
        taken_back = self.search_copy.take_back(page, page.content)
        if taken_back is not None:
            html, changed = taken_back
            if changed:
                self._warn(
                    f"{page.file.src_uri}: a plugin changed the page's HTML while the search plugin read "
                    "a lighter copy of it; that change is not published"
                )
            page.content = html
        src_uri = self.urls.catalog_src(page.file.src_uri)
        entries = _entries_of(search_index(config))
        if entries is not None and src_uri in self.catalog_pages and _has_search(config):
            self.search_appendix.add(page.file.src_uri, self.search_copy.index_entries(page.url, src_uri))
        if entries is not None and self.inputs is not None:
            self.search_entries[page.file.src_uri] = entries[self.search_start :]
        return context

    on_page_context = CombinedEvent(_give_search_its_html, _restore_page_html)

    def _title_and_description(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """A catalog page's <title> is exactly its subject, with Open Graph tags for link previews."""
        head = self.heads.get(self.urls.catalog_src(page.file.src_uri))
        if head is None:
            return output
        title, description = head
        if "description" in page.meta:  # what the theme printed (the file's own, or ours), escaped in on_env
            description = html.unescape(str(page.meta["description"]))
        if title is None:  # the theme's title, as plain text (on_env made it escaped text)
            title = config.site_name if page.is_homepage else html.unescape(_TAG.sub("", page.title or ""))
        return head_tags(output, title, description)

    @event_priority(-100)  # after every other plugin: the page is written, its HTML no longer needed
    def _free_written_html(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.urls.catalog_src(page.file.src_uri) in self.catalog_pages:
            # as `_free_page_html` does for every page at the end; sooner keeps the peak low
            page.content = None
        return output

    on_post_page = CombinedEvent(_title_and_description, _free_written_html)

    @event_priority(100)  # before the search plugin writes its index: the largest allocation of the build
    def _free_page_html(self, config: MkDocsConfig) -> None:
        """Every page is written: catalog pages' HTML is freed (their Markdown stays, for link checkers)."""
        for file in self.files.documentation_pages():
            if file.page is not None and self.urls.catalog_src(file.src_uri) in self.catalog_pages:
                file.page.content = None
        if self.late_folder is not None:  # MkDocs copied them before it wrote the first page
            self.late_folder.close()
        for view in self.pages.views:
            view.release()
        self._complete_search_index(config)
        return_freed_memory()

    def _complete_search_index(self, config: MkDocsConfig) -> None:
        """A live preview's index holds every page's entries in page order; skipped pages' from last time."""
        index = search_index(config) if self.inputs is not None else None
        if index is None:
            return
        if self.incremental:
            index.entries = assemble_search(self.search_entries, self._built_pages(), self.carry.pages)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        search.search_index_prev = None  # its own dirty mode would merge the previous index into ours

    def _built_pages(self) -> list[File]:
        return [file for file in self.files if file.is_documentation_page() and file.page is not None]

    @event_priority(-50)  # after the search plugin has written its index
    def _append_view_search_entries(self, config: MkDocsConfig) -> None:
        if _has_search(config) and _entries_of(search_index(config)) is not None:
            index_path = os.path.join(config.site_dir, "search", "search_index.json")
            self.search_appendix.write_into(index_path, (file.src_uri for file in self._built_pages()))

    @event_priority(-100)
    def _carry_to_next_build(self, config: MkDocsConfig) -> None:
        """A live preview keeps what the next build needs to skip pages; outputs of removed files go."""
        if self.inputs is None:
            return
        previous = self.carry if self.incremental else None
        last = self._carry_of_this_project(config)
        if (
            last is not None and last.site_dir == config.site_dir
        ):  # a full rebuild with --dirty leaves them too
            remove_stale(last.outputs, self.files, config.site_dir)
        pages: dict[str, PageRecord] = {}
        for file in self._built_pages():
            src, page = file.src_uri, file.page
            if self.decided.get(src) is False:
                pages[src] = previous.pages[src]
            elif src in self.page_keys and src in self.read_as:
                title, meta = self.read_as[src]
                pages[src] = PageRecord(
                    self.page_keys[src],
                    title,
                    meta,
                    page.present_anchor_ids,
                    self.fragment_anchors.packed(src),
                    self.search_entries.get(src, []),
                    self.search_appendix.packed(src),
                )
        self.carry = ServeCarry(
            project=(str(config.config_file_path), str(self.contracts_dir)),
            site_dir=config.site_dir,
            environment=self.environment,
            outputs=written(self.files),
            pages=pages,
            schema_results=self.pages.context.carry_out,
            references=self.inputs.references,
        )

    @event_priority(
        -100
    )  # after every other plugin: the site is complete, as a strict MkDocs build leaves it
    def _fail_a_quiet_strict_build(self, config: MkDocsConfig) -> None:
        """`mkdocs build -q --strict` drops warnings before MkDocs' strict counter sees them: fail here
        instead.

        Only then: when warnings are logged, MkDocs counts them and aborts the strict build itself.
        """
        if config.strict and self.warned and not log.isEnabledFor(logging.WARNING):
            raise PluginError(strict_failure(self.warned))

    on_post_build = CombinedEvent(
        _free_page_html, _append_view_search_entries, _carry_to_next_build, _fail_a_quiet_strict_build
    )

    def on_serve(self, server, config: MkDocsConfig, builder):
        """Rebuild when any contract file changes, not only docs/."""
        server.watch(str(self.contracts_dir))
        return server


def page_wins_message(site_src: str, is_home: bool) -> str:
    """Said once per build for each catalog page that a page of docs/ replaces."""
    if is_home:
        return (
            f"docs/{site_src} is the site's home page, so the catalog's home (its summary and problem list) "
            "is not published; set the contract-catalog option `prefix` (e.g. `prefix: catalog`) to "
            "publish the catalog under /catalog/ beside it"
        )
    return f"docs/{site_src} replaces the catalog's generated page at the same path"


def strict_failure(warnings: list[str], shown: int = 5) -> str:
    """Why a strict build stops, with the first problems (`mkdocs build -q --strict` hides warnings)."""
    lines = [f"contract-catalog: {len(warnings)} problem(s) in a strict build:", *warnings[:shown]]
    if len(warnings) > shown:
        lines.append(f"... and {len(warnings) - shown} more (`contracts check` lists them all)")
    return "\n  ".join(lines)


def _entries_of(index: object) -> list | None:
    """The entry list of Material's search index, which the catalog adds entries to; None for others."""
    entries = getattr(index, "entries", None)
    return entries if isinstance(entries, list) else None


def _has_search(config: MkDocsConfig) -> bool:
    return any(name in config.plugins for name in ("search", "material/search"))
