"""Fingerprint of a built site, to show two builds are byte-identical (e.g. before and after a refactoring).

python scripts/site_fingerprint.py SITE_DIR              # prints `sha256  relative/path` per file, sorted
python scripts/site_fingerprint.py SITE_DIR OTHER_DIR    # compares: lists files that differ, exit 1 if any
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def fingerprint(site: Path) -> dict[str, str]:
    """sha256 of every file under `site`, keyed by its path relative to `site` (POSIX, sorted)."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """One line per file that is missing on one side or differs in content."""
    lines = []
    for name in sorted(before.keys() | after.keys()):
        if name not in after:
            lines.append(f"only in first:  {name}")
        elif name not in before:
            lines.append(f"only in second: {name}")
        elif before[name] != after[name]:
            lines.append(f"differs:        {name}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) == 1:
        for name, digest in fingerprint(Path(argv[0])).items():
            print(f"{digest}  {name}")
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = fingerprint(Path(argv[0])), fingerprint(Path(argv[1]))
    found = differences(before, after)
    print("\n".join(found) if found else f"{len(before)} files identical")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
