"""A build makes no network request: remote `$ref`s are named, never fetched, even when the network is there.

Every way out of the process is made to fail and recorded (`socket.socket.connect`, `create_connection`,
`getaddrinfo`), then a tree whose payload schema and registry schema both refer to URLs is built and
checked. Both must finish, warn about the remote references, and not have tried to connect at all.
"""

from __future__ import annotations

import json
import socket

import pytest
from hostile.trees import PAYLOADS, REGISTRY, check, compose

REMOTE = "https://schemas.example.invalid/version.json"


@pytest.fixture
def attempts(monkeypatch) -> list[tuple]:
    """Connections tried while the test runs; each one fails as if the machine had no network."""
    tried: list[tuple] = []

    def refuse(*args, **kwargs):
        tried.append(args)
        raise OSError("the network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return tried


@pytest.fixture
def remote_tree(tmp_path):
    """A payload schema with a remote `$ref`, and a registry schema with one too."""
    contracts = compose("schema-remote-ref", tmp_path)
    path = contracts / "event-types-registry.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["registry_version"] = {"$ref": REMOTE}
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    return contracts


def test_the_network_is_really_off_in_these_tests(attempts):
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 443), timeout=1)
    assert attempts


def test_a_build_with_remote_refs_completes_warns_and_connects_nowhere(build_site, remote_tree, attempts):
    site = build_site(remote_tree)
    assert (site.site / "events" / "gadget.remote" / "index.html").is_file()
    payload = f"{PAYLOADS}/gadget.remote-v1.json#/properties/address/$ref: "
    assert any(payload in w and "is a remote reference and is never fetched" in w for w in site.warnings)
    assert any(
        f"contracts/event-types-registry.schema.json: reference 'Unresolvable: {REMOTE}'" in w
        for w in site.warnings
    )
    assert attempts == []


def test_contracts_check_with_remote_refs_connects_nowhere(remote_tree, attempts):
    status, output = check(remote_tree)
    assert status == 1 and f"{PAYLOADS}/gadget.remote-v1.json#/properties/address/$ref" in output
    assert attempts == []


def test_the_remote_ref_is_a_link_on_the_page_not_a_fetch(build_site, remote_tree, attempts):
    site = build_site(remote_tree)
    page = site.page("events/gadget.remote/")
    assert 'href="https://schemas.example.invalid/address.json"' in page
    assert REGISTRY not in [w.split("#")[0] for w in site.warnings if "remote" in w]
    assert attempts == []
