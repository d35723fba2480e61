"""The catalog model: the registry and the contracts tree as typed objects, with every problem found.

Loading never raises on bad input. Each registry entry becomes an EventType and each list item a
SchemaVersion, however broken, so that nothing is silently dropped: what cannot be read is kept with its
problems, and the page for it says so.
"""

from __future__ import annotations

from pathlib import Path

from ..core.problems import Problem
from ..core.safe_files import MAX_REGISTRY_BYTES, ContractsTree, load_json
from .catalog_types import Catalog, Contract, ContractDocument, Domain, EventType, SchemaVersion
from .registry_reader import (
    EVENT_FIELDS,
    EVENT_NAME,
    METADATA_KEYS,
    REGISTRY_FILE,
    VERSION_FIELDS,
    RegistryReader,
    collect_domains,
    kind_in_words,
)
from .slugs import slugify
from .tree_audit import audit_tree
from .tree_scan import find_envelope, markdown_title, scan_contracts, tree_files

# What the rest of the package reads from here; the parts live in the modules imported above.
__all__ = [
    "EVENT_FIELDS",
    "EVENT_NAME",
    "METADATA_KEYS",
    "REGISTRY_FILE",
    "VERSION_FIELDS",
    "Catalog",
    "Contract",
    "ContractDocument",
    "Domain",
    "EventType",
    "SchemaVersion",
    "load_catalog",
    "markdown_title",
    "slugify",
    "tree_files",
]


def load_catalog(contracts_dir: Path | str) -> Catalog:
    """Read the registry and the contracts tree. Problems are collected, never raised."""
    tree = ContractsTree(Path(contracts_dir))
    registry_file = tree.root / REGISTRY_FILE
    display = tree.display(registry_file)
    catalog = Catalog(tree=tree, registry_path=display)
    catalog.problems.extend(audit_tree(tree))  # first: what it refuses, nothing else reads
    catalog.contracts = scan_contracts(tree)
    catalog.envelope_schema = find_envelope(tree)

    if not registry_file.is_file():
        catalog.problems.append(Problem(display, "the registry file is missing", code="missing-registry"))
        return catalog
    data, problems = load_json(registry_file, display, max_bytes=MAX_REGISTRY_BYTES)
    if data is None or not isinstance(data, dict):
        catalog.problems.extend(problems)
        if data is not None:
            message = f"must be a JSON object keyed by event type, not {kind_in_words(data)}"
            catalog.problems.append(Problem(display, message, pointer=""))
        return catalog

    reader = RegistryReader(catalog, display)
    reader.read(data)
    for problem in problems:  # a duplicate key inside an entry is shown on that event type's page
        event = _event_at(catalog, problem.pointer)
        (event.problems if event else catalog.problems).append(problem)
    _link_contracts(catalog)
    collect_domains(catalog)
    return catalog


def _event_at(catalog: Catalog, pointer: str | None) -> EventType | None:
    """The event type whose registry entry a JSON pointer lies in, if any."""
    if not pointer:
        return None
    first = pointer.split("/")[1].replace("~1", "/").replace("~0", "~")
    return catalog.events.get(first)


def _link_contracts(catalog: Catalog) -> None:
    for event in catalog.events.values():
        if event.owning_contract is None or event.contract_id is None:
            continue
        contract = catalog.contracts.get(event.contract_id)
        if contract is None:
            event.problems.append(
                Problem(
                    catalog.registry_path,
                    f"owning contract folder '{event.contract_id}' has no Markdown documents",
                    pointer=event.pointer + "/owning_contract",
                    code="missing-contract",
                )
            )
            event.contract_id = None
        else:
            contract.events.append(event)
