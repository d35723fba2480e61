"""Internal links of the built site, anchors included, checked by mkdocs-htmlproofer-plugin without network.

The checker runs inside a real build of the repository's own mkdocs.yml, on every page's full HTML (the
theme's navigation too), with external URLs left alone: the site must work offline, and a link check that
depends on other people's servers fails for reasons no contributor can fix.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from conftest import FIXTURES, REPO, CollectWarnings, make_project
from htmlproofer.plugin import HtmlProoferPlugin
from mkdocs.commands.build import build
from mkdocs.config import load_config

PROOFER_OPTIONS = {
    "validate_external_urls": False,  # offline: only links inside the site are checked
    "validate_rendered_template": True,  # the whole page, navigation and generated sections included
    "strict_anchors": True,  # an anchor must exist in the rendered page, not only in its Markdown source
}


def broken_links(config_file: Path, site_dir: Path) -> list[str]:
    """Build a project with the link checker added; its complaints, one per broken link or anchor."""
    config = load_config(str(config_file), strict=False, site_dir=str(site_dir))
    config.plugins["contract-catalog"].config.build_date = "2026-05-20"
    proofer = HtmlProoferPlugin()
    errors, _ = proofer.load_config(PROOFER_OPTIONS)
    assert errors == []
    config.plugins["htmlproofer"] = proofer
    handler = CollectWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        build(config)
    finally:
        logger.removeHandler(handler)
    return [m for m in handler.messages if m.startswith("htmlproofer:")]


def test_bundled_site_has_no_broken_internal_links_or_anchors(tmp_path):
    assert broken_links(REPO / "mkdocs.yml", tmp_path / "site") == []


def test_link_check_reports_a_missing_page_and_a_missing_anchor(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "mini" / "contracts", tree)
    with (tree / "alpha" / "README.md").open("a", encoding="utf-8") as readme:
        readme.write(
            "\nSee [the size rules](glossary.md#no-such-heading) and [v2](../../events/widget.created/#v9).\n"
        )
    project = make_project(tmp_path, tree)
    broken = broken_links(project / "mkdocs.yml", project / "site")
    assert any(
        "glossary.md#no-such-heading" in message or "glossary/#no-such-heading" in message
        for message in broken
    )
    assert any("widget.created/#v9" in message for message in broken)
