"""The commits that touched the contracts tree, newest first, each with what it changed against its parent
(`changes.diff_trees`): the /changes/ page's history."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .changes import RegistryDiff, diff_trees
from .revisions import RevisionError, Snapshot, git, repo_root, shallow_boundary


@dataclass(frozen=True)
class CommitChange:
    """One commit that touched the contracts folder, with what it changed against its first parent."""

    commit: str
    date: str  # committer date, ISO 8601
    subject: str
    tags: tuple[str, ...]
    files: tuple[str, ...]  # paths under the contracts folder the commit changed (none listed for a merge)
    diff: RegistryDiff
    history_cut: bool = False  # a shallow clone's oldest commit: its parent was not fetched, its diff unknown

    @property
    def short(self) -> str:
        return self.commit[:10]

    @property
    def summary(self) -> str:
        """The registry and schema changes, or which documents changed when only those did."""
        if not self.diff.is_empty or not self.files:
            return self.diff.summary()
        count = len(self.files)
        return f"{count} document{'s' if count != 1 else ''} changed; no registry or schema change"


class History(list[CommitChange]):
    """Commits newest first; when there are none, `reason` says why (not a repository, nothing committed)."""

    def __init__(
        self, commits: list[CommitChange] | None = None, reason: str | None = None, shallow: bool = False
    ) -> None:
        super().__init__(commits or [])
        self.reason = reason
        self.shallow = shallow  # a shallow clone: older commits are missing, the oldest one's diff is unknown


def history(
    repo_dir: Path | str, contracts_rel: str = "contracts", *, max_count: int | None = None
) -> History:
    """Each commit that touched `contracts_rel` (relative to `repo_dir`), newest first, with its diff."""
    try:
        root = repo_root(Path(repo_dir))
        contracts = (Path(repo_dir) / contracts_rel).resolve()
        if not contracts.is_relative_to(root.resolve()):
            return History(reason=f"{contracts_rel} is outside the git repository at {root}")
        rel = contracts.relative_to(root.resolve()).as_posix()
        limit = ["-n", str(max_count)] if max_count else []
        # Each record: separator, id, parents, date, subject, then the changed paths, NUL-terminated.
        fields = "--format=%x1e%H%x1f%P%x1f%cI%x1f%s"
        log = git(root, "log", fields, "--name-only", "-z", *limit, "--", rel).decode("utf-8", "replace")
    except RevisionError as error:
        return History(reason=str(error))
    records = [record for record in log.split("\x1e") if record.strip()]
    if not records:
        return History(reason=f"no commit touches {rel}/")
    tags = _tags_by_commit(root)
    snapshots: dict[str, Snapshot] = {}

    def snapshot(commit: str) -> Snapshot:
        if commit not in snapshots:
            snapshots[commit] = Snapshot.from_git(root, commit, rel, label=commit[:10])
        return snapshots[commit]

    boundary = shallow_boundary(root)
    commits = History(shallow=bool(boundary))
    for record in records:
        header, _, names = record.partition("\0")
        commit, parents, when, subject = header.split("\x1f", 3)
        files = tuple(name for name in names.lstrip("\n").split("\0") if name)
        parent = parents.split()[0] if parents else None
        # its parent was not fetched: diffing against nothing would credit it everything
        if commit in boundary:
            commits.append(
                CommitChange(commit, when, subject, tags.get(commit, ()), files, RegistryDiff(), True)
            )
            continue
        if len(parents.split()) <= 1 and not any(name.endswith(".json") for name in files):
            diff = RegistryDiff()  # no registry or schema file changed: nothing to load and compare
        else:
            before = snapshot(parent) if parent else Snapshot.empty("(none)", Path(rel).name or root.name)
            diff = diff_trees(before, snapshot(commit))
            diff.problems = list(snapshot(commit).problems)  # the parent's own problems belong to its entry
        commits.append(CommitChange(commit, when, subject, tags.get(commit, ()), files, diff))
    return commits


def _tags_by_commit(root: Path) -> dict[str, tuple[str, ...]]:
    out = git(root, "for-each-ref", "--format=%(objectname)%00%(*objectname)%00%(refname:short)", "refs/tags")
    found: dict[str, list[str]] = {}
    for line in out.decode("utf-8", "replace").splitlines():
        target, peeled, name = line.split("\0")
        found.setdefault(peeled or target, []).append(name)  # annotated tags peel to their commit
    return {commit: tuple(sorted(names)) for commit, names in found.items()}
