"""Hand-written pages link to field anchors strictly:
MkDocs' anchor validation knows the ids the plugin adds."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, build_project, make_project
from mkdocs.exceptions import Abort

MINI = FIXTURES / "mini" / "contracts"
STRICT_ANCHORS = {"validation": {"anchors": "warn"}}


def project_with_guide(tmp_path, link: str):
    project = make_project(tmp_path, MINI, extra_config=STRICT_ANCHORS)
    (project / "docs" / "guide.md").write_text(f"# Guide\n\nSee [the width]({link}).\n")
    return project


def test_a_link_to_a_field_anchor_passes_a_strict_build_with_anchor_validation(tmp_path):
    built = build_project(project_with_guide(tmp_path, "events/widget.created.md#v2-size.width"), strict=True)
    assert built.warnings == []
    assert 'id="v2-size.width"' in built.page("events/widget.created/")
    assert 'href="../events/widget.created/#v2-size.width"' in built.page("guide/")


def test_a_link_to_a_field_that_does_not_exist_still_fails_the_strict_build(tmp_path):
    project = project_with_guide(tmp_path, "events/widget.created.md#v2-size.depth")
    with pytest.raises(Abort):
        build_project(project, strict=True)
