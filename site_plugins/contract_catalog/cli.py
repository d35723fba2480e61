"""The `contracts` command line: checks and diffs of a contracts tree, without building the site."""


def main(argv: list[str] | None = None) -> int:
    raise SystemExit("contracts: no subcommands yet")
