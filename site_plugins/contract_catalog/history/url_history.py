"""What the catalog published once and the contracts tree no longer has, read from git history.

Links to event types, versions, fields and documents live for years in design documents. When the registry
drops an event type or a version, or a document is moved or deleted, the site keeps an answer at the old URL;
this module finds what those answers say: the last revision that had the thing, and the commit that took it
away (its date and subject), and what replaced it when the registry or the history says so.

Cost: one `git log --raw` pass over the contracts folder, one `git cat-file --batch` for the registry's
revisions and the files that are gone, and a tree (`Snapshot`) only of the revisions a retired page shows.
Nothing is read when the folder is not in a git repository. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import posixpath
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.safe_files import MAX_JSON_BYTES, MAX_REGISTRY_BYTES, ContractsTree, parse_json
from ..model.catalog import EVENT_NAME, METADATA_KEYS, REGISTRY_FILE, Catalog, tree_files
from ..schema.document import read_document
from ..schema.loading import SchemaLoader
from .revisions import RevisionError, _json_blobs, git, repo_root, shallow_boundary

NO_BLOB = "0" * 40
REGULAR_FILE_MODES = ("100644", "100755")  # symlinks (120000) and submodules (160000) are never read


@dataclass(frozen=True)
class Commit:
    id: str
    date: str  # committer date, ISO 8601
    subject: str
    parent: str | None

    @property
    def short(self) -> str:
        return self.id[:10]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass(frozen=True)
class FileChange:
    status: str  # A, M, D, R (renamed), C (copied), T (type changed)
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None
    regular: bool  # both sides are regular files


@dataclass
class RetiredEvent:
    """An event type the registry had and no longer has; its page stays, built from its last entry."""

    name: str
    entry: dict[str, Any]  # its registry entry in the last revision that had it
    last: str | None  # that revision (None: known from the registry's `renamed_from` only)
    removed: Commit | None
    renamed_to: str | None = None  # a rename: the old URL sends the reader to the new page
    replaced_by: str | None = None  # a replacement: the old page stays and links to it

    @property
    def versions(self) -> list[int]:
        return sorted(version_entries(self.entry))


@dataclass
class RetiredVersion:
    """A version removed from an event type that is still registered."""

    event: str
    version: int
    entry: dict[str, Any]
    last: str
    removed: Commit


@dataclass
class GoneDocument:
    """A Markdown document of the tree that was moved (`moved_to`, inside the contracts folder) or deleted."""

    rel: str  # inside the contracts folder, as it was
    last: str
    removed: Commit
    moved_to: str | None = None
    title: str | None = None


@dataclass
class DroppedField:
    """A field path a version's schema file had in an earlier revision and has no more."""

    path: str
    removed: Commit


@dataclass
class UrlHistory:
    """Everything retired, by name. `reason` says why there is no history (no git);
    `shallow` that it is cut."""

    events: dict[str, RetiredEvent] = field(default_factory=dict)
    versions: dict[str, list[RetiredVersion]] = field(default_factory=dict)  # by event name
    documents: dict[str, GoneDocument] = field(default_factory=dict)  # by old rel path
    gone_json: dict[str, bytes] = field(default_factory=dict)  # rel path -> its last content
    reason: str | None = None
    shallow: bool = False
    repo: Path | None = None
    contracts_rel: str = ""
    contracts_name: str = "contracts"
    changes: list[tuple[Commit, list[FileChange]]] = field(default_factory=list, repr=False)
    _trees: dict[str, Path] = field(default_factory=dict, repr=False)
    _workdir: tempfile.TemporaryDirectory | None = field(default=None, repr=False)
    _loaders: dict[str, SchemaLoader] = field(default_factory=dict, repr=False)
    _dropped: dict[tuple[str, int], list[DroppedField]] = field(default_factory=dict, repr=False)

    @property
    def available(self) -> bool:
        return self.reason is None

    @property
    def renamed_events(self) -> dict[str, RetiredEvent]:
        return {name: event for name, event in self.events.items() if event.renamed_to}

    @property
    def tombstoned_events(self) -> dict[str, RetiredEvent]:
        return {name: event for name, event in self.events.items() if not event.renamed_to}

    def tree_at(self, commit: str) -> Path:
        """The contracts folder's JSON files at a commit,
        written to a temporary folder (read once per commit).

        The folder is what the schema loader reads; it is removed with this object.
        """
        if commit not in self._trees:
            if self._workdir is None:
                self._workdir = tempfile.TemporaryDirectory(prefix="contract-catalog-history-")
            base = Path(self._workdir.name) / commit[:12]
            root = base / self.contracts_name
            root.mkdir(parents=True)
            assert self.repo is not None
            for path, data in _json_blobs(self.repo, commit, self.contracts_rel).items():
                inside = path if self.contracts_rel == "." else posixpath.relpath(path, self.contracts_rel)
                target = root / inside
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            self._trees[commit] = root
        return self._trees[commit]


def loader_at(found: UrlHistory, commit: str) -> SchemaLoader:
    """A schema loader of the contracts folder as it was at a commit:
    the field tables it had, the same anchors."""
    if commit not in found._loaders:
        found._loaders[commit] = SchemaLoader(ContractsTree(found.tree_at(commit)))
    return found._loaders[commit]


def field_paths_at(found: UrlHistory, commit: str, path: str, number: int) -> list[str]:
    """Every field path (so every `#v<number>-<path>` anchor) a schema file had at a commit."""
    return read_document(loader_at(found, commit), path, number).all_paths()


def history_of_catalog(catalog: Catalog) -> UrlHistory:
    """The history of a catalog's contracts folder, measured against what it holds now."""
    tree = catalog.tree
    events = {
        name: {v.version for v in e.versions if v.version is not None} for name, e in catalog.events.items()
    }
    files = (
        {path.relative_to(tree.root).as_posix() for path in tree_files(tree)} if tree.root.is_dir() else set()
    )
    renamed = {
        e.renamed_from: name
        for name, e in catalog.events.items()
        if e.renamed_from and e.renamed_from not in catalog.events
    }
    found = read_history(tree.root, events, files, renamed)
    for old, new in renamed.items():  # without history the registry still says where the old name went
        found.events.setdefault(old, RetiredEvent(old, {}, None, None, renamed_to=new))
    for retired in found.events.values():  # renamed to a name now gone without a trace: its own page stays
        if retired.renamed_to not in catalog.events and retired.renamed_to not in found.events:
            retired.renamed_to = None
    return found


def read_history(
    contracts_root: Path,
    current_events: dict[str, set[int]],
    current_files: set[str],
    renamed_from: dict[str, str] | None = None,
) -> UrlHistory:
    """What was published from `contracts_root` and is gone now.

    `current_events`: every registered event type with its version numbers; `current_files`: every file of
    the tree now, relative to the contracts folder; `renamed_from`: old name -> new name, per the registry.
    """
    try:
        root = repo_root(contracts_root)
    except RevisionError as error:
        return UrlHistory(reason=str(error))
    folder = Path(contracts_root).resolve()
    rel = folder.relative_to(root.resolve()).as_posix() if folder != root.resolve() else "."
    found = UrlHistory(
        repo=root, contracts_rel=rel, contracts_name=folder.name, shallow=bool(shallow_boundary(root))
    )
    try:
        found.changes = _log(root, rel)
    except RevisionError as error:
        return UrlHistory(reason=str(error))
    if not found.changes:
        return found
    registry_path = REGISTRY_FILE if rel == "." else f"{rel}/{REGISTRY_FILE}"
    _retired_registry_entries(found, registry_path, current_events, renamed_from or {})
    _gone_files(found, current_files)
    return found


def _log(root: Path, rel: str) -> list[tuple[Commit, list[FileChange]]]:
    """Every commit that touched the folder, newest first,
    with its files' changes against its first parent."""
    fields = "--format=%x1e%H%x1f%P%x1f%cI%x1f%s"
    out = git(root, "log", fields, "--raw", "-M", "-z", "--no-abbrev", "--", rel).decode("utf-8", "replace")
    commits = []
    for record in out.split("\x1e"):
        if not record.strip():
            continue
        header, _, body = record.partition("\0")
        commit_id, parents, when, subject = header.split("\x1f", 3)
        parent = parents.split()[0] if parents else None
        commits.append((Commit(commit_id, when, subject, parent), _raw_changes(body)))
    return commits


def _raw_changes(body: str) -> list[FileChange]:
    tokens = body.lstrip("\n").split("\0")
    changes, position = [], 0
    while position < len(tokens):
        meta = tokens[position].strip()
        position += 1
        if not meta.startswith(":"):
            continue
        old_mode, new_mode, old_blob, new_blob, status = meta[1:].split()
        if status[0] in "RC":
            old_path, new_path = tokens[position], tokens[position + 1]
            position += 2
        else:
            old_path = new_path = tokens[position]
            position += 1
        regular = all(mode in (*REGULAR_FILE_MODES, "000000") for mode in (old_mode, new_mode))
        changes.append(
            FileChange(
                status[0],
                old_path if status[0] != "A" else None,
                new_path if status[0] != "D" else None,
                None if old_blob == NO_BLOB else old_blob,
                None if new_blob == NO_BLOB else new_blob,
                regular,
            )
        )
    return changes


def _cat_blobs(root: Path, blobs: list[str], limit: int) -> dict[str, bytes]:
    """The contents of git blobs in one call; a blob larger than `limit` bytes is left out."""
    if not blobs:
        return {}
    checked = git(root, "cat-file", "--batch-check", stdin="".join(f"{b}\n" for b in blobs).encode())
    wanted = [
        line.split()[0]
        for line in checked.decode().splitlines()
        if len(line.split()) == 3 and line.split()[1] == "blob" and int(line.split()[2]) <= limit
    ]
    if not wanted:
        return {}
    out = git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    contents, position = {}, 0
    for blob in wanted:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        contents[blob] = out[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
    return contents


def _registry_events(data: bytes | None) -> dict[str, dict]:
    """Event type -> entry of one revision of the registry; a revision that does not parse has none."""
    if data is None:
        return {}
    try:
        value, _ = parse_json(data.decode("utf-8"), REGISTRY_FILE)
    except UnicodeDecodeError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v if isinstance(v, dict) else {} for k, v in value.items() if k not in METADATA_KEYS}


def version_entries(entry: dict) -> dict[int, dict]:
    found: dict[int, dict] = {}
    versions = entry.get("schema_versions")
    for item in versions if isinstance(versions, list) else []:
        number = item.get("version") if isinstance(item, dict) else None
        if isinstance(number, int) and not isinstance(number, bool) and number >= 1:
            found.setdefault(number, item)
    return found


REMOVED_LINE = re.compile(r'^-(?!--).*(?:"version"\s*:|"([^"\\]+)"\s*:\s*\{)', re.MULTILINE)


def _commits_that_may_remove(root: Path, registry_path: str, current: dict[str, set[int]]) -> set[str]:
    """The commits whose change to the registry might remove an event type or a version, from its line diff:
    a removed line naming a `"version"`, or opening the entry of an event type not registered now. Only their
    revisions of the registry are read and compared; the others (most commits add or edit) are not."""
    out = git(
        root, "log", "-p", "-U0", "--no-color", "--no-ext-diff", "--format=%x1e%H", "--", registry_path
    ).decode("utf-8", "replace")
    suspects = set()
    for record in out.split("\x1e"):
        commit, _, patch = record.partition("\n")
        for match in REMOVED_LINE.finditer(patch):
            if match.group(1) is None or match.group(1) not in current:
                suspects.add(commit.strip())
                break
    return suspects


def _retired_registry_entries(
    found: UrlHistory, registry_path: str, current: dict[str, set[int]], renamed_from: dict[str, str]
) -> None:
    """Each event type and version removed from the registry, from the newest commit that removed it."""
    assert found.repo is not None
    suspects = _commits_that_may_remove(found.repo, registry_path, current)
    steps = [
        (commit, change)
        for commit, changes in found.changes
        for change in changes
        if change.regular and registry_path in (change.old_path, change.new_path) and commit.id in suspects
    ]
    blobs = sorted({blob for _, change in steps for blob in (change.old_blob, change.new_blob) if blob})
    contents = _cat_blobs(found.repo, blobs, MAX_REGISTRY_BYTES)
    parsed: dict[str, dict[str, dict]] = {}

    def events_of(blob: str | None) -> dict[str, dict]:
        if blob is None:
            return {}
        if blob not in parsed:
            parsed[blob] = _registry_events(contents.get(blob))
        return parsed[blob]

    for commit, change in steps:  # newest first: the latest removal is the one a reader needs
        before, after = events_of(change.old_blob), events_of(change.new_blob)
        if not before or commit.parent is None:
            continue
        for name, entry in before.items():
            if name not in current:
                # Only names of the registry's form get their page back: history is untrusted text too.
                if name not in after and name not in found.events and EVENT_NAME.match(name):
                    found.events[name] = RetiredEvent(name, entry, commit.parent, commit)
                continue
            kept = set(version_entries(after.get(name, {})))
            for number, item in version_entries(entry).items():
                known = {v.version for v in found.versions.get(name, [])}
                if number not in kept and number not in current[name] and number not in known:
                    found.versions.setdefault(name, []).append(
                        RetiredVersion(name, number, item, commit.parent, commit)
                    )
        for retired in found.events.values():
            if retired.removed is commit and retired.renamed_to is None:
                retired.renamed_to = _renamed_in(found, commit, retired.entry, before, after, current)
    said = {
        **{retired.entry.get("renamed_from"): name for name, retired in found.events.items()},
        **renamed_from,
    }
    for old, new in said.items():  # the registry's word (now, or in a retired entry) wins over a guess
        if isinstance(old, str) and old in found.events and old != new:
            found.events[old].renamed_to = new
    for retired in found.events.values():
        target = retired.entry.get("replaced_by")
        if isinstance(target, str) and target != retired.renamed_to:
            retired.replaced_by = target


def _renamed_in(
    found: UrlHistory,
    commit: Commit,
    entry: dict,
    before: dict[str, dict],
    after: dict[str, dict],
    current: dict[str, set[int]],
) -> str | None:
    """The event type that took this one's place in the same commit:
    same owning contract, its schema files moved."""
    changes = next((changes for c, changes in found.changes if c is commit), [])
    # Registry paths are written from the contracts folder's parent; git's from the repository root.
    base = posixpath.dirname(found.contracts_rel) if found.contracts_rel != "." else ""
    moved = {change.old_path: change.new_path for change in changes if change.status == "R"}
    old_schemas = [item.get("payload_schema") for item in version_entries(entry).values()]
    targets = [moved.get(posixpath.join(base, path)) for path in old_schemas if isinstance(path, str)]
    if not targets or None in targets:
        return None
    wanted = {posixpath.relpath(target, base) if base else target for target in targets if target}
    for name, candidate in after.items():
        if (
            name in before
            or name not in current
            or candidate.get("owning_contract") != entry.get("owning_contract")
        ):
            continue
        if wanted <= {item.get("payload_schema") for item in version_entries(candidate).values()}:
            return name
    return None


def _gone_files(found: UrlHistory, current_files: set[str]) -> None:
    """Documents moved or deleted, and the last content of JSON files no longer in the tree."""
    prefix = "" if found.contracts_rel == "." else found.contracts_rel + "/"
    gone_json_blobs: dict[str, str] = {}
    document_blobs: dict[str, str] = {}  # for the titles of deleted documents
    for commit, changes in found.changes:
        for change in changes:
            if not change.regular or change.old_path is None or change.status not in "RD":
                continue
            rel = change.old_path.removeprefix(prefix)
            if rel in current_files or commit.parent is None:
                continue
            if rel.endswith(".md") and "/" in rel and rel not in found.documents:
                moved_to = (
                    change.new_path.removeprefix(prefix) if change.status == "R" and change.new_path else None
                )
                found.documents[rel] = GoneDocument(rel, commit.parent, commit, moved_to)
                if change.old_blob:
                    document_blobs[rel] = change.old_blob
            elif rel.endswith(".json") and rel not in gone_json_blobs and change.old_blob:
                gone_json_blobs[rel] = change.old_blob
    assert found.repo is not None
    contents = _cat_blobs(found.repo, sorted(set(gone_json_blobs.values())), MAX_JSON_BYTES)
    found.gone_json = {rel: contents[blob] for rel, blob in gone_json_blobs.items() if blob in contents}
    texts = _cat_blobs(found.repo, sorted(set(document_blobs.values())), MAX_JSON_BYTES)
    for rel, blob in document_blobs.items():
        found.documents[rel].title = _first_heading(texts.get(blob, b""))
    for document in found.documents.values():  # a document moved again, or deleted after its move
        seen = {document.rel}
        while document.moved_to and document.moved_to not in current_files and document.moved_to not in seen:
            seen.add(document.moved_to)
            later = found.documents.get(document.moved_to)
            if later is None or later.moved_to is None:  # gone without a trace, or deleted: a tombstone too
                document.moved_to = None
                if later is not None:
                    document.removed, document.last = later.removed, later.last
                break
            document.moved_to = later.moved_to


def schema_revisions(found: UrlHistory, registry_path: str) -> list[tuple[Commit, str, str, str | None]]:
    """Each earlier content of a schema file that a commit replaced, newest first, as (that commit, the file's
    registry path at its parent, its blob there, its blob after): older commits changed it under that name."""
    base = posixpath.dirname(found.contracts_rel) if found.contracts_rel != "." else ""
    path = posixpath.join(base, registry_path) if base else registry_path
    revisions = []
    for commit, changes in found.changes:
        for change in changes:
            if (
                change.regular
                and change.new_path == path
                and change.old_path
                and change.old_blob
                and commit.parent
                and change.status in "MR"
            ):
                old_path = posixpath.relpath(change.old_path, base) if base else change.old_path
                revisions.append((commit, old_path, change.old_blob, change.new_blob))
                path = change.old_path
    return revisions


def dropped_fields(
    found: UrlHistory, registry_path: str, number: int, current: frozenset[str]
) -> list[DroppedField]:
    """Field paths a version's schema file had in earlier commits and lacks now, each with the newest commit
    that dropped it. A commit whose old content has no property or `$ref` the new one lacks (a description
    edited, a field added) cannot have dropped one: only the others are flattened, from the parent's tree."""
    key = (registry_path, number)  # asked by the event page and by urls.json: worked out once
    if key not in found._dropped:
        found._dropped[key] = _dropped_fields(found, registry_path, number, current)
    return found._dropped[key]


def _dropped_fields(
    found: UrlHistory, registry_path: str, number: int, current: frozenset[str]
) -> list[DroppedField]:
    revisions = schema_revisions(found, registry_path)
    if not revisions or found.repo is None:
        return []
    wanted = sorted({blob for _, _, old, new in revisions for blob in (old, new) if blob})
    contents = _cat_blobs(found.repo, wanted, MAX_JSON_BYTES)
    dropped: dict[str, DroppedField] = {}
    for commit, old_path, old_blob, new_blob in revisions:  # newest first: the latest drop is the one to name
        before, after = _shape(contents.get(old_blob)), _shape(contents.get(new_blob) if new_blob else None)
        if before is not None and after is not None and before <= after:
            continue
        assert commit.parent is not None
        for path in field_paths_at(found, commit.parent, old_path, number):
            if path not in current:
                dropped.setdefault(path, DroppedField(path, commit))
    return list(dropped.values())


def _shape(data: bytes | None) -> set[str] | None:
    """Where a schema declares properties and `$ref`s, as JSON pointers (a `$ref` with its target); None when
    unreadable, which is never a subset of anything."""
    if data is None:
        return None
    try:
        value, _ = parse_json(data.decode("utf-8"), "schema")
    except UnicodeDecodeError:
        return None
    found: set[str] = set()
    stack: list[tuple[Any, str, str]] = [(value, "", "")]
    while stack:
        node, pointer, parent_key = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in items:
            here = f"{pointer}/{key}"
            if parent_key in ("properties", "patternProperties"):
                found.add(here)
            if key == "$ref" and isinstance(child, str):
                found.add(f"{here}={child}")
            stack.append((child, here, str(key)))
    return found


def _first_heading(text: bytes) -> str | None:
    """A document's first level-one heading, as `model.markdown_title` reads it from a file."""
    for line in text.decode("utf-8", "replace").splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("#").strip() or None
    return None
