"""The contracts tree read as the site publishes it:
its files, its contracts and their documents, the envelope."""

from __future__ import annotations

from pathlib import Path

from ..core.safe_files import ContractsTree
from .catalog_types import Contract, ContractDocument

ENVELOPE_FOLDER = "event-envelope"


def scan_contracts(tree: ContractsTree) -> dict[str, Contract]:
    """Every folder directly under contracts/ holding Markdown is a contract; its files are classified."""
    contracts: dict[str, Contract] = {}
    if not tree.root.is_dir():
        return contracts
    for folder in sorted(p for p in tree.root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not tree.publishable(folder):
            continue
        contract = Contract(id=folder.name)
        for path in tree_files(tree, folder):
            rel = path.relative_to(tree.root).as_posix()
            display = tree.display(path)
            inner = path.relative_to(folder)
            if path.suffix == ".json":
                contract.schema_files.append(display)
            elif path.suffix == ".md":
                document = ContractDocument(display, rel, _document_kind(inner), markdown_title(path, inner))
                if document.kind == "readme":
                    contract.readme = document
                else:
                    {"draft": contract.drafts, "validation": contract.validation}.get(
                        document.kind, contract.documents
                    ).append(document)
        if contract.readme or contract.documents or contract.drafts or contract.validation:
            contracts[contract.id] = contract
    return contracts


def find_envelope(tree: ContractsTree) -> str | None:
    """The envelope every event travels in, by convention event-envelope/schema/envelope-v<N>.json."""
    found = []
    for path in (tree.root / ENVELOPE_FOLDER / "schema").glob("envelope-v*.json"):
        number = path.stem.removeprefix("envelope-v")
        if number.isdigit() and tree.publishable(path) and path.is_file():
            found.append((int(number), tree.display(path)))
    return max(found)[1] if found else None


def tree_files(tree: ContractsTree, folder: Path | None = None) -> list[Path]:
    """The files the site publishes below a folder (the whole tree by default), sorted: no hidden file,
    nothing through a symlink out of the tree, nothing the tree's audit refused."""
    found: list[Path] = []
    for directory, subdirs, files in tree.walk(folder):
        subdirs[:] = [name for name in subdirs if tree.publishable(directory / name)]
        for name in files:
            path = directory / name
            if tree.publishable(path) and path.is_file():
                found.append(path)
    return found


def _document_kind(inner: Path) -> str:
    if inner.parts[0] == "validation":
        return "validation"
    if len(inner.parts) == 1 and inner.name == "README.md":
        return "readme"
    if len(inner.parts) == 1 and inner.name.startswith("README."):
        return "draft"
    return "document"


def markdown_title(path: Path, inner: Path | None = None) -> str:
    """The first level-one heading of a Markdown file, else a title made from its name."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("# "):
                    return line[2:].strip().strip("#").strip()
    except OSError:
        pass
    stem = (inner or path).with_suffix("").name
    return stem.replace("-", " ").replace("_", " ").capitalize()
