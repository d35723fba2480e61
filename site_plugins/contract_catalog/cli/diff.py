"""`contracts diff BASE [HEAD]`: what changed in the contracts tree between two git revisions.

HEAD defaults to the working tree. The report is Markdown (a pull-request comment, a job summary) or JSON.
With `--fail-on breaking` the exit status is 1 when an active version's schema breaks BACKWARD in place or
a version is removed while consumers may still read it; "today" for the deprecation window is
SOURCE_DATE_EPOCH when set, so a CI run can be replayed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import site_options
from ..core.problems import Severity
from ..history.changes import ChangeKind, RegistryDiff, breaking_changes, diff_trees
from ..history.report import PayloadText, json_report, markdown_report
from ..history.revisions import RevisionError, Snapshot, repo_root, resolve_commit
from ..schema.markdown import schema_markdown
from ..site.builddate import resolve_build_date

NAME = "diff"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="compare the contracts tree at two git revisions",
        description=__doc__.splitlines()[0].replace("`", ""),
    )
    parser.add_argument("base", metavar="BASE", help="the revision to compare from (branch, tag, commit)")
    parser.add_argument(
        "head", metavar="HEAD", nargs="?", help="the revision to compare to (default: the working tree)"
    )
    site_options.add_arguments(parser)
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "never"),
        default="never",
        help="exit with status 1 on a breaking change (default: never)",
    )
    parser.set_defaults(run=run, parser=parser)


def payload_texts(diff: RegistryDiff, new: Snapshot) -> list[PayloadText]:
    """Each added or changed payload version's schema as it reads in HEAD, rendered by jsonschema2md."""
    wanted: dict[tuple[str, int], tuple[str, str]] = {}
    for change in diff.of_kind(ChangeKind.EVENT_ADDED, ChangeKind.VERSION_ADDED):
        entries = (
            change.new.get("schema_versions", []) if change.kind is ChangeKind.EVENT_ADDED else [change.new]
        )
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("payload_schema"), str):
                version = entry.get("version", change.version)
                wanted[(str(change.event), version)] = (entry["payload_schema"], "added")
    for schema in diff.schemas:
        wanted[(schema.event, schema.version)] = (schema.new_path, "changed")
    texts = []
    for (event, version), (path, why) in sorted(
        wanted.items(), key=lambda item: (item[0][0], str(item[0][1]))
    ):
        loaded = new.schema(path)
        if loaded is not None:
            texts.append(PayloadText(event, version, why, schema_markdown(*loaded)))
    return texts


def run(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    try:
        today = resolve_build_date(None)
    except ValueError as error:
        parser.error(str(error))
    try:
        options = site_options.resolve(args)
    except ValueError as error:
        parser.error(str(error))
    contracts: Path = options.contracts_dir
    if not contracts.is_dir():
        parser.error(f"{contracts} is not a folder (give the contracts folder with --contracts)")
    try:
        root = repo_root(contracts.resolve())
        rel = contracts.resolve().relative_to(root.resolve()).as_posix()
        old = Snapshot.from_git(root, resolve_commit(root, args.base), rel, label=args.base)
        if args.head is None:
            new = Snapshot.from_directory(contracts)
        else:
            new = Snapshot.from_git(root, resolve_commit(root, args.head), rel, label=args.head)
    except (RevisionError, ValueError) as error:
        parser.error(str(error))
    if old.registry is None and new.registry is None and not old.problems and not new.problems:
        parser.error(f"neither {args.base} nor {new.label} has {rel}/event-types-registry.json")
    diff = diff_trees(old, new)
    breaking = breaking_changes(diff, today, options.deprecation_window_days)
    if args.format == "json":
        sys.stdout.write(json_report(diff, breaking, base=args.base, head=new.label, today=today))
    else:
        sys.stdout.write(
            markdown_report(
                diff, breaking, base=args.base, head=new.label, today=today, payloads=payload_texts(diff, new)
            )
        )
    # Problems the change brings (an unreadable schema in HEAD) fail too: nothing could be checked there.
    failed = breaking or any(p.severity is Severity.ERROR for p in new.problems)
    return 1 if args.fail_on == "breaking" and failed else 0
