"""The distributions a team installs: the sdist carries a runnable test suite, the wheel the whole plugin.

The wheel is built and installed into a fresh virtual environment once per session (about a minute): the
adoption test must run the installed copy, never this source tree, or a file the wheel lacks goes unseen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest
from conftest import REPO
from site_crawl import broken_links


@pytest.fixture(scope="session")
def dist(tmp_path_factory):
    """An sdist and the wheel built from it, by the standard build frontend, as a release would be."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return next(out.glob("*.tar.gz")), next(out.glob("*.whl"))


def test_the_sdist_ships_the_tests_with_their_conftest_fixtures_and_the_trees_they_build(dist):
    with tarfile.open(dist[0]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in (
        "tests/conftest.py",
        "tests/browser/conftest.py",
        "tests/fixtures/mini/contracts/event-types-registry.json",
        "tests/hostile/trees.py",
        "contracts/event-types-registry.json",
        "docs/contributing.md",
        "mkdocs.yml",
        "Makefile",
        "LICENSE",
    ):
        assert needed in names, needed
    assert not [name for name in names if "__pycache__" in name]


def test_the_wheel_has_templates_assets_schemas_entry_points_and_licence_metadata(dist):
    with zipfile.ZipFile(dist[1]) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read("contract_catalog-0.1.0.dist-info/METADATA").decode()
        entry_points = wheel.read("contract_catalog-0.1.0.dist-info/entry_points.txt").decode()
    assert "contract_catalog/templates/event.md.j2" in names
    assert {f"contract_catalog/{n}.schema.json" for n in ("catalog", "graph", "deprecations")} <= names
    assert any(name.startswith("contract_catalog/assets/") and name.endswith(".css") for name in names)
    assert (
        "License-Expression: MIT" in metadata and "contract_catalog-0.1.0.dist-info/licenses/LICENSE" in names
    )
    assert "contract-catalog = contract_catalog.plugin:ContractCatalogPlugin" in entry_points
    assert "contracts = contract_catalog.cli.main:main" in entry_points


SITE_URL = "https://docs.example.org/platform/"
ADOPTER_CONFIG = f"""\
site_name: Platform docs
site_url: {SITE_URL}
theme:
  name: material
  font: false
validation:
  anchors: warn
plugins:
  - search
  - contract-catalog:
      contracts_dir: ../contracts
      prefix: catalog
      build_date: 2026-05-20
nav:
  - Home: index.md
  - Guide: guide.md
  - Catalog:
    - catalog/index.md
    - Events: catalog/events/index.md
    - Contracts: catalog/contracts/README.md
    - Graph: catalog/graph/index.md
"""


@pytest.fixture(scope="session")
def installed(dist, tmp_path_factory):
    """A clean virtual environment with the wheel installed, as a team would: no source tree on the path."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(dist[1])],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return venv / "bin"


def test_a_separate_site_builds_strictly_from_the_installed_wheel_and_every_link_and_anchor_resolves(
    installed, tmp_path
):
    """The issue's "done when": own nav and home, contracts beside it given with `..`, a subpath site_url."""
    shutil.copytree(REPO / "contracts", tmp_path / "contracts")
    site = tmp_path / "docs-site"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(ADOPTER_CONFIG)
    (site / "docs" / "index.md").write_text(
        "# Platform docs\n\nOur [guide](guide.md) and the [catalog](catalog/index.md).\n"
    )
    (site / "docs" / "guide.md").write_text(
        "# Guide\n\nAn order starts with [order.created](catalog/events/order.created.md); its key is "
        "[order_id](catalog/events/order.created.md#v1-order_id).\n"
    )
    where = subprocess.run(
        [str(installed / "python"), "-c", "import contract_catalog; print(contract_catalog.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert where.startswith(str(installed.parent)), where  # the wheel's copy, not this source tree

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [str(installed / "mkdocs"), "build", "--strict"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr and 'not included in the "nav"' not in build.stderr
    built = site / "site"
    assert "Platform docs" in (built / "index.html").read_text()
    assert (built / "catalog" / "events" / "order.created" / "index.html").is_file()
    guide = (built / "guide" / "index.html").read_text()
    assert 'href="../catalog/events/order.created/#v1-order_id"' in guide
    pages = list(built.rglob("*.html"))
    assert len(pages) > 100
    assert broken_links(built, SITE_URL) == []
