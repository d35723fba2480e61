"""The PR summary's payload schemas: jsonschema2md's text,
without its four known defects reaching a reader."""

from __future__ import annotations

import json
import subprocess

import markdown
import pytest
from bs4 import BeautifulSoup
from contract_catalog.cli.main import main
from contract_catalog.schema.markdown import schema_markdown
from test_changes import Repo, _event, _version, git_env  # noqa: F401 - git_env is a fixture

SCHEMA = {
    "title": "order.created v2",
    "type": "object",
    "required": ["order", "legacy_code", "channel"],
    "properties": {
        "order": {
            "type": "object",
            "description": "The order.",
            "required": ["lines"],
            "properties": {
                "lines": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"sku": {"type": "string"}}},
                },
                "total": {"$ref": "#/$defs/money", "description": "What the customer pays."},
            },
        },
        "legacy_code": {"type": "string", "deprecated": True, "description": "Use order.id."},
        "channel": {"description": "Where the order came from <script>alert(1)</script>."},
        "partner": {"$ref": "https://example.org/partner.json", "description": "The reseller."},
    },
    "$defs": {"money": {"type": "integer", "minimum": 0}},
    "examples": [{"order": {"lines": []}, "legacy_code": "x", "channel": "web"}],
}


def rendered() -> BeautifulSoup:
    """The Markdown as the site (Python-Markdown) reads it; GitHub reads 4-space nesting the same way."""
    return BeautifulSoup(
        markdown.markdown(schema_markdown(SCHEMA), extensions=["fenced_code"]), "html.parser"
    )


def item(page: BeautifulSoup, name: str):
    return next(li for li in page.select("li") if li.find("code") and li.find("code").get_text() == name)


def test_nested_properties_stay_nested_lists():
    page = rendered()
    assert item(page, "lines").find_parent("li") is item(page, "order")
    assert item(page, "sku").find_parent("li") is item(page, "lines")


def test_deprecated_properties_are_shown_and_marked():
    assert "deprecated" in item(rendered(), "legacy_code").get_text()


def test_a_required_property_without_a_type_is_marked_required():
    assert item(rendered(), "channel").get_text().startswith("channel (required)")


def test_a_ref_beside_other_keywords_is_inlined_not_a_broken_link():
    page = rendered()
    total = item(page, "total").get_text(" ", strip=True)
    assert "integer" in total and "What the customer pays" in total and "Minimum" in total
    assert "same as https://example.org/partner.json" in item(page, "partner").get_text(" ", strip=True)
    assert page.select("a") == [] and "Definitions" not in page.get_text()


def test_schema_text_cannot_add_html_and_examples_are_a_code_block():
    page = rendered()
    assert page.select("script") == [] and "<script>" in item(page, "channel").get_text()
    example = json.loads(page.select_one("pre code").get_text())
    assert example["channel"] == "web"


@pytest.mark.usefixtures("git_env")
def test_the_pr_summary_shows_each_added_or_changed_payload_schema(tmp_path, capsys, monkeypatch):
    payload = "contracts/sales/schema/payloads/order.created-v2.json"
    repo = Repo(tmp_path / "repo")
    repo.write({"order.created": _event(_version(1))})
    repo.commit("v1")
    repo.write({"order.created": _event(_version(1), _version(2, payload))}, {payload: SCHEMA})
    monkeypatch.chdir(repo.root)
    assert main(["diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    section = out[out.index("### Payload schemas") :]
    assert "<summary><code>order.created</code> v2 (added)</summary>" in section
    assert "- **`channel`** *(required)*" in section and "    - **`lines`**" in section
    # the working tree, not a commit, was compared
    assert subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo.root, capture_output=True, text=True, check=True
    ).stdout
