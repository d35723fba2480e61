"""`mkdocs serve` watches the contracts tree: editing a contract file rebuilds the page a reader sees.

MkDocs watches files only with live reload on (its default), so the server runs as `make serve` runs it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import FIXTURES, make_project

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
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: "Alpha widgets" in (fetch(url) or ""), 120), "the server never served the page"
        readme = project / "contracts" / "alpha" / "README.md"
        readme.write_text(readme.read_text().replace("Widgets are created by north.",
                                                     "Widgets are now created by the factory."))
        assert wait_for(lambda: "created by the factory" in (fetch(url) or ""), 120), "no rebuild after the edit"
    finally:
        server.terminate()
        server.wait(timeout=30)
