"""The "wide" profile of the synthetic corpus: payloads shaped like public webhook schemas.

Each event of the default corpus gets, on top of its own fields, what real webhook payloads carry: a few
large shared definitions (`user`, `repository`, `organization`, `installation`) `$ref`-ed across files
from every event, a subject object of its own with 60-300 fields (nested objects, enums, nullable unions),
and a `change` that is one of three variants (`oneOf`) sharing some fields. An event then has roughly
100-500 field paths. The added fields are optional and left out of the examples, so every example still
validates; each event's versions get the same additions (from a generator seeded by the event's name),
so diffs between versions stay those of the default corpus.
"""

from __future__ import annotations

import random
from typing import Any

WIDE = "event-envelope/schema/defs/wide-v1.json"
NULLABLE_STRING = {"type": ["string", "null"]}
WORDS = [
    "state",
    "title",
    "body",
    "kind",
    "label",
    "source",
    "target",
    "reason",
    "score",
    "count",
    "rank",
    "region",
    "channel",
    "priority",
    "summary",
    "locale",
    "handle",
    "slot",
    "stage",
    "tier",
]
ENUMS = [
    ["low", "normal", "high", "urgent"],
    ["open", "closed", "merged", "draft"],
    ["public", "private", "internal"],
    ["none", "read", "write", "admin"],
]


def wide_ref(name: str) -> str:
    """From contracts/<contract>/schema/payloads/x.json to a definition of the wide file."""
    return "../../../" + WIDE + "#/$defs/" + name


def _url(what: str) -> dict:
    return {"type": "string", "format": "uri", "description": f"API address of the {what}."}


def _nullable(ref: str, description: str) -> dict:
    return {"description": description, "anyOf": [{"$ref": ref}, {"type": "null"}]}


def wide_definitions() -> dict:
    """The shared definitions file: large objects that reference one another."""
    user = {
        "type": "object",
        "title": "User",
        "description": "An account: a person, a bot or an organisation.",
        "required": ["login", "id", "type"],
        "properties": {
            "login": {"type": "string", "description": "The account's handle."},
            "id": {"type": "integer", "minimum": 1},
            "node_id": {"type": "string"},
            "name": {**NULLABLE_STRING, "description": "Display name, if set."},
            "email": {**NULLABLE_STRING, "format": "email"},
            "type": {"type": "string", "enum": ["User", "Bot", "Organization"]},
            "site_admin": {"type": "boolean"},
            **{
                f"{what}_url": _url(what)
                for what in (
                    "avatar",
                    "html",
                    "followers",
                    "following",
                    "gists",
                    "starred",
                    "subscriptions",
                    "organizations",
                    "repos",
                    "events",
                    "received_events",
                )
            },
        },
    }
    repository = {
        "type": "object",
        "title": "Repository",
        "description": "A repository with its owner, licence and the reader's permissions.",
        "required": ["id", "name", "full_name", "owner", "private"],
        "properties": {
            "id": {"type": "integer"},
            "node_id": {"type": "string"},
            "name": {"type": "string", "minLength": 1, "maxLength": 100},
            "full_name": {"type": "string", "pattern": "^[^/]+/[^/]+$"},
            "private": {"type": "boolean"},
            "owner": {"$ref": "#/$defs/user", "description": "The account that owns the repository."},
            "description": {**NULLABLE_STRING, "maxLength": 350},
            "fork": {"type": "boolean"},
            "homepage": {**NULLABLE_STRING, "format": "uri"},
            "language": NULLABLE_STRING,
            "visibility": {"type": "string", "enum": ["public", "private", "internal"]},
            "default_branch": {"type": "string"},
            "topics": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            "license": _nullable("#/$defs/license", "The licence detected, if any."),
            "permissions": {
                "type": "object",
                "description": "What the reader of the event may do.",
                "properties": {
                    p: {"type": "boolean"} for p in ("admin", "maintain", "push", "triage", "pull")
                },
            },
            "created_at": {
                "oneOf": [{"type": "string", "format": "date-time"}, {"type": "integer"}],
                "description": "An RFC 3339 time, or seconds since the epoch in older payloads.",
            },
            "pushed_at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
            **{
                f"{c}_count": {"type": "integer", "minimum": 0}
                for c in (
                    "forks",
                    "stargazers",
                    "watchers",
                    "open_issues",
                    "size_kb",
                    "subscribers",
                    "network",
                )
            },
            **{
                f"has_{f}": {"type": "boolean"}
                for f in ("issues", "projects", "downloads", "wiki", "pages", "discussions")
            },
            **{
                f"{what}_url": _url(what)
                for what in (
                    "html",
                    "archive",
                    "assignees",
                    "blobs",
                    "branches",
                    "collaborators",
                    "comments",
                    "commits",
                    "compare",
                    "contents",
                    "contributors",
                    "deployments",
                    "downloads",
                    "events",
                    "forks",
                    "git_commits",
                    "git_refs",
                    "git_tags",
                    "hooks",
                    "issue_comment",
                    "issue_events",
                    "issues",
                    "keys",
                    "labels",
                    "languages",
                    "merges",
                    "milestones",
                    "notifications",
                    "pulls",
                    "releases",
                    "stargazers",
                    "statuses",
                    "subscribers",
                    "subscription",
                    "tags",
                    "teams",
                    "trees",
                )
            },
        },
    }
    license_ = {
        "type": "object",
        "required": ["key", "name"],
        "properties": {
            "key": {"type": "string"},
            "name": {"type": "string"},
            "spdx_id": NULLABLE_STRING,
            "url": {**NULLABLE_STRING, "format": "uri"},
        },
    }
    organization = {
        "type": "object",
        "title": "Organization",
        "required": ["login", "id"],
        "properties": {
            "login": {"type": "string"},
            "id": {"type": "integer"},
            "node_id": {"type": "string"},
            "description": NULLABLE_STRING,
            **{
                f"{what}_url": _url(what)
                for what in ("avatar", "events", "hooks", "issues", "members", "public_members", "repos")
            },
        },
    }
    installation = {
        "type": "object",
        "title": "Installation",
        "required": ["id", "account"],
        "properties": {
            "id": {"type": "integer"},
            "app_id": {"type": "integer"},
            "target_type": {"type": "string", "enum": ["User", "Organization"]},
            "account": {"$ref": "#/$defs/user"},
            "repository_selection": {"type": "string", "enum": ["all", "selected"]},
            "events": {"type": "array", "items": {"type": "string"}},
            "permissions": {
                "type": "object",
                "properties": {
                    p: {"type": "string", "enum": ["read", "write"]}
                    for p in (
                        "actions",
                        "checks",
                        "contents",
                        "deployments",
                        "issues",
                        "metadata",
                        "pull_requests",
                        "statuses",
                    )
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Shared definitions of the wide payloads",
        "$defs": {
            "user": user,
            "repository": repository,
            "license": license_,
            "organization": organization,
            "installation": installation,
        },
    }


def _scalar(rng: random.Random, name: str) -> dict:
    roll = rng.random()
    if roll < 0.25:
        return {"type": "string", "enum": rng.choice(ENUMS), "description": f"The {name.replace('_', ' ')}."}
    if roll < 0.45:
        return {"type": ["string", "null"], "maxLength": rng.choice([64, 255, 1000])}
    if roll < 0.6:
        return {"type": "integer", "minimum": 0}
    if roll < 0.64:
        return {"anyOf": [{"$ref": wide_ref("user")}, {"type": "null"}], "description": "Who, if anyone."}
    if roll < 0.8:
        return {"type": "boolean"}
    return {"type": "string", "description": f"The {name.replace('_', ' ')} as written by the producer."}


def _object(rng: random.Random, size: int, depth: int) -> dict:
    """An object with about `size` field paths, nesting objects up to three levels."""
    properties: dict[str, Any] = {}
    used = 0
    index = 0
    while used < size:
        index += 1
        name = f"{rng.choice(WORDS)}_{index}"
        if depth < 3 and size - used > 12 and rng.random() < 0.2:
            inner = rng.randint(5, min(40, size - used - 1))
            properties[name] = _object(rng, inner, depth + 1)
            used += inner + 1
        else:
            schema = _scalar(rng, name)
            properties[name] = schema
            used += 1 + (20 if "anyOf" in schema else 0)  # a nullable user brings its 20 fields along
    return {"type": "object", "description": "Details of the subject.", "properties": properties}


def _change(rng: random.Random) -> dict:
    """Three variants of what happened; each repeats the shared `actor` and `at` and adds its own fields."""
    shared = {"actor": {"$ref": wide_ref("user")}, "at": {"type": "string", "format": "date-time"}}

    def variant(action: str, own: dict) -> dict:
        return {
            "title": action.capitalize(),
            "type": "object",
            "required": ["action", "actor"],
            "properties": {"action": {"const": action}, **shared, **own},
        }

    return {
        "description": "What happened to the subject.",
        "oneOf": [
            variant("created", {"template": NULLABLE_STRING, "source_id": {"type": "integer"}}),
            variant(
                "edited",
                {
                    "changes": {
                        "type": "object",
                        "properties": {
                            f"{w}_{i}": {"type": "object", "properties": {"from": NULLABLE_STRING}}
                            for i, w in enumerate(rng.sample(WORDS, 4))
                        },
                    }
                },
            ),
            variant(
                "deleted",
                {
                    "reason": {"type": "string", "enum": ["spam", "duplicate", "requested"]},
                    "restorable_until": {"type": ["string", "null"], "format": "date-time"},
                },
            ),
        ],
    }


def wide_fields(event_name: str, seed: int) -> list[tuple[str, dict]]:
    """The properties one event adds, the same for each of its versions."""
    rng = random.Random(f"contract-catalog-wide:{seed}:{event_name}")
    fields = [
        ("sender", {"$ref": wide_ref("user"), "description": "Who caused the event."}),
        ("repository", _nullable(wide_ref("repository"), "The repository concerned, if any.")),
        ("installation", {"$ref": wide_ref("installation")}),
    ]
    if rng.random() < 0.6:
        fields.append(("organization", {"$ref": wide_ref("organization")}))
    fields.append(("subject", _object(rng, rng.randint(20, 200), 1)))
    fields.append(("change", _change(rng)))
    return fields
