"""The catalog in a real browser: build the bundled catalog once, serve it on 127.0.0.1,
drive Debian's Chromium.

No browser is ever downloaded. Without Chromium the browser tests are skipped, unless
CONTRACT_CATALOG_REQUIRE_BROWSER=1 (set by .ci/run) turns the skip into a failure.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[2]
REGISTRY = REPO / "contracts" / "event-types-registry.json"
SCREENSHOTS = REPO / "tests" / "output" / "screenshots"
BUILD_DATE = "2026-05-20"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
METADATA_KEYS = {"$schema", "$comment", "registry_version", "description", "domains"}


def registry_events() -> dict[str, dict]:
    """The registry's event types, read straight from the JSON file:
    the tests' independent source of truth."""
    data = json.loads(REGISTRY.read_text(encoding="utf-8"))
    return {name: entry for name, entry in data.items() if name not in METADATA_KEYS}


def registry_domains() -> set[str]:
    data = json.loads(REGISTRY.read_text(encoding="utf-8"))
    named = {e["producer"] for e in registry_events().values() if e.get("producer")}
    named |= {c for e in registry_events().values() for c in e.get("consumers", [])}
    return set(data.get("domains", {})) | named


@pytest.fixture(scope="session")
def catalog_site(tmp_path_factory) -> Path:
    """The site of the repository's own mkdocs.yml (palette toggle, search settings, nav),
    fixed build date."""
    site = tmp_path_factory.mktemp("browser") / "site"
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), strict=False)
    config.plugins["contract-catalog"].config.build_date = BUILD_DATE
    build(config)
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # requests are not logged to the test output
        pass


def http_server(directory: Path) -> ThreadingHTTPServer:
    """A server of a folder on 127.0.0.1 at a free port, not started yet (so a build may use its address)."""
    return ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))


@contextlib.contextmanager
def running(server: ThreadingHTTPServer):
    """Serve from a thread started and stopped here; gives the base URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def base_url(catalog_site):
    """http://127.0.0.1:<free port> serving the built site."""
    with running(http_server(catalog_site)) as url:
        yield url


def _unavailable(reason: str):
    if os.environ.get("CONTRACT_CATALOG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (CONTRACT_CATALOG_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if executable is None:
        _unavailable("Chromium is not installed (apt-get install chromium); browser tests need it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Reader:
    """A browser tab on the served catalog that records every request and every console error."""

    page: object
    base_url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str):
        """Open a site path such as 'events/intake.matched/'; the page must answer 200."""
        response = self.page.goto(f"{self.base_url}/{path.lstrip('/')}", wait_until="load")
        assert response is not None and response.ok, f"/{path} answered {response and response.status}"
        return self.page


def new_tab(browser, base_url: str) -> Reader:
    """A tab in a fresh browser context (light palette, 1280x900); close it with tab.page.context.close()."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light").new_page()
    tab = Reader(page, base_url)
    page.on("request", lambda request: tab.requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and tab.errors.append(f"{page.url}: {msg.text}"))
    page.on("pageerror", lambda error: tab.errors.append(f"{page.url}: {error}"))
    return tab


@pytest.fixture
def reader(browser, base_url):
    tab = new_tab(browser, base_url)
    yield tab
    tab.page.context.close()
