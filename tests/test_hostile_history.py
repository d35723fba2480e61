"""Hostile input that exists only in an old commit: the history view reads it, and it must not break a build.

A registry holding a 5,000-digit number was committed and then fixed. Python refuses to read such an
integer (its 4,300-digit limit), so every later build, which reads the whole history for /changes/, once
stopped with a traceback. Now the number is read as a problem of that commit's file.
"""

from __future__ import annotations

import json
import subprocess

from bs4 import BeautifulSoup
from conftest import build_project, make_project
from hostile.trees import BASE


def test_a_huge_number_in_an_old_commit_does_not_stop_the_build(tmp_path):
    project = make_project(tmp_path, BASE)
    registry_path = project / "contracts/event-types-registry.json"
    clean = registry_path.read_text(encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(project)]
    subprocess.run([*git, "init", "-q"], check=True)
    registry_path.write_text(
        clean.replace('"version": 1,', '"version": ' + "9" * 5000 + ",", 1), encoding="utf-8"
    )
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "A version number of 5,000 digits"], check=True)
    registry_path.write_text(clean, encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "Version 1 again"], check=True)

    site = build_project(project)

    page = BeautifulSoup(site.page("changes/"), "html.parser")
    subjects = [p.get_text(strip=True) for p in page.select(".cc-commit-subject")]
    assert subjects == ["Version 1 again", "A version number of 5,000 digits"]
    # the rest of the site is there
    assert json.loads((site.site / "catalog.json").read_text(encoding="utf-8"))
