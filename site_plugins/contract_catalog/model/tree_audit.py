"""Which files of the contracts tree can be read and published, found before anything reads them, in one walk
(`ContractsTree.walk`, the same walk `tree_scan.tree_files` lists the published files with).

Refused, each with a problem naming it (and nothing of it is read or published):
- symlinks out of the tree, and symlinks that lead to themselves;
- names that cannot be published safely (see safe_names);
- Markdown files that are not UTF-8, too large, or over a rendering budget (see markdown_budget);
- Markdown files whose page URL another one already has: `index.md` beside `README.md`, `manual.md` beside
  `manual/index.md`; an `index.md` at the top of the tree or of a contract folder would take the URL of the
  contract's page (its README, or the catalog's generated page) and is refused even alone.
The refused paths are kept in `tree.refused`, which `ContractsTree.publishable` consults.
"""

from __future__ import annotations

from pathlib import Path

from ..core.markdown_budget import MAX_MARKDOWN_BYTES, markdown_over_budget
from ..core.problems import Problem
from ..core.safe_files import ContractsTree
from ..core.safe_names import unsafe_name


def audit_tree(tree: ContractsTree) -> list[Problem]:
    """Walk the tree once, fill `tree.refused` and return a problem for each refusal."""
    tree.refused.clear()
    problems: list[Problem] = []
    pages: dict[str, list[Path]] = {}  # page URL -> Markdown files asking for it
    if not tree.root.is_dir():
        return problems

    def refuse(path: Path, message: str, line: int | None = None) -> None:
        rel = path.relative_to(tree.root).as_posix()
        tree.refused[rel] = message
        problems.append(Problem(tree.display(path), message, line=line, code="refused-file"))

    for folder, subdirs, files in tree.walk():
        for name in list(subdirs):
            reason = _refusal(tree, folder / name, "folder", "nothing in it is")
            if reason:
                refuse(folder / name, reason)
                subdirs.remove(name)
        for name in files:
            path = folder / name
            reason = _refusal(tree, path, "file", "it is not")
            if reason:
                refuse(path, reason)
            elif name.endswith(".md"):
                over = _markdown_refusal(path)
                if over:
                    refuse(path, *over)
                else:
                    pages.setdefault(_page_url(path.relative_to(tree.root).as_posix()), []).append(path)
    for url, paths in pages.items():
        for path, message in _colliding(tree, url, paths):
            refuse(path, message)
    return problems


def _refusal(tree: ContractsTree, path: Path, kind: str, consequence: str) -> str | None:
    reason = unsafe_name(path.name)
    if reason:
        return f"its name {reason}; {consequence} read or published"
    if not path.is_symlink():
        return None
    try:
        path.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"is a symlink that leads nowhere or to itself; {consequence} read or published"
    if not tree.contains(path):
        return f"is a symlink to a {kind} outside {tree.root.name}/; {consequence} read or published"
    return None


def _markdown_refusal(path: Path) -> tuple[str, int | None] | None:
    """Why a Markdown file is not published (and the line), or None."""
    try:
        size = path.stat().st_size
        if size > MAX_MARKDOWN_BYTES:
            limit_mb = MAX_MARKDOWN_BYTES // 1_048_576
            return f"is {size / 1_048_576:.1f} MB; Markdown files over {limit_mb} MB are not published", None
        data = path.read_bytes()
    except OSError as error:
        return f"cannot be read: {(error.strerror or str(error)).lower()}", None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return f"is not UTF-8 text (byte 0x{data[error.start]:02x}); it is not published", line
    over = markdown_over_budget(text)
    return (f"{over.reason}, and the file is not published", over.line) if over else None


def _page_url(rel: str) -> str:
    """The URL MkDocs gives a Markdown file with directory URLs: `a/b.md` -> `a/b/`, `a/index.md` -> `a/`."""
    stem = rel[: -len(".md")]
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/"


def _colliding(tree: ContractsTree, url: str, paths: list[Path]) -> list[tuple[Path, str]]:
    """The files that lose a page URL: all but one when several ask for it (a README wins, then the shortest
    path), and an index.md where the catalog's contract or contracts page lives."""
    where = f"{tree.root.name}/{url}"
    refused: list[tuple[Path, str]] = []
    if url.count("/") <= 1:  # the tree's own page or a contract's: a README, or the catalog makes it
        refused = [
            (
                p,
                (
                    f"would take the URL of the catalog's page {where}; it is not published (a contract's "
                    "page is its README.md)"
                ),
            )
            for p in paths
            if p.name == "index.md"
        ]
        paths = [p for p in paths if p.name != "index.md"]
    if not paths:
        return refused
    keeper = min(paths, key=lambda p: (p.name != "README.md", len(p.parts), p.as_posix()))
    refused += [
        (
            p,
            (
                f"has the same page URL as {tree.display(keeper)} ({where}); it is not published until one "
                "of them is renamed"
            ),
        )
        for p in paths
        if p is not keeper
    ]
    return refused
