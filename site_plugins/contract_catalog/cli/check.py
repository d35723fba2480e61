"""`contracts check`: every check of a catalog build, without building the site.

It runs what the MkDocs plugin runs, by construction: load the catalog, make the build's views, and report
`site.checks.catalog_problems` (the model's problems, the extra checks', every view's). No page is rendered.
Exit status: 0 clean, 1 problems found (warnings too: a strict build fails on them), 2 usage errors and
input that cannot be checked at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from .. import site_options
from ..core.problems import Severity
from ..model.catalog import REGISTRY_FILE, load_catalog
from ..model.urls import SiteUrls
from ..render.renderer import PageRenderer
from ..site.builddate import resolve_build_date
from ..site.checks import catalog_problems, sort_problems
from ..site.url_promises import broken_promises, promised_urls, read_published
from ..views import BuildContext, default_views
from .report import FORMATS, render

NAME = "check"
CLEAN, FINDINGS, UNUSABLE = 0, 1, 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="check the contracts tree the way the catalog build does",
        description=__doc__.splitlines()[0].replace("`", ""),
    )
    site_options.add_arguments(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text lines, a JSON list, or GitHub workflow annotations (default: text)",
    )
    parser.add_argument(
        "--build-date",
        metavar="YYYY-MM-DD",
        help="the day lifecycle checks take as today (default: build_date of mkdocs.yml, "
        "else SOURCE_DATE_EPOCH, else today)",
    )
    parser.add_argument(
        "--field-drift",
        choices=("note", "warning", "error", "off"),
        default="note",
        help="one field name with different types, formats, enums or patterns in different "
        "events: a note that fails nothing, a warning or error that fails the check, or off, "
        "as the plugin's field_drift (default: note)",
    )
    parser.add_argument(
        "--urls-from",
        metavar="PATH",
        type=Path,
        help="an earlier build's urls.json or catalog.json, or its site folder: every URL and "
        "anchor it published must still resolve (a removed event type keeps a page, a renamed "
        "one a redirect); each that would not is a problem",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Check the tree named by parsed arguments; never raises, the exit status says how it went."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        return _check(args, out, err)
    except Exception as error:  # noqa: BLE001 - a CI gate reports a failure, never a traceback
        err.write(
            f"contracts check: could not check {args.contracts or 'the contracts'}: "
            f"{type(error).__name__}: {error}\n"
        )
        return UNUSABLE


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        options = site_options.resolve(args)
        build_date = resolve_build_date(args.build_date or options.build_date)
    except ValueError as error:
        return _unusable(err, str(error))
    contracts = options.contracts_dir
    if not contracts.is_dir():
        return _unusable(err, f"'{contracts}' is not a directory")
    if not (contracts / REGISTRY_FILE).is_file():
        return _unusable(err, f"'{contracts}' has no {REGISTRY_FILE}")

    catalog = load_catalog(contracts)
    unreadable = [p for p in catalog.problems if p.code == "unreadable"]
    if unreadable:
        return _unusable(err, str(unreadable[0]))
    site_urls = SiteUrls()
    context = BuildContext(
        catalog=catalog,
        renderer=PageRenderer(site_urls),
        urls=site_urls,
        build_date=build_date,
        deprecation_window_days=options.deprecation_window_days,
        field_drift=args.field_drift,
    )
    views = default_views(context)
    problems = catalog_problems(catalog, views)
    if getattr(args, "urls_from", None) is not None:
        try:
            published = read_published(args.urls_from)
        except ValueError as error:
            return _unusable(err, str(error))
        problems += broken_promises(published, promised_urls(context, views), str(args.urls_from))
    notes = sort_problems(note for view in views for note in view.info_findings())

    out.write(render(problems + notes, args.format, catalog.tree.base))
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    where = catalog.tree.display(catalog.tree.root)
    noted = f"; {_count(len(notes), 'note')} that fail nothing" if notes else ""
    if problems:
        err.write(
            f"contracts check: {_count(len(problems), 'problem')} in {where}/ "
            f"({_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')}){noted}\n"
        )
        return FINDINGS
    err.write(
        f"contracts check: {where}/ is clean ({len(catalog.events)} event types, "
        f"{len(catalog.versions)} versions, {len(catalog.contracts)} contracts){noted}\n"
    )
    return CLEAN


def _unusable(err: TextIO, message: str) -> int:
    err.write(f"contracts check: {message}\n")
    return UNUSABLE


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
