"""Shared test helpers: real MkDocs builds of small contracts trees in temporary folders."""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent


def repository_is_shallow() -> bool:
    """A shallow clone of this repository (CI may make one):
    its own contracts then carry the shallow-history problem."""
    import subprocess

    found = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--is-shallow-repository"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() == "true"


SHALLOW_PROBLEM = "the git checkout is shallow"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class BuiltSite:
    root: Path  # the project folder holding mkdocs.yml, docs/ and contracts/
    site: Path  # the built site
    warnings: list[str]

    def page(self, url_path: str) -> str:
        """The HTML of a page by its URL path, e.g. 'events/widget.created/'."""
        target = self.site / url_path
        if url_path.endswith("/") or url_path == "":
            target = target / "index.html"
        return target.read_text(encoding="utf-8")


class CollectWarnings(logging.Handler):
    """Keeps the message of every warning MkDocs or the plugin logs during a build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def make_project(
    tmp_path: Path, contracts: Path, plugin_options: dict | None = None, extra_config: dict | None = None
) -> Path:
    """A project folder with a minimal mkdocs.yml, an empty docs/ and a copy of a contracts tree."""
    project = Path(tempfile.mkdtemp(prefix="project-", dir=tmp_path))
    (project / "docs").mkdir()
    shutil.copytree(contracts, project / "contracts", symlinks=True)
    options = {"build_date": "2026-05-20", **(plugin_options or {})}
    config = {
        "site_name": "Test catalog",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"contract-catalog": options}],
        **(extra_config or {}),
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return project


def build_project(project: Path, strict: bool = False) -> BuiltSite:
    """Run a real `mkdocs build`; warnings are collected, and strict mode raises like the CLI does."""
    handler = CollectWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(project / "mkdocs.yml"), strict=strict, site_dir=str(project / "site"))
        build(config)
    finally:
        logger.removeHandler(handler)
    return BuiltSite(root=project, site=project / "site", warnings=handler.messages)


@pytest.fixture
def build_site(tmp_path):
    """build_site(contracts_dir, plugin_options=None, strict=False, extra_config=None) -> BuiltSite"""

    def _build(
        contracts: Path,
        plugin_options: dict | None = None,
        strict: bool = False,
        extra_config: dict | None = None,
    ) -> BuiltSite:
        project = make_project(tmp_path, contracts, plugin_options, extra_config)
        return build_project(project, strict=strict)

    return _build


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> BuiltSite:
    """The catalog of the bundled contracts/, built once per test session with a fixed build date."""
    tmp = tmp_path_factory.mktemp("bundled")
    project = make_project(tmp, REPO / "contracts")
    shutil.copytree(REPO / "docs", project / "docs", dirs_exist_ok=True)
    return build_project(project)


def pytest_generate_tests(metafunc):
    """Test classes of hostile cases (tests/hostile/promises.py) run each of their tests once per case."""
    cases = getattr(metafunc.cls, "HOSTILE_CASES", None)
    if cases is not None and "case" in metafunc.fixturenames:
        metafunc.parametrize("case", list(cases))
