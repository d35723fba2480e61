"""The `contracts` command line: checks and diffs of a contracts tree, without building the site.

Each subcommand lives in its own module of this package (`check.py`, `diff.py`) with a NAME and
`add_parser(subparsers)` (which sets `run` as the parser's default), and is listed in COMMANDS. Errors a user
can fix (a wrong option, an unknown revision) exit with status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib.metadata
from typing import NoReturn

from . import check, diff

COMMANDS = (check, diff)


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: `contracts diff: unknown revision 'x'` and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> Parser:
    parser = Parser(prog="contracts", description=__doc__.splitlines()[0].replace("`", ""))
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def _version() -> str:
    try:
        return importlib.metadata.version("contract-catalog")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error(f"choose a command: {', '.join(command.NAME for command in COMMANDS)}")
    return args.run(args)
