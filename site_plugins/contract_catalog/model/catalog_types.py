"""The catalog as typed objects: event types and their schema versions, contracts and their documents,
domains, and the catalog that holds them. Plain data; `catalog.py` fills it in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core.problems import Problem
from ..core.safe_files import ContractsTree


@dataclass
class SchemaVersion:
    event_name: str
    index: int  # position in schema_versions, so a broken entry still has an address
    pointer: str
    version: int | None = None
    payload_schema: str | None = None
    status: str | None = None
    registered_at: date | None = None
    active_from: date | None = None
    deprecated_at: date | None = None
    notes: str = ""
    schema_path_ok: bool = False  # payload_schema names a readable file inside the tree
    anchor: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"v{self.version}" if self.version is not None else f"entry {self.index + 1}"


@dataclass
class EventType:
    name: str
    slug: str
    pointer: str
    producer: str | None = None
    consumers: list[str] = field(default_factory=list)
    # each consumer's position in the registry's list
    consumer_indices: list[int] = field(default_factory=list)
    owning_contract: str | None = None  # the path as written
    contract_id: str | None = None  # the contract folder, when the path resolves
    versions: list[SchemaVersion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    replaced_by: str | None = None  # the event type that replaces this one (see url_history)
    renamed_from: str | None = None  # the name this event type had before

    @property
    def latest(self) -> SchemaVersion | None:
        numbered = [v for v in self.versions if v.version is not None]
        return max(numbered, key=lambda v: v.version) if numbered else None

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for v in self.versions for p in v.problems]


@dataclass
class ContractDocument:
    path: str  # from the repository root: contracts/orders/order-states.md
    rel: str  # inside the contracts folder: orders/order-states.md
    kind: str  # readme | draft | document | validation
    title: str


@dataclass
class Contract:
    id: str  # the folder name
    readme: ContractDocument | None = None
    drafts: list[ContractDocument] = field(default_factory=list)
    documents: list[ContractDocument] = field(default_factory=list)
    validation: list[ContractDocument] = field(default_factory=list)
    schema_files: list[str] = field(default_factory=list)  # paths from the repository root
    events: list[EventType] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.readme.title if self.readme else self.id

    @property
    def all_documents(self) -> list[ContractDocument]:
        head = [self.readme] if self.readme else []
        return head + self.drafts + self.documents + self.validation


@dataclass
class Domain:
    name: str
    slug: str
    description: str = ""
    owner_team: str = ""
    declared: bool = False
    produces: list[EventType] = field(default_factory=list)
    consumes: list[EventType] = field(default_factory=list)


@dataclass
class Catalog:
    tree: ContractsTree
    registry_path: str
    metadata: dict[str, Any] = field(default_factory=dict)
    events: dict[str, EventType] = field(default_factory=dict)
    contracts: dict[str, Contract] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # problems of the registry file as a whole
    envelope_schema: str | None = None  # the newest contracts/event-envelope/schema/envelope-v<N>.json

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for e in self.events.values() for p in e.all_problems]

    @property
    def versions(self) -> list[SchemaVersion]:
        return [v for e in self.events.values() for v in e.versions]
