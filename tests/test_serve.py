"""`mkdocs serve` watches the contracts tree: editing a contract file rebuilds the page a reader sees.

MkDocs watches files only with live reload on (its default), so the server runs as `make serve` runs it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, build_project, make_project
from mkdocs.exceptions import Abort

MINI = FIXTURES / "mini" / "contracts"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_editing_a_contract_file_rebuilds_the_served_page(tmp_path: Path):
    project = make_project(tmp_path, MINI)
    port = free_port()
    url = f"http://127.0.0.1:{port}/contracts/alpha/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert (
        "mkdocs serve --dirty"
        in subprocess.run(
            ["make", "-n", "serve"], check=True, cwd=REPO, capture_output=True, text=True
        ).stdout
    )
    try:
        assert wait_for(lambda: "Alpha widgets" in (fetch(url) or ""), 120), (
            "the server never served the page"
        )
        readme = project / "contracts" / "alpha" / "README.md"
        readme.write_text(
            readme.read_text().replace(
                "Widgets are created by north.", "Widgets are now created by the factory."
            )
        )
        assert wait_for(lambda: "created by the factory" in (fetch(url) or ""), 120), (
            "no rebuild after the edit"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_preview_keeps_serving_a_broken_schema_and_shows_the_problem_on_its_page(tmp_path: Path):
    """The repository's own mkdocs.yml: strictness belongs to `make site` and CI, not to `make serve`."""
    project = make_project(tmp_path, MINI)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs", dirs_exist_ok=True)
    schema = project / "contracts" / "alpha" / "schema" / "payloads" / "widget.created-v2.json"
    schema.write_text('{"type": "object",\n "properties": {')
    port = free_port()
    url = f"http://127.0.0.1:{port}/events/widget.created/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: "not valid JSON" in (fetch(url) or ""), 120), "the preview stopped serving"
        assert "widget.created" in (fetch(f"http://127.0.0.1:{port}/events/") or "")
    finally:
        server.terminate()
        server.wait(timeout=30)
    make_site = subprocess.run(
        ["make", "-n", "site"], check=True, cwd=REPO, capture_output=True, text=True
    ).stdout
    assert "mkdocs build --strict" in make_site
    with pytest.raises(Abort):  # what `make site` and CI run fails on the same tree
        build_project(project, strict=True)
