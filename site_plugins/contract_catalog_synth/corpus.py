"""Write a synthetic contracts tree of N event types, for benchmarks and scale tests.

    python scripts/synth_corpus.py --events 2000 --out /tmp/bench/contracts [--seed 7] [--profile wide]
    python -m contract_catalog_synth ...          (the same command)
    contract_catalog_synth.generate(2000, out, seed=7, profile="wide")

The tree has the layout of the bundled corpus (contracts/README.md, event-types-registry.json and its
schema, one folder per contract with README.md, supporting documents, validation notes and
schema/payloads/<event>-v<N>.json, and event-envelope/ with the shared definitions in
schema/defs/common-v1.json). The seven domains of the bundled corpus are always present; larger corpora
declare more in the registry's `domains`. Payload schemas are draft 2020-12 with nested objects, enums,
in-file `$defs` and relative `$ref`s to the shared definitions file, and carry an example that validates.
Events have one to three versions; deprecations are spread over time around 2026-05-20 (the build date
the tests and the benchmark fix), so some versions are past their sunset, some in their deprecation
window and some successors are planned. Version notes mention other events and cite the numbered
section of the contract that defines them ("<contract> §4.N").

`--profile wide` adds to every payload what public webhook schemas carry (wide.py): large
shared definitions `$ref`-ed across files, a subject of 20-200 fields, `oneOf` variants, nullable unions;
the default profile's files stay as they were.

The output depends only on the arguments: the same --events and --seed give byte-identical files.
Registry paths are written from the repository root (contracts/...), so the tree is written into a
folder named `contracts`: --out names that folder, or a folder that receives a `contracts/` inside.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import wide

REPO = Path(__file__).resolve().parents[2]  # the source tree: its bundled corpus lends the registry schema
REGISTRY_SCHEMA = REPO / "contracts" / "event-types-registry.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
ANCHOR = date(2026, 5, 20)  # the build date of the tests and the benchmark; dates are spread around it
WINDOW = 14  # days a deprecated version stays consumable (event-envelope §16)
COMMON = "event-envelope/schema/defs/common-v1.json"
ENVELOPE = "event-envelope/schema/envelope-v1.json"
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"

# (name, description, owner team). The first seven are the bundled corpus's domains.
DOMAINS = [
    ("platform", "Identity, comms, geography reference data and outbound actions.", "platform-core"),
    ("sales", "Leads, call cadence, close orchestration and role emission for leads.", "sales-systems"),
    ("growth", "Marketing intake forms, attribution and campaigns.", "growth-engineering"),
    ("delivery", "Lessons, scheduling, holds, coach assignment and attendance.", "delivery-ops"),
    ("coaching", "Coaches, their availability and the confirmation of lessons.", "coaching-experience"),
    ("revenue", "Orders, payments, refunds and prepaid lesson credit reservations.", "revenue-engineering"),
    (
        "platform-warehouse",
        "The analytics warehouse: silver tables and marts; mostly a consumer.",
        "data-platform",
    ),
    ("fulfilment", "Shipping of lesson kits and loaned equipment to students.", "fulfilment-ops"),
    ("support", "Support tickets, escalations and satisfaction surveys.", "support-tools"),
    (
        "partners",
        "Partner venues and referral partners, their agreements and payouts.",
        "partner-engineering",
    ),
    ("compliance", "Background checks, consent records and data retention.", "trust-and-safety"),
    ("notifications", "Delivery of email, SMS and push messages on behalf of other domains.", "messaging"),
    ("marketplace", "The public listing of coaches and lesson offers.", "marketplace-web"),
    ("reviews", "Ratings and written reviews of lessons and coaches.", "marketplace-web"),
    ("payroll", "Coach pay runs, timesheets and pay adjustments.", "people-systems"),
    ("inventory", "Equipment stock held at sites: rackets, boards, instruments.", "fulfilment-ops"),
    ("pricing", "Price books, discounts and promotions.", "revenue-engineering"),
    ("travel", "Coach travel between sites: mileage, travel time and allowances.", "people-systems"),
    ("facilities", "Site bookings, court and pool slots, maintenance windows.", "delivery-ops"),
    ("learning", "Curricula, skill levels and progress assessments.", "learning-design"),
    ("community", "Group classes, clubs and student meet-ups.", "community-team"),
    ("risk", "Fraud screening and chargeback handling.", "trust-and-safety"),
    ("accounting", "General ledger postings and period close.", "finance-systems"),
    ("procurement", "Purchase orders for equipment and venue agreements.", "finance-systems"),
    ("recruiting", "Coach applications, interviews and onboarding.", "people-systems"),
    ("content", "Lesson plans, practice videos and articles published to students.", "learning-design"),
    ("experiments", "A/B tests and feature flags that affect students and coaches.", "growth-engineering"),
    ("localization", "Translations of public pages and outgoing messages.", "marketplace-web"),
    ("insurance", "Liability cover for lessons and incident claims.", "trust-and-safety"),
    ("referrals", "The student referral programme and its rewards.", "growth-engineering"),
    ("loyalty", "Loyalty points, tiers and rewards for returning students.", "revenue-engineering"),
    ("gifting", "Gift cards and gift lesson bundles.", "revenue-engineering"),
    ("safeguarding", "Incident reports and safeguarding cases involving minors.", "trust-and-safety"),
    ("research", "Surveys and interviews with students and coaches.", "insights"),
    ("enterprise", "Corporate accounts that buy lessons for their employees.", "sales-systems"),
    ("schools", "Programmes sold to schools and after-school clubs.", "sales-systems"),
    ("showcases", "Tournaments, recitals and showcase events.", "community-team"),
]
REGIONS = ["emea", "apac", "latam", "north"]

ENTITIES = [
    "booking",
    "voucher",
    "invoice",
    "ticket",
    "shipment",
    "kit",
    "payout",
    "agreement",
    "consent",
    "check",
    "message",
    "listing",
    "offer",
    "review",
    "rating",
    "timesheet",
    "payrun",
    "adjustment",
    "stock",
    "price",
    "discount",
    "promotion",
    "trip",
    "allowance",
    "slot",
    "court",
    "pool",
    "curriculum",
    "assessment",
    "level",
    "club",
    "meetup",
    "screening",
    "chargeback",
    "posting",
    "period",
    "order-line",
    "purchase",
    "application",
    "interview",
    "plan",
    "video",
    "article",
    "experiment",
    "flag",
    "translation",
    "policy",
    "claim",
    "referral",
    "reward",
    "point",
    "tier",
    "gift-card",
    "bundle",
    "incident",
    "case",
    "survey",
    "response",
    "account",
    "seat",
    "programme",
    "enrolment",
    "tournament",
    "recital",
    "entry",
    "waitlist",
    "session",
    "attendance",
    "feedback",
    "quote",
    "contract-term",
    "credit-note",
    "refund-request",
    "dispute",
    "schedule",
    "roster",
    "substitution",
    "venue",
    "room",
    "equipment",
    "loan",
    "return",
    "device",
    "badge",
    "certificate",
    "goal",
    "milestone",
    "streak",
]
SUFFIXES = ["lifecycle", "flow", "state", "ledger", "feed", "sync", "registry", "desk"]
VERBS = {
    "created": "a new {e} is recorded for the first time",
    "updated": "a tracked attribute of a {e} changes",
    "archived": "a {e} is archived and leaves every active view",
    "approved": "a reviewer approves a {e}",
    "rejected": "a reviewer rejects a {e} and says why",
    "confirmed": "the other party confirms a {e}",
    "cancelled": "a {e} is cancelled before it took effect",
    "completed": "the work a {e} stands for is finished",
    "expired": "a {e} reaches its expiry without being used",
    "renewed": "a {e} is renewed for another term",
    "assigned": "a {e} is assigned to an owner",
    "released": "a held {e} is released for others to use",
    "locked": "a {e} is locked against further changes",
    "published": "a {e} becomes visible to its audience",
    "requested": "someone asks for a {e}",
    "reopened": "a closed {e} is opened again",
    "scheduled": "a {e} gets a date and time",
    "failed": "processing a {e} fails for good",
    "suspended": "a {e} is put on hold",
    "restored": "a suspended {e} is restored",
    "flagged": "an automated check flags a {e} for review",
    "verified": "the details of a {e} are verified",
    "closed": "a {e} is closed with a final outcome",
}
ASPECTS = [
    "status",
    "price",
    "owner",
    "window",
    "address",
    "capacity",
    "note",
    "tag",
    "limit",
    "contact",
    "schedule",
    "rating",
    "priority",
    "terms",
    "eligibility",
    "language",
    "audience",
    "quota",
]
ASPECT_VERBS = {
    "changed": "the {a} of a {e} changes",
    "set": "the {a} of a {e} is set for the first time",
    "cleared": "the {a} of a {e} is cleared",
    "confirmed": "the {a} of a {e} is confirmed by its owner",
    "requested": "a change to the {a} of a {e} is requested",
    "expired": "the {a} of a {e} lapses",
}
PURPOSES = [
    "keep its local projection current",
    "start its own follow-up work",
    "reconcile its balances at day end",
    "notify the people involved",
    "refresh the dashboards its managers read",
    "close open tasks that waited on it",
    "re-score the affected students",
    "adjust its capacity plan",
    "settle amounts it owes or is owed",
    "record an audit entry",
    "update the search index it serves",
    "recalculate the forecasts it publishes",
]
STATES = [
    "pending",
    "confirmed",
    "active",
    "on_hold",
    "cancelled",
    "expired",
    "completed",
    "failed",
    "scheduled",
    "superseded",
    "refunded",
    "withdrawn",
]
CHANNELS = ["web", "mobile_app", "phone", "email", "partner_api", "in_person", "operator_console"]
REASONS = [
    "customer_request",
    "coach_unavailable",
    "venue_closed",
    "weather",
    "duplicate",
    "policy",
    "payment_issue",
    "no_show",
    "data_correction",
    "expired_terms",
]
CITIES = [
    "Springfield",
    "Riverton",
    "Lakeside",
    "Fairview",
    "Brookfield",
    "Maple Grove",
    "Cedar Falls",
    "Oak Ridge",
    "Hillcrest",
    "Westport",
]
ZONES = ["America/Chicago", "America/New_York", "America/Denver", "America/Toronto"]
SOURCE_SYSTEMS = ["console", "scheduler", "importer", "public_api", "batch_job"]

ID_DEFS = [  # (name, prefix, what it names) for the shared definitions file
    ("person_id", "per", "a canonical Person in the identity graph"),
    ("lead_id", "led", "a Sales-owned Lead"),
    ("lesson_id", "les", "a Delivery-owned Lesson"),
    ("coach_id", "coa", "a Coaching-owned Coach"),
    ("reservation_id", "res", "a prepaid lesson credit reservation"),
    ("order_id", "ord", "a Revenue-owned Order"),
    ("site_id", "sit", "a lesson Site (pool, court, studio or home venue)"),
    ("service_area_id", "sva", "a Service Area inside a Market"),
    ("market_id", "mkt", "a Market"),
]


# ---------------------------------------------------------------- the model of the corpus


@dataclass
class Field:
    """One payload property: its schema, an example value, and the README's view of it."""

    name: str
    schema: dict
    example: Any
    required: bool
    label: str
    note: str


@dataclass
class Version:
    number: int
    status: str
    registered_at: date
    active_from: date | None = None
    deprecated_at: date | None = None
    has_schema: bool = True
    fields: list[Field] = field(default_factory=list)
    defs: dict = field(default_factory=dict)
    change: str = ""  # what changed from the previous version, as a README sentence
    notes: str = ""
    wide: list[tuple[str, dict]] = field(default_factory=list)  # optional properties of the wide profile


@dataclass(eq=False)
class Event:
    name: str
    producer: str
    consumers: list[str]
    contract: Contract | None
    section: str  # "4.3" in the owning contract's README
    trigger: str
    versions: list[Version] = field(default_factory=list)
    related: list[Event] = field(default_factory=list)


@dataclass(eq=False)
class Contract:
    id: str
    domain: str
    entity: str
    title: str
    events: list[Event] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (relative path, title)


def _words(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ")


def _id_value(rng: random.Random, prefix: str) -> str:
    return prefix + "_" + "".join(rng.choice(BASE36) for _ in range(12))


def _timestamp(rng: random.Random, day: date) -> str:
    return f"{day.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z"


def _uuid(rng: random.Random) -> str:
    hexes = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    variant = rng.choice("89ab")
    return f"{hexes[:8]}-{hexes[8:12]}-4{hexes[13:16]}-{variant}{hexes[17:20]}-{hexes[20:32]}"


def _common_ref(name: str) -> str:
    """A reference from contracts/<contract>/schema/payloads/x.json to a shared definition."""
    return "../../../" + COMMON + "#/$defs/" + name


class Generator:
    def __init__(self, events: int, seed: int):
        if events < 1:
            raise ValueError("--events must be at least 1")
        self.count = events
        self.rng = random.Random(f"contract-catalog-synth:{seed}:{events}")
        self.domains = self._domains()
        self.contracts: list[Contract] = []
        self.events: list[Event] = []

    # -- structure

    def _domains(self) -> list[tuple[str, str, str]]:
        wanted = 7 + max(0, (self.count - 200) // 75)
        found = list(DOMAINS[:wanted])
        round_ = 0
        while len(found) < wanted:  # more domains than names: regional splits of the extra domains
            region = REGIONS[round_ % len(REGIONS)] + ("" if round_ < len(REGIONS) else str(round_))
            for name, description, team in DOMAINS[7:]:
                if len(found) == wanted:
                    break
                found.append((f"{name}-{region}", f"{description[:-1]} ({region.upper()} region).", team))
            round_ += 1
        return found

    def build(self) -> None:
        rng = self.rng
        names: set[str] = set()
        used_contracts: set[str] = set()
        producers = [d[0] for d in self.domains if d[0] != "platform-warehouse"]
        legacy_every = (
            150  # one event in this many has no owning contract and no schema, like lesson.attended
        )
        index = 0
        while len(self.events) < self.count:
            domain = producers[index % len(producers)] if index < len(producers) else rng.choice(producers)
            index += 1
            entity, suffix, contract_id = self._contract_name(domain, used_contracts)
            contract = Contract(
                id=contract_id, domain=domain, entity=entity, title=f"{_words(entity).capitalize()} {suffix}"
            )
            wanted = min(rng.randint(6, 14), self.count - len(self.events))
            for _ in range(wanted):
                name, trigger = self._event_name(domain, entity, names)
                legacy = (len(self.events) + 1) % legacy_every == 0
                consumers = self._consumers(domain)
                event = Event(
                    name=name,
                    producer=domain,
                    consumers=consumers,
                    contract=None if legacy else contract,
                    section="",
                    trigger=trigger,
                )
                if not legacy:
                    contract.events.append(event)
                    event.section = f"4.{len(contract.events)}"
                self.events.append(event)
            if contract.events:
                self.contracts.append(contract)
        self.contracts.sort(key=lambda c: c.id)
        for contract in self.contracts:
            self._documents(contract)
        owned = [e for e in self.events if e.contract]
        for event in self.events:
            self._versions(event)
            siblings = [e for e in event.contract.events if e is not event] if event.contract else []
            pool = siblings[:3] + [rng.choice(owned) for _ in range(2)]
            event.related = [e for e in dict.fromkeys(pool) if e is not event][: rng.randint(1, 2)]
        for event in self.events:
            for version in event.versions:
                version.notes = self._notes(event, version)

    def _contract_name(self, domain: str, used: set[str]) -> tuple[str, str, str]:
        rng = self.rng
        for attempt in range(1000):
            entity = rng.choice(ENTITIES)
            suffix = rng.choice(SUFFIXES)
            contract_id = f"{entity}-{suffix}" if attempt < 200 else f"{domain}-{entity}-{suffix}-{attempt}"
            if contract_id not in used and contract_id != "event-envelope":
                used.add(contract_id)
                return entity, suffix, contract_id
        raise RuntimeError("ran out of contract names")

    def _event_name(self, domain: str, entity: str, names: set[str]) -> tuple[str, str]:
        rng = self.rng
        noun = entity.replace("-", "_") if rng.random() < 0.5 else entity
        for attempt in range(200):
            if rng.random() < 0.55:
                verb = rng.choice(list(VERBS))
                parts = [noun, verb]
                trigger = VERBS[verb].format(e=_words(entity))
            else:
                aspect, verb = rng.choice(ASPECTS), rng.choice(list(ASPECT_VERBS))
                parts = [noun, aspect, verb]
                trigger = ASPECT_VERBS[verb].format(a=aspect, e=_words(entity))
            if rng.random() < 0.2:
                parts.insert(0, domain)
            name = ".".join(parts)
            if attempt > 100:
                name += f"-{attempt}"
            if name not in names:
                names.add(name)
                return name, trigger
        raise RuntimeError("ran out of event names")

    def _consumers(self, producer: str) -> list[str]:
        rng = self.rng
        others = [d[0] for d in self.domains if d[0] != producer]
        chosen = rng.sample(others, rng.randint(1, min(4, len(others))))
        if "platform-warehouse" not in chosen and rng.random() < 0.6 and producer != "platform-warehouse":
            chosen.append("platform-warehouse")
        order = {d[0]: i for i, d in enumerate(self.domains)}
        return sorted(chosen, key=order.__getitem__)

    def _documents(self, contract: Contract) -> None:
        rng = self.rng
        if rng.random() < 0.4:
            contract.documents.append(
                (f"{contract.entity}-semantics.md", f"{_words(contract.entity).capitalize()} semantics")
            )
        if rng.random() < 0.3:
            consumer = rng.choice([c for e in contract.events for c in e.consumers])
            contract.documents.append(
                (f"validation/{consumer}.md", f"Validation: {_words(consumer)} as a consumer")
            )

    # -- versions and dates

    def _versions(self, event: Event) -> None:
        rng = self.rng
        if event.contract is None:  # a legacy event: registered without schema or contract
            day = ANCHOR - timedelta(days=rng.randint(200, 900))
            event.versions = [Version(1, "active", day, has_schema=False)]
            return
        count = rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
        if count == 1:
            if rng.random() < 0.05:  # a new event whose producers start later: planned
                registered_on = ANCHOR - timedelta(days=rng.randint(0, 10))
                version = Version(
                    1, "active", registered_on, active_from=registered_on + timedelta(days=rng.randint(7, 30))
                )
            else:
                version = Version(1, "active", ANCHOR - timedelta(days=rng.randint(5, 1000)))
            version.fields, version.defs = self._fields(event, version.registered_at)
            event.versions = [version]
            return
        roll = rng.random()
        if roll < 0.55:  # the last deprecation is long past: sunset reached
            last = ANCHOR - timedelta(days=rng.randint(20, 800))
        elif roll < 0.7:  # in its deprecation window on the build date
            last = ANCHOR - timedelta(days=rng.randint(0, WINDOW - 1))
        else:  # announced: the successor is planned
            last = ANCHOR + timedelta(days=rng.randint(1, 300))
        registered = [last]
        for _ in range(count - 1):
            registered.insert(0, registered[0] - timedelta(days=rng.randint(60, 400)))
        versions = []
        for number, day in enumerate(registered, start=1):
            status = "active" if number == count else "deprecated"
            version = Version(number, status, day)
            if number > 1:
                version.active_from = day + timedelta(days=WINDOW)
            if number < count:
                version.deprecated_at = registered[number]
            versions.append(version)
        if rng.random() < 0.12:
            versions[0].has_schema = False
        for version in versions:
            if not version.has_schema:
                continue
            previous = next((v for v in reversed(versions[: version.number - 1]) if v.fields), None)
            if previous is None:
                version.fields, version.defs = self._fields(event, version.registered_at)
            else:
                version.fields, version.defs, version.change = self._evolve(previous, version)
        event.versions = versions

    # -- payload fields

    def _fields(self, event: Event, day: date) -> tuple[list[Field], dict]:
        rng = self.rng
        entity = event.contract.entity.replace("-", "_")
        prefix = (entity.replace("_", "") + "xxx")[:3]
        words = _words(event.contract.entity)
        defs: dict = {
            f"{entity}_id": {
                "title": f"{words.capitalize()} id",
                "description": f"Identifier of a {words}: the prefix {prefix}_ and 12 lowercase base-36 "
                "characters.",
                "type": "string",
                "pattern": f"^{prefix}_[0-9a-z]{{12}}$",
            }
        }
        fields = [
            Field(
                f"{entity}_id",
                {
                    "$ref": f"#/$defs/{entity}_id",
                    "description": f"The {words} this event is about; also the envelope subject.",
                },
                _id_value(rng, prefix),
                True,
                f"{words} id",
                "Envelope subject",
            )
        ]
        for name, id_prefix, what in rng.sample(ID_DEFS, rng.randint(1, 3)):
            nullable = rng.random() < 0.3
            ref = {"$ref": _common_ref(name)}
            schema = (
                {
                    "description": f"{what[0].upper() + what[1:]} involved, when there is one.",
                    "anyOf": [ref, {"type": "null"}],
                }
                if nullable
                else {**ref, "description": f"{what[0].upper() + what[1:]} involved."}
            )
            fields.append(
                Field(
                    name,
                    schema,
                    _id_value(rng, id_prefix),
                    not nullable or rng.random() < 0.5,
                    f"{_words(name[:-3])} id" + (" or null" if nullable else ""),
                    "Null when none is involved" if nullable else "Shared definition",
                )
            )
        states = sorted(rng.sample(STATES, rng.randint(3, 5)), key=STATES.index)
        fields.append(
            Field(
                "status",
                {"type": "string", "enum": states, "description": f"State of the {words} after the change."},
                rng.choice(states),
                True,
                "enum",
                ", ".join(f"`{s}`" for s in states),
            )
        )
        if rng.random() < 0.5:
            fields.append(
                Field(
                    "amount",
                    {
                        "$ref": _common_ref("money"),
                        "description": "Amount involved, in minor units of its currency.",
                    },
                    {"amount_cents": rng.randint(0, 250_000), "currency": rng.choice(["USD", "CAD"])},
                    True,
                    "money",
                    "Shared definition",
                )
            )
        if rng.random() < 0.35:
            hour = rng.randrange(6, 21)
            start, end = f"{day.isoformat()}T{hour:02d}:00:00Z", f"{day.isoformat()}T{hour + 1:02d}:00:00Z"
            fields.append(
                Field(
                    "window",
                    {"$ref": _common_ref("time_window"), "description": "The time the change applies to."},
                    {"start": start, "end": end, "timezone": rng.choice(ZONES)},
                    rng.random() < 0.5,
                    "time window",
                    "Start and end in UTC, zone for display",
                )
            )
        fields.append(self._context(defs, rng))
        if rng.random() < 0.45:
            defs["line"] = {
                "title": "Line",
                "description": "One line of the change: what, how many, at what unit price.",
                "type": "object",
                "required": ["label", "quantity", "unit_price"],
                "additionalProperties": False,
                "properties": {
                    "label": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 120,
                        "description": "What the line is for.",
                    },
                    "quantity": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 500,
                        "description": "How many units.",
                    },
                    "unit_price": {"$ref": _common_ref("money"), "description": "Price of one unit."},
                },
            }
            lines = [
                {
                    "label": rng.choice(
                        [
                            "Lesson credit",
                            "Equipment loan",
                            "Venue fee",
                            "Travel allowance",
                            "Kit",
                            "Late change fee",
                        ]
                    ),
                    "quantity": rng.randint(1, 12),
                    "unit_price": {"amount_cents": rng.randint(100, 20_000), "currency": "USD"},
                }
                for _ in range(rng.randint(1, 3))
            ]
            fields.append(
                Field(
                    "lines",
                    {
                        "type": "array",
                        "minItems": 1,
                        "items": {"$ref": "#/$defs/line"},
                        "description": "The lines the change covers, in display order.",
                    },
                    lines,
                    True,
                    "array of line",
                    "At least one",
                )
            )
        extras = [
            Field(
                "attempt",
                {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 10,
                    "description": "Which attempt of the producer this is, from 1.",
                },
                rng.randint(1, 4),
                False,
                "integer",
                "1 to 10",
            ),
            Field(
                "automated",
                {"type": "boolean", "description": "True when no person triggered the change."},
                rng.random() < 0.5,
                True,
                "boolean",
                "Set by the producer",
            ),
            Field(
                "comment",
                {
                    "type": ["string", "null"],
                    "maxLength": 500,
                    "description": "Free text the operator entered; never shown to students.",
                },
                rng.choice([None, "Agreed on the phone.", "Moved at the coach's request."]),
                False,
                "string or null",
                "At most 500 characters",
            ),
            Field(
                "request_id",
                {
                    "type": "string",
                    "format": "uuid",
                    "description": "Idempotency key of the request that caused the change.",
                },
                _uuid(rng),
                True,
                "uuid",
                "Stable across retries",
            ),
            Field(
                "effective_on",
                {"$ref": _common_ref("date"), "description": "Calendar day the change takes effect."},
                (day + timedelta(days=rng.randint(0, 30))).isoformat(),
                False,
                "date",
                "Local calendar day",
            ),
        ]
        fields += rng.sample(extras, rng.randint(1, 3))
        at = rng.choice(["occurred_at", "recorded_at", "changed_at"])
        fields.append(
            Field(
                at,
                {"$ref": _common_ref("timestamp"), "description": "Commit time of the change."},
                _timestamp(rng, day),
                True,
                "timestamp",
                "UTC",
            )
        )
        return fields, defs

    def _context(self, defs: dict, rng: random.Random) -> Field:
        """An object nested three levels deep: context -> origin -> address."""
        channels = sorted(rng.sample(CHANNELS, rng.randint(3, 5)), key=CHANNELS.index)
        schema = {
            "type": "object",
            "description": "Where and through which channel the change was made.",
            "required": ["channel", "origin"],
            "additionalProperties": False,
            "properties": {
                "channel": {
                    "type": "string",
                    "enum": channels,
                    "description": "The channel the change came through.",
                },
                "origin": {
                    "type": "object",
                    "description": "The place the change concerns.",
                    "required": ["site_id", "address"],
                    "additionalProperties": False,
                    "properties": {
                        "site_id": {"$ref": _common_ref("site_id")},
                        "address": {
                            "type": "object",
                            "description": "Postal address of the site.",
                            "required": ["zip", "city"],
                            "additionalProperties": False,
                            "properties": {
                                "zip": {"$ref": _common_ref("zip")},
                                "city": {"type": "string", "minLength": 1, "maxLength": 80},
                            },
                        },
                    },
                },
            },
        }
        example = {
            "channel": rng.choice(channels),
            "origin": {
                "site_id": _id_value(rng, "sit"),
                "address": {"zip": f"{rng.randrange(100000):05d}", "city": rng.choice(CITIES)},
            },
        }
        return Field(
            "context", schema, example, True, "object", "`channel`, `origin.site_id`, `origin.address`"
        )

    def _evolve(self, previous: Version, version: Version) -> tuple[list[Field], dict, str]:
        """The next version: a field added, an enum extended,
        sometimes a limit tightened or a field required."""
        rng = self.rng
        fields = [
            Field(
                f.name,
                json.loads(json.dumps(f.schema)),
                json.loads(json.dumps(f.example)),
                f.required,
                f.label,
                f.note,
            )
            for f in previous.fields
        ]
        defs = json.loads(json.dumps(previous.defs))
        changes = []
        status = next(f for f in fields if f.name == "status")
        new_state = next((s for s in STATES if s not in status.schema["enum"]), None)
        if new_state:
            status.schema["enum"].append(new_state)
            status.note = ", ".join(f"`{s}`" for s in status.schema["enum"])
            changes.append(f"extends `status` with `{new_state}`")
        taken = {f.name for f in fields}
        candidates = [
            Field(
                "reason",
                {
                    "type": ["string", "null"],
                    "enum": REASONS + [None],
                    "description": "Why the change happened, when the producer knows.",
                },
                rng.choice(REASONS),
                False,
                "enum or null",
                f"Added in v{version.number}",
            ),
            Field(
                "source_system",
                {
                    "type": "string",
                    "enum": SOURCE_SYSTEMS,
                    "description": "The producer's subsystem that made the change.",
                },
                rng.choice(SOURCE_SYSTEMS),
                True,
                "enum",
                f"Added in v{version.number}",
            ),
            Field(
                "sequence",
                {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Per-subject counter; consumers drop anything older than what they hold.",
                },
                rng.randint(1, 40),
                True,
                "integer",
                f"Added in v{version.number}",
            ),
            Field(
                "locale",
                {
                    "type": "string",
                    "pattern": "^[a-z]{2}(-[A-Z]{2})?$",
                    "description": "Language of any text in the payload.",
                },
                rng.choice(["en", "en-US", "fr-CA", "es"]),
                False,
                "string",
                f"Added in v{version.number}",
            ),
        ]
        addable = [f for f in candidates if f.name not in taken]
        if addable:
            added = rng.choice(addable)
            fields.insert(len(fields) - 1, added)
            kind = "a required" if added.required else "an optional"
            changes.append(f"adds {kind} `{added.name}`")
        comment = next((f for f in fields if f.name == "comment"), None)
        if comment is not None and comment.schema.get("maxLength", 0) > 200 and rng.random() < 0.5:
            comment.schema["maxLength"] = 200
            comment.note = "At most 200 characters"
            changes.append("tightens `comment` to 200 characters")
        attempt = next((f for f in fields if f.name == "attempt" and not f.required), None)
        if attempt is not None and rng.random() < 0.5:
            attempt.required = True
            changes.append("makes `attempt` required")
        for f in fields:  # timestamps of the example move with the version
            if f.label == "timestamp":
                f.example = _timestamp(rng, version.registered_at)
        return fields, defs, _join(changes)

    # -- prose

    def _cite(self, event: Event) -> str:
        return (
            f"`{event.name}` ({event.contract.id} §{event.section})" if event.contract else f"`{event.name}`"
        )

    def _notes(self, event: Event, version: Version) -> str:
        rng = self.rng
        parts = []
        where = f" ({event.contract.id} §{event.section})" if event.contract else ""
        if version.number == 1:
            parts.append(f"{event.producer.capitalize()} emits this when {event.trigger}{where}.")
            if not version.has_schema:
                parts.append("Registered without a payload schema, so consumers read its fields loosely.")
        else:
            parts.append(f"Version {version.number} {version.change or 'restates the payload'}{where}.")
        purposes = rng.sample(PURPOSES, 2)
        consumer = rng.choice(event.consumers)
        parts.append(
            f"{consumer.capitalize()} consumes it to {purposes[0]}"
            + (
                ", and the warehouse keeps its history for reporting."
                if "platform-warehouse" in event.consumers and consumer != "platform-warehouse"
                else f" and to {purposes[1]}."
            )
        )
        if event.related:
            other = event.related[0]
            parts.append(
                rng.choice(
                    [
                        f"It usually follows {self._cite(other)} for the same subject.",
                        f"Consumers that also read {self._cite(other)} order the two by their commit time.",
                        (
                            f"Read it together with {self._cite(other)}, "
                            "which carries the other half of the change."
                        ),
                    ]
                )
            )
        if version.active_from and version.number > 1:
            parts.append(
                f"Registered {version.registered_at}; producers emit it from {version.active_from}, when "
                f"v{version.number - 1} reaches the end of its window (event-envelope §16)."
            )
        elif version.active_from:
            parts.append(
                f"Registered {version.registered_at}; producers start emitting it on {version.active_from}."
            )
        if version.deprecated_at:
            sunset = version.deprecated_at + timedelta(days=WINDOW)
            parts.append(
                f"Deprecated on {version.deprecated_at} in favour of v{version.number + 1}; consumers move "
                f"before {sunset}, the end of the 14-day window (event-envelope §16)."
            )
        return " ".join(parts)

    # -- files

    def write(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        if REGISTRY_SCHEMA.is_file():
            shutil.copyfile(REGISTRY_SCHEMA, out / "event-types-registry.schema.json")
        _write(out / "event-types-registry.json", _json(self.registry()))
        _write(out / "README.md", self.contracts_readme())
        _write(out / COMMON, _json(common_definitions()))
        _write(out / ENVELOPE, _json(self.envelope()))
        _write(out / "event-envelope" / "README.md", ENVELOPE_README)
        for contract in self.contracts:
            folder = out / contract.id
            _write(folder / "README.md", self.readme(contract))
            for rel, title in contract.documents:
                _write(folder / rel, self.document(contract, rel, title))
            for event in contract.events:
                for version in event.versions:
                    if version.has_schema:
                        _write(
                            folder / "schema" / "payloads" / f"{event.name}-v{version.number}.json",
                            _json(self.schema(event, version)),
                        )

    def registry(self) -> dict:
        data: dict[str, Any] = {
            "$schema": "./event-types-registry.schema.json",
            "registry_version": "2.0.1",
            "description": (
                f"Synthetic registry of {self.count} event types for scale tests of the catalog. "
                "Each entry names its producer, consumers, owning contract and payload versions; a "
                "deprecated version stays consumable for 14 days after deprecated_at "
                "(event-envelope §16)."
            ),
            "domains": {
                name: {"description": description, "owner_team": team}
                for name, description, team in self.domains
            },
        }
        for event in self.events:
            versions = []
            for v in event.versions:
                entry: dict[str, Any] = {
                    "version": v.number,
                    "payload_schema": self.schema_path(event, v) if v.has_schema else None,
                    "status": v.status,
                    "registered_at": v.registered_at.isoformat(),
                }
                if v.active_from:
                    entry["active_from"] = v.active_from.isoformat()
                if v.deprecated_at:
                    entry["deprecated_at"] = v.deprecated_at.isoformat()
                entry["notes"] = v.notes
                versions.append(entry)
            data[event.name] = {
                "producer": event.producer,
                "consumers": event.consumers,
                "owning_contract": f"contracts/{event.contract.id}/README.md" if event.contract else None,
                "schema_versions": versions,
            }
        return data

    def envelope(self) -> dict:
        """The envelope schema, with examples that carry real payloads of the corpus."""
        rng = self.rng
        examples = []
        for event in [e for e in self.events if e.versions[-1].has_schema][:2]:
            version = event.versions[-1]
            payload = {f.name: f.example for f in version.fields}
            subject_field = version.fields[0]
            occurred = payload.get("occurred_at") or payload.get("recorded_at") or payload.get("changed_at")
            examples.append(
                {
                    "event_id": _uuid(rng),
                    "event_type": event.name,
                    "schema_version": version.number,
                    "occurred_at": occurred,
                    "producer": event.producer,
                    "subject": {"type": subject_field.name[:-3], "id": subject_field.example},
                    "payload": payload,
                }
            )
        timestamp = {"$ref": "defs/common-v1.json#/$defs/timestamp"}
        return {
            "$schema": DRAFT,
            "title": "Event envelope v1",
            "description": "The wrapper every event travels in (event-envelope §3): identity, type, version, "
            "time, producer, subject and the payload, which the payload schema of the registered version "
            "describes.",
            "type": "object",
            "required": [
                "event_id",
                "event_type",
                "schema_version",
                "occurred_at",
                "producer",
                "subject",
                "payload",
            ],
            "additionalProperties": False,
            "properties": {
                "event_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "Minted by the producer; redeliveries keep it.",
                },
                "event_type": {
                    "type": "string",
                    "pattern": "^[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)+$",
                    "description": "A registered event type.",
                },
                "schema_version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "A version registered for the event type.",
                },
                "occurred_at": {**timestamp, "description": "When the business fact happened."},
                "producer": {
                    "type": "string",
                    "enum": [d[0] for d in self.domains],
                    "description": "The emitting domain.",
                },
                "subject": {
                    "type": "object",
                    "description": "The entity the event is about; the partition key.",
                    "required": ["type", "id"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                        "id": {"type": "string", "minLength": 1},
                    },
                },
                "payload": {
                    "type": "object",
                    "description": "The payload, valid against its version's schema.",
                },
            },
            "examples": examples,
        }

    @staticmethod
    def schema_path(event: Event, version: Version) -> str:
        return f"contracts/{event.contract.id}/schema/payloads/{event.name}-v{version.number}.json"

    def schema(self, event: Event, version: Version) -> dict:
        words = _words(event.contract.entity)
        description = (
            f"Emitted by {event.producer} when {event.trigger} ({event.contract.id} §{event.section})."
        )
        if version.change:
            description += f" Compared with the previous version it {version.change}."
        return {
            "$schema": DRAFT,
            "title": f"{event.name} v{version.number}",
            "description": description,
            "type": "object",
            "required": [f.name for f in version.fields if f.required],
            "additionalProperties": False,
            "properties": {f.name: f.schema for f in version.fields} | dict(version.wide),
            "$defs": version.defs,
            "examples": [{f.name: f.example for f in version.fields}],
            "$comment": f"Payload of one {words} event; see the owning contract for its semantics.",
        }

    def contracts_readme(self) -> str:
        lines = [
            "# Contracts",
            "",
            "A contract is the written agreement between a producing domain and its consumers about one area",
            (
                f"of shared data. This synthetic tree holds {len(self.contracts)} contracts and {self.count} "
                "event types; the registry"
            ),
            "`event-types-registry.json` ties every event type to its producer, consumers, owning contract",
            "and versions.",
            "",
            "## 1. Layout",
            "",
            "```text",
            "contracts/",
            "  event-types-registry.json          every event type",
            "  <contract>/README.md               the contract, with one section per event",
            "  <contract>/schema/payloads/<event>-v<N>.json   one JSON Schema per payload version",
            "  event-envelope/schema/defs/common-v1.json      shared ids, timestamps, money and windows",
            "```",
            "",
            "## 2. Contracts by owning domain",
            "",
        ]
        by_domain: dict[str, list[str]] = {"platform": ["event-envelope"]}
        for contract in self.contracts:
            by_domain.setdefault(contract.domain, []).append(contract.id)
        for name, _, _ in self.domains:
            if name in by_domain:
                lines.append(f"- {name}: " + ", ".join(f"[{c}]({c}/README.md)" for c in by_domain[name]))
        lines += [
            "",
            "## 3. Changing events",
            "",
            "A payload shape change is a new version with its own schema file; the old version is deprecated",
            "and stays consumable for 14 days ([event envelope](event-envelope/README.md), section 16).",
            "",
        ]
        return "\n".join(lines)

    def readme(self, contract: Contract) -> str:
        rng = self.rng
        consumers = sorted(
            {c for e in contract.events for c in e.consumers}, key=[d[0] for d in self.domains].index
        )
        lines = [
            f"# {contract.title} contract",
            "",
            (
                f"{contract.domain.capitalize()} owns the {_words(contract.entity)} "
                "and publishes what happens to it."
            ),
            f"This contract defines {len(contract.events)} events, who listens to them and what each payload",
            "promises. Every event is written in the same transaction as the state change it reports.",
            "",
            "## 1. Purpose",
            "",
            f"Other domains need to follow {_words(contract.entity)} changes without reading the",
            f"{contract.domain} database.",
            "The events below are the only supported way to do that; the producer keeps them backwards",
            "compatible within a version and announces every new version in the registry.",
            "",
            "## 2. Parties",
            "",
            "| Role | Domain | Events | What it does |",
            "|---|---|---|---|",
            f"| Producer | {contract.domain} | all of §4 | Writes the state and emits the events |",
        ]
        for consumer in consumers:
            sections = [e.section for e in contract.events if consumer in e.consumers]
            listed = (
                "all of §4" if len(sections) == len(contract.events) else ", ".join(f"§{s}" for s in sections)
            )
            lines.append(f"| Consumer | {consumer} | {listed} | {rng.choice(PURPOSES).capitalize()} |")
        lines += [
            "",
            "Events travel in the shared [envelope](../event-envelope/README.md) with the",
            f"{_words(contract.entity)} as subject.",
            "",
        ]
        for rel, title in contract.documents:
            lines += [f"See also [{title.lower()}]({rel}).", ""]
        states = sorted(rng.sample(STATES, 4), key=STATES.index)
        lines += ["## 3. Model", "", "### 3.1 States", "", "| State | Meaning |", "|---|---|"]
        lines += [f"| `{s}` | The {_words(contract.entity)} is {_words(s)}. |" for s in states]
        lines += [
            "",
            "### 3.2 Invariants",
            "",
            f"- A {_words(contract.entity)} has exactly one producer: {contract.domain}.",
            "- Events about one subject are committed in order; consumers may rely on that order.",
            "- Identifiers never change once emitted.",
            "",
            "## 4. Events",
            "",
        ]
        for event in contract.events:
            lines += self._event_section(event)
        lines += [
            "## 5. Delivery",
            "",
            "Delivery is at least once. Consumers record the envelope's event id with their own side effects",
            "and skip an id they have seen (event-envelope §11).",
            "",
            "## 6. Open questions",
            "",
            f"- Should the warehouse receive a daily snapshot of every {_words(contract.entity)} as well?",
            "- Which fields may be removed at the next major version?",
            "",
            "## 7. Change history",
            "",
            "| Date | Change |",
            "|---|---|",
        ]
        history = []
        for event in contract.events:
            for v in event.versions:
                what = f"`{event.name}` v{v.number} registered" + (f": {v.change}" if v.change else "")
                history.append((v.registered_at, what))
                if v.deprecated_at:
                    sunset = v.deprecated_at + timedelta(days=WINDOW)
                    history.append(
                        (v.deprecated_at, f"`{event.name}` v{v.number} deprecated, window ends {sunset}")
                    )
        lines += [f"| {day} | {what} |" for day, what in sorted(history)]
        lines.append("")
        return "\n".join(lines)

    def _event_section(self, event: Event) -> list[str]:
        latest = event.versions[-1]
        with_schema = [v for v in event.versions if v.has_schema]
        lines = [
            f"### {event.section} {event.name}",
            "",
            f"Emitted when {event.trigger}. Consumers: {', '.join(event.consumers)}.",
        ]
        if event.related:
            lines.append("Related: " + ", ".join(self._cite(e) for e in event.related) + ".")
        links = ", ".join(
            f"[{event.name}-v{v.number}.json](schema/payloads/{event.name}-v{v.number}.json)"
            for v in with_schema
        )
        if links:
            lines.append(f"Schema: {links}.")
        if not event.versions[0].has_schema:
            lines.append("Version 1 was registered without a payload schema.")
        lines.append("")
        if latest.fields:
            lines += [
                f"Fields of v{latest.number}:",
                "",
                "| Field | Type | Required | Notes |",
                "|---|---|---|---|",
            ]
            lines += [
                f"| `{f.name}` | {f.label} | {'yes' if f.required else 'no'} | {f.note} |"
                for f in latest.fields
            ]
            lines.append("")
        for v in event.versions[1:]:
            lines += [f"Version {v.number} {v.change or 'restates the payload'}.", ""]
        return lines

    def document(self, contract: Contract, rel: str, title: str) -> str:
        up = "../" if "/" in rel else ""
        lines = [
            f"# {title}",
            "",
            f"Part of the [{contract.id} contract]({up}README.md). It records what the",
            f"{_words(contract.entity)} events mean for one reader.",
            "",
            "## 1. Scope",
            "",
            f"This document covers the {len(contract.events)} events of the contract and the checks run",
            "against them.",
            "",
            "## 2. Checks",
            "",
            "| Event | Check | Result |",
            "|---|---|---|",
        ]
        for event in contract.events:
            lines.append(f"| `{event.name}` | Payload matches the latest schema | passes |")
        lines += [
            "",
            "## 3. Findings",
            "",
            "No gaps were found between the schemas and the data the consumer reads.",
            "",
        ]
        return "\n".join(lines)


def _join(changes: list[str]) -> str:
    if not changes:
        return ""
    return changes[0] if len(changes) == 1 else ", ".join(changes[:-1]) + " and " + changes[-1]


def common_definitions() -> dict:
    defs: dict[str, Any] = {}
    for name, prefix, what in ID_DEFS:
        defs[name] = {
            "title": _words(name[:-3]).capitalize() + " id",
            "description": f"Identifier of {what}: the prefix {prefix}_ and 12 lowercase base-36 characters.",
            "type": "string",
            "pattern": f"^{prefix}_[0-9a-z]{{12}}$",
        }
    defs["timestamp"] = {
        "title": "Timestamp",
        "description": "An instant as an RFC 3339 date-time, emitted in UTC.",
        "type": "string",
        "format": "date-time",
    }
    defs["date"] = {
        "title": "Calendar date",
        "description": "A calendar date (YYYY-MM-DD).",
        "type": "string",
        "format": "date",
    }
    defs["zip"] = {
        "title": "ZIP code",
        "description": "A five-digit US ZIP code.",
        "type": "string",
        "pattern": "^[0-9]{5}$",
    }
    defs["money"] = {
        "title": "Money",
        "description": "An amount in minor units of a currency.",
        "type": "object",
        "required": ["amount_cents", "currency"],
        "additionalProperties": False,
        "properties": {
            "amount_cents": {"type": "integer", "minimum": 0, "description": "Amount in cents."},
            "currency": {"type": "string", "enum": ["USD", "CAD"], "description": "ISO 4217 code."},
        },
    }
    defs["time_window"] = {
        "title": "Time window",
        "description": "A span of time with the zone it is shown in.",
        "type": "object",
        "required": ["start", "end"],
        "additionalProperties": False,
        "properties": {
            "start": {"$ref": "#/$defs/timestamp"},
            "end": {"$ref": "#/$defs/timestamp"},
            "timezone": {"type": "string", "description": "IANA zone name, e.g. America/Chicago."},
        },
    }
    return {
        "$schema": DRAFT,
        "title": "Common event definitions, version 1",
        "description": "Shared identifiers, times, money and windows referenced by every payload schema.",
        "$defs": defs,
    }


ENVELOPE_README = """# Event envelope contract

Every event of the synthetic corpus travels in one envelope. This contract fixes the envelope's fields,
the versioning rules and the deprecation window every owning contract refers to.

## 1. Purpose

Consumers read one shape whatever the event: identity, type, version, time, producer and payload.

## 2. Parties

Every domain produces and consumes envelopes; the dispatcher routes them.

## 3. Envelope fields

`event_id`, `event_type`, `schema_version`, `occurred_at`, `producer`, `subject` and `payload`.

## 4. Event identity

`event_id` is a UUID minted by the producer; redeliveries keep it.

## 5. Event type and schema version

`event_type` is a registered name; `schema_version` is one of its versions in the registry.

## 6. Time fields

`occurred_at` is the business time; payload timestamps never come after it.

## 7. Producer and actor

`producer` names the emitting domain, which must be the registered producer.

## 8. Subject

`subject` names the entity an event is about; it is also the partition key.

## 9. Correlation and causation

`correlation_id` follows a business flow; `causation_id` names the event that caused this one.

## 10. Ordering

Events about one subject arrive in commit order; nothing else is ordered.

## 11. Delivery and idempotency

Delivery is at least once: consumers record processed event ids and skip repeats.

## 12. Producer-transactional emit

Events are written to an outbox in the transaction of the state change (ADR-0009).

## 13. Registering an event type

A new type gets a payload schema, a section in its owning contract and a registry entry.

## 14. Versioning rules

A change to the payload's shape is a new version with its own schema file.

## 15. Compatible and breaking changes

Adding an optional field is compatible; removing or retyping one is breaking.

## 16. Deprecation window

A deprecated version stays consumable for 14 days after its `deprecated_at`. Producers switch to the
successor on the fourteenth day, which is the successor's `active_from`; consumers move before then.

## 17. Shared definitions

Identifiers, timestamps, money and windows live in [common-v1.json](schema/defs/common-v1.json); payload
schemas refer to them with relative references. The envelope itself is
[envelope-v1.json](schema/envelope-v1.json).
"""


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def contracts_folder(out: Path) -> Path:
    """--out names the contracts folder itself, or a folder that receives one."""
    return out if out.name == "contracts" else out / "contracts"


PROFILES = ("default", "wide")


def generate(events: int, out: Path, seed: int = 1, profile: str = "default") -> Path:
    """Write the tree; returns the contracts folder. The folder must not exist or be empty."""
    if profile not in PROFILES:
        raise ValueError(f"--profile must be one of {', '.join(PROFILES)}")
    target = contracts_folder(Path(out))
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty; choose a new folder")
    generator = Generator(events, seed)
    generator.build()
    if profile == "wide":
        for event in generator.events:
            for version in event.versions:
                version.wide = wide.wide_fields(event.name, seed)
        _write(target / wide.WIDE, _json(wide.wide_definitions()))
    generator.write(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, required=True, help="number of event types")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the contracts folder to write (a folder not named 'contracts' receives one)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="default",
        help="default: small payloads; wide: webhook-shaped payloads of 100-500 fields",
    )
    args = parser.parse_args(argv)
    try:
        target = generate(args.events, args.out, args.seed, args.profile)
    except (FileExistsError, ValueError) as error:
        print(f"synth_corpus: {error}", file=sys.stderr)
        return 2
    print(target)
    return 0
