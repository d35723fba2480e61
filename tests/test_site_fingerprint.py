"""scripts/site_fingerprint.py, behind `make same-site`:
two builds compared file by file, every difference named."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parent.parent / "scripts" / "site_fingerprint.py"


def compare(first: Path, second: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(first), str(second)], capture_output=True, text=True, check=False
    )


def site(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_identical_sites_pass_and_say_how_many_files(tmp_path):
    files = {"index.html": b"<p>home</p>", "events/a/index.html": b"<p>a</p>"}
    result = compare(site(tmp_path / "one", files), site(tmp_path / "two", files))
    assert result.returncode == 0 and result.stdout.strip() == "2 files identical"


def test_a_changed_byte_a_missing_and_an_extra_file_are_each_named(tmp_path):
    one = site(tmp_path / "one", {"index.html": b"<p>home</p>", "gone.html": b"x", "same.html": b"s"})
    two = site(tmp_path / "two", {"index.html": b"<p>home!</p>", "new.html": b"y", "same.html": b"s"})
    result = compare(one, two)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "only in first:  gone.html",
        "differs:        index.html",
        "only in second: new.html",
    ]
