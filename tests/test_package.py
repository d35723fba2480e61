"""The distributions a team installs: the sdist carries a runnable test suite, the wheel the whole plugin."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile

import pytest
from conftest import REPO


@pytest.fixture(scope="session")
def dist(tmp_path_factory):
    """An sdist and the wheel built from it, by the standard build frontend, as a release would be."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], check=True,
                   capture_output=True, timeout=600)
    return next(out.glob("*.tar.gz")), next(out.glob("*.whl"))


def test_the_sdist_ships_the_tests_with_their_conftest_fixtures_and_the_trees_they_build(dist):
    with tarfile.open(dist[0]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in ("tests/conftest.py", "tests/browser/conftest.py", "tests/fixtures/mini/contracts/event-types-registry.json",
                   "tests/hostile/trees.py", "contracts/event-types-registry.json", "docs/contributing.md",
                   "mkdocs.yml", "Makefile", "LICENSE"):
        assert needed in names, needed
    assert not [name for name in names if "__pycache__" in name]


def test_the_wheel_has_templates_assets_schemas_entry_points_and_licence_metadata(dist):
    with zipfile.ZipFile(dist[1]) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read("contract_catalog-0.1.0.dist-info/METADATA").decode()
        entry_points = wheel.read("contract_catalog-0.1.0.dist-info/entry_points.txt").decode()
    assert "contract_catalog/templates/event.md.j2" in names
    assert "contract_catalog/catalog.schema.json" in names
    assert any(name.startswith("contract_catalog/assets/") and name.endswith(".css") for name in names)
    assert "License-Expression: MIT" in metadata and "contract_catalog-0.1.0.dist-info/licenses/LICENSE" in names
    assert "contract-catalog = contract_catalog.plugin:ContractCatalogPlugin" in entry_points
    assert "contracts = contract_catalog.cli:main" in entry_points
