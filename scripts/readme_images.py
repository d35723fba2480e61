"""Copy the layout gate's screenshots that the README shows from tests/output/screenshots/ to docs/images/.

Run by `make readme-images`, which first takes the screenshots (tests/browser/test_screenshots.py). Look at
the pictures before committing them: they are what a new reader sees first.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "tests" / "output" / "screenshots"
IMAGES = REPO / "docs" / "images"
# docs/images/<name>.png <- tests/output/screenshots/<name>.png
README_IMAGES = [
    "event-page-1440",
    "event-fields-1440",
    "event-page-390",
    "event-fields-390",
    "contract-page-1440",
    "contract-page-390",
    "graph-1440",
    "graph-390",
    "domain-page-1440",
    "domain-page-390",
]


def main() -> int:
    missing = [name for name in README_IMAGES if not (SCREENSHOTS / f"{name}.png").is_file()]
    if missing:
        print(
            f"missing in {SCREENSHOTS.relative_to(REPO)}: {', '.join(missing)}; "
            "run the screenshot tests first",
            file=sys.stderr,
        )
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name in README_IMAGES:
        shutil.copyfile(SCREENSHOTS / f"{name}.png", IMAGES / f"{name}.png")
        print(f"docs/images/{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
