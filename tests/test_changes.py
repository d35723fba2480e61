"""Registry changes between two versions of the contracts tree, `contracts diff`, and the commit history."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from contract_catalog.cli.main import main
from contract_catalog.history.changes import ChangeKind, breaking_changes, diff_registries
from contract_catalog.history.commit_log import history
from contract_catalog.history.report import json_report, markdown_report

FIXTURES = Path(__file__).parent / "changes"
ADDED_IN_2_0_1 = [
    "platform.comms.inbound",
    "coaching.lesson.confirmation_decided",
    "lead.coach.confirmation.requested",
    "geography.market.upserted",
    "geography.market.archived",
    "geography.service-area.upserted",
    "geography.service-area.archived",
    "role.assigned",
    "role.retired",
    "lesson.rescheduled",
    "delivery.lesson-hold.created",
    "delivery.lesson-hold.cancelled",
    "lead.qualified",
    "lead.handoff.context.recorded",
    "sales.lead.onboarded",
    "order.created",
    "order.updated",
]
LESSONS_REWIRED = [  # consumers, owning contract, payload schema, registration date, notes
    ("consumers-changed", None, "consumers"),
    ("owning-contract-changed", None, "owning_contract"),
    ("payload-schema-changed", 1, "payload_schema"),
    ("date-changed", 1, "registered_at"),
    ("notes-changed", 1, "notes"),
]
GROWTH_CONSUMES = [("consumers-changed", None, "consumers"), ("notes-changed", 1, "notes")]
# (kind, event, version, field) of every change the seed's 2.0.0 -> 2.0.1 hunks show, and nothing else.
SEED_CHANGES = sorted(
    [
        ("metadata-changed", None, None, "registry_version"),
        ("status-changed", "intake.matched", 1, "status"),
        ("date-changed", "intake.matched", 1, "deprecated_at"),
        ("notes-changed", "intake.matched", 1, "notes"),
        ("version-added", "intake.matched", 2, None),
        *[("event-added", name, None, None) for name in ADDED_IN_2_0_1],
        ("notes-changed", "credit.reserved", 1, "notes"),
        ("notes-changed", "credit.locked", 1, "notes"),
        *[
            (kind, "lesson.scheduled", version, key)
            for kind, version, key in LESSONS_REWIRED
            if key != "registered_at"
        ],
        ("consumers-changed", "lesson.attended", None, "consumers"),
        *[(kind, "lesson.cancelled", version, key) for kind, version, key in LESSONS_REWIRED],
        *[(kind, "lesson.delivered", version, key) for kind, version, key in LESSONS_REWIRED],
        ("payload-schema-changed", "coach.assigned", 1, "payload_schema"),
        ("notes-changed", "coach.assigned", 1, "notes"),
        *[
            (kind, name, version, key)
            for name in ("lead.created", "lead.stage.changed", "lead.reached")
            for kind, version, key in GROWTH_CONSUMES
        ],
    ],
    key=str,
)


def _seed(version: str) -> dict:
    return json.loads((FIXTURES / f"registry-{version}.json").read_text())


def _keys(changes: list[dict]) -> list[tuple]:
    return sorted(((c["kind"], c["event"], c["version"], c["field"]) for c in changes), key=str)


def _version(number: int, schema: str | None = None, status: str = "active", **extra: str) -> dict:
    return {
        "version": number,
        "payload_schema": schema,
        "status": status,
        "registered_at": "2026-05-02",
        **extra,
    }


def _event(*versions: dict) -> dict:
    return {
        "producer": "sales",
        "consumers": ["growth"],
        "owning_contract": None,
        "schema_versions": list(versions),
    }


def _source(files: dict[str, dict]):
    """A schema source over in-memory schemas (no resolver: they hold no references)."""
    return lambda path: (files[path], None) if path in files else None


PATH = "contracts/x/schema/payloads/a.b-v1.json"
SCHEMA_V1 = {"type": "object", "additionalProperties": False, "properties": {"id": {"type": "string"}}}


def _id_schema(**id_keywords: object) -> dict:
    return {**SCHEMA_V1, "properties": {"id": id_keywords}}


def _schema_diff(old_registry: dict, new_registry: dict, old_schema: dict, new_schema: dict):
    return diff_registries(
        old_registry,
        new_registry,
        old_schemas=_source({PATH: old_schema}),
        new_schemas=_source({PATH: new_schema}),
    )


# Registry diff ----------------------------------------------------------------------------------------------


def test_seed_2_0_0_to_2_0_1_reports_each_change_and_nothing_else() -> None:
    diff = diff_registries(_seed("2.0.0"), _seed("2.0.1"))
    assert _keys([c.as_dict() for c in diff.changes]) == SEED_CHANGES
    assert diff.schemas == []


def test_seed_values_are_carried() -> None:
    diff = diff_registries(_seed("2.0.0"), _seed("2.0.1"))
    by_key = {(c.kind, c.event, c.version, c.field): c for c in diff.changes}
    status = by_key[(ChangeKind.STATUS, "intake.matched", 1, "status")]
    assert (status.old, status.new) == ("active", "deprecated")
    assert by_key[(ChangeKind.DATE, "intake.matched", 1, "deprecated_at")].new == "2026-05-12"
    added = by_key[(ChangeKind.VERSION_ADDED, "intake.matched", 2, None)]
    assert added.new["payload_schema"] == "contracts/identity/schema/payloads/intake.matched-v2.json"
    assert added.new["active_from"] == "2026-05-26"
    delivered = by_key[(ChangeKind.CONSUMERS, "lesson.delivered", None, "consumers")]
    assert delivered.describe() == "consumers: added coaching"
    owner = by_key[(ChangeKind.OWNING_CONTRACT, "lesson.scheduled", None, "owning_contract")]
    assert (owner.old, owner.new) == (None, "contracts/lesson-lifecycle/README.md")
    assert diff.summary() == (
        "17 event types added; 1 version added; 1 status change; 3 date changes; "
        "10 producer, consumer or owner changes; 4 payload schema path changes; 10 notes changes; "
        "1 registry metadata change"
    )


def test_reordered_consumers_are_not_a_change() -> None:
    old = {"a.b": {"producer": "x", "consumers": ["p", "q"], "schema_versions": []}}
    new = {"a.b": {"producer": "x", "consumers": ["q", "p"], "schema_versions": []}}
    assert diff_registries(old, new).is_empty


def test_removed_event_and_version_and_unknown_keys() -> None:
    old = {"a.b": _event(_version(1), _version(2)), "c.d": _event(_version(1))}
    new = {"a.b": {**_event(_version(1)), "tier": "gold"}}
    kinds = [(c.kind, c.event, c.version) for c in diff_registries(old, new).changes]
    assert kinds == [
        (ChangeKind.OTHER, "a.b", None),
        (ChangeKind.VERSION_REMOVED, "a.b", 2),
        (ChangeKind.EVENT_REMOVED, "c.d", None),
    ]


def test_schema_in_both_trees_gets_a_compat_report() -> None:
    registry = {"a.b": _event(_version(1, PATH))}
    diff = _schema_diff(registry, registry, SCHEMA_V1, {**SCHEMA_V1, "required": ["id"]})
    (schema,) = diff.schemas
    assert (schema.event, schema.version, schema.status) == ("a.b", 1, "active")
    assert not schema.report.backward.compatible
    assert diff.changes == []
    assert _schema_diff(registry, registry, SCHEMA_V1, SCHEMA_V1).is_empty


# Breaking-change policy -------------------------------------------------------------------------------------


def test_active_version_changed_incompatibly_in_place_is_breaking() -> None:
    registry = {"a.b": _event(_version(1, PATH))}
    diff = _schema_diff(registry, registry, SCHEMA_V1, _id_schema(type="string", maxLength=4))
    (found,) = breaking_changes(diff, date(2026, 6, 1))
    assert (found.event, found.version) == ("a.b", 1)
    assert "id: maxLength 4 added" in found.reason


def test_compatible_change_or_deprecated_version_is_not_breaking() -> None:
    active = {"a.b": _event(_version(1, PATH))}
    deprecated = {"a.b": _event(_version(1, PATH, "deprecated", deprecated_at="2026-05-12"))}
    widened = _schema_diff(active, active, SCHEMA_V1, _id_schema(type=["string", "null"]))
    old_version = _schema_diff(deprecated, deprecated, SCHEMA_V1, _id_schema(type="string", maxLength=4))
    assert breaking_changes(widened, date(2026, 6, 1)) == []
    assert breaking_changes(old_version, date(2026, 6, 1)) == []


@pytest.mark.parametrize(
    ("today", "breaks"),
    [
        (date(2026, 5, 20), True),
        (date(2026, 5, 25), True),
        (date(2026, 5, 26), False),
        (date(2026, 7, 1), False),
    ],
)
def test_version_removed_inside_its_deprecation_window_is_breaking(today: date, breaks: bool) -> None:
    old = {"a.b": _event(_version(1, status="deprecated", deprecated_at="2026-05-12"), _version(2))}
    new = {"a.b": _event(_version(2))}
    found = breaking_changes(diff_registries(old, new), today)
    assert bool(found) is breaks
    if breaks:
        assert "consumable until 2026-05-26" in found[0].reason


def test_removing_a_never_deprecated_version_or_event_is_breaking() -> None:
    old = {"a.b": _event(_version(1), _version(2)), "c.d": _event(_version(1))}
    new = {"a.b": _event(_version(2))}
    found = breaking_changes(diff_registries(old, new), date(2030, 1, 1))
    assert [(b.event, b.version) for b in found] == [("a.b", 1), ("c.d", 1)]
    assert all("without being deprecated" in b.reason for b in found)


# Renderers --------------------------------------------------------------------------------------------------


def test_markdown_puts_breaking_changes_first_and_keeps_tables_intact() -> None:
    old = {"registry_version": "1", "a.b": _event(_version(1, PATH))}
    renamed = {**_event(_version(1, PATH)), "consumers": ["growth", "evil|pipe"]}
    new = {"registry_version": "2", "a.b": renamed}
    diff = _schema_diff(old, new, SCHEMA_V1, _id_schema(type="string", enum=["x"]))
    today = date(2026, 6, 1)
    text = markdown_report(diff, breaking_changes(diff, today), base="main", head="HEAD", today=today)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "## Contract changes: `main` → `HEAD`",
        "### Breaking changes",
        "### Producers, consumers and owning contracts",
        "### Schema changes",
        "#### `a.b` v1 (active)",
        "### Registry metadata",
    ]
    assert "- `a.b` v1: active version changed in place and breaks BACKWARD" in text
    assert "BACKWARD breaks · FORWARD compatible · FULL breaks" in text
    assert "evil\\|pipe" in text
    rows = [line for line in text.splitlines() if line.startswith("| `id`")]
    assert rows and all(row.count(" | ") == 3 for row in rows)  # four cells, no stray separator


def test_markdown_without_breaking_changes_says_so() -> None:
    diff = diff_registries(_seed("2.0.0"), _seed("2.0.1"))
    text = markdown_report(diff, [], base="2.0.0", head="2.0.1", today=date(2026, 5, 20))
    assert "None: no active version changed incompatibly" in text
    assert text.index("### Breaking changes") < text.index("### Event types") < text.index("### Versions")


def test_json_report_round_trips() -> None:
    diff = diff_registries(_seed("2.0.0"), _seed("2.0.1"))
    data = json.loads(json_report(diff, [], base="a", head="b", today=date(2026, 5, 20)))
    assert (data["base"], data["head"], data["date"], data["breaking"]) == ("a", "b", "2026-05-20", [])
    assert _keys(data["changes"]) == SEED_CHANGES


# Git repositories -------------------------------------------------------------------------------------------


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Catalog Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "catalog@example.com")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


class Repo:
    """A throwaway git repository with a contracts folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.contracts = root / "contracts"
        self.commits = 0
        root.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, **env: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *args],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **env},
        )
        return done.stdout

    def write(self, registry: dict, schemas: dict[str, dict] | None = None) -> None:
        """The registry, plus a schema file for every payload path (a stub unless given)."""
        self.contracts.mkdir(exist_ok=True)
        (self.contracts / "event-types-registry.json").write_text(json.dumps(registry, indent=2))
        paths = [
            v["payload_schema"]
            for k, e in registry.items()
            if "." in k
            for v in e.get("schema_versions", [])
            if v.get("payload_schema")
        ]
        for path in paths:
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps((schemas or {}).get(path, {"type": "object"}), indent=2))

    def commit(self, message: str, tag: str | None = None) -> None:
        self.commits += 1
        stamp = f"2026-05-{self.commits:02d}T12:00:00+00:00"
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        if tag:
            self.git("tag", "-a", tag, "-m", tag)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_reproduces_the_seed_change_between_two_commits(git_env: None, tmp_path: Path, capsys) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write(_seed("2.0.0"))
    repo.commit("registry 2.0.0")
    repo.write(_seed("2.0.1"))
    repo.commit("registry 2.0.1")
    args = ("diff", "HEAD~1", "HEAD", "--contracts", str(repo.contracts), "--format", "json")
    code, out, err = _run(capsys, *args)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert _keys(data["changes"]) == SEED_CHANGES
    assert data["schemas"] == [] and data["problems"] == [] and data["breaking"] == []


PAYLOAD = "contracts/sales/schema/payloads/lead.created-v1.json"
LEAD = {
    "type": "object",
    "additionalProperties": False,
    "required": ["lead_id"],
    "properties": {"lead_id": {"type": "string"}, "stage": {"type": "string", "enum": ["new", "open"]}},
}


def _lead_repo(root: Path) -> Repo:
    repo = Repo(root)
    repo.write({"lead.created": _event(_version(1, PAYLOAD))}, {PAYLOAD: LEAD})
    repo.commit("lead.created v1")
    return repo


def test_cli_fails_on_a_breaking_change_in_place(git_env: None, tmp_path: Path, capsys) -> None:
    repo = _lead_repo(tmp_path / "repo")
    breaking = copy.deepcopy(LEAD)
    breaking["properties"]["stage"]["enum"] = ["new"]  # removing an enum value breaks BACKWARD
    repo.write({"lead.created": _event(_version(1, PAYLOAD))}, {PAYLOAD: breaking})
    repo.commit("narrow stage")
    args = ("diff", "HEAD~1", "HEAD", "--contracts", str(repo.contracts))
    code, out, _ = _run(capsys, *args, "--fail-on", "breaking")
    assert code == 1
    assert "- `lead.created` v1: active version changed in place and breaks BACKWARD" in out
    assert "enum removes open" in out
    assert _run(capsys, *args)[0] == 0  # --fail-on never is the default


def test_cli_passes_a_compatible_change_in_the_working_tree(git_env: None, tmp_path: Path, capsys) -> None:
    repo = _lead_repo(tmp_path / "repo")
    compatible = copy.deepcopy(LEAD)
    compatible["properties"]["stage"]["enum"].append("won")
    compatible["properties"]["source"] = {"type": "string", "description": "Where the lead came from."}
    repo.write({"lead.created": _event(_version(1, PAYLOAD))}, {PAYLOAD: compatible})
    code, out, _ = _run(capsys, "diff", "HEAD", "--contracts", str(repo.contracts), "--fail-on", "breaking")
    assert code == 0
    assert "## Contract changes: `HEAD` → `working tree`" in out
    assert "BACKWARD compatible · FORWARD breaks · FULL breaks" in out
    assert "| `source` | field-added: optional field added | FORWARD |" in out


def _v1_deprecated_then_removed(root: Path) -> Repo:
    """v1 deprecated on 2026-05-12, then removed in the next commit."""
    repo = Repo(root)
    two = [_version(1, status="deprecated", deprecated_at="2026-05-12"), _version(2, PAYLOAD)]
    repo.write({"lead.created": _event(*two)}, {PAYLOAD: LEAD})
    repo.commit("v1 deprecated")
    repo.write({"lead.created": _event(two[1])}, {PAYLOAD: LEAD})
    repo.commit("v1 removed")
    return repo


def test_cli_deprecation_window_follows_source_date_epoch(
    git_env: None, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _v1_deprecated_then_removed(tmp_path / "repo")
    args = ("diff", "HEAD~1", "HEAD", "--contracts", str(repo.contracts), "--fail-on", "breaking")
    for day, expected in ((datetime(2026, 5, 20, tzinfo=UTC), 1), (datetime(2026, 5, 26, tzinfo=UTC), 0)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(day.timestamp())))
        assert _run(capsys, *args)[0] == expected


def test_cli_takes_the_deprecation_window_from_mkdocs_yml_and_the_flag_wins(
    git_env: None, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _v1_deprecated_then_removed(tmp_path / "repo")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 5, 30, tzinfo=UTC).timestamp())))
    monkeypatch.chdir(repo.root)
    args = ("diff", "HEAD~1", "HEAD", "--fail-on", "breaking")
    assert _run(capsys, *args)[0] == 0  # 18 days after deprecated_at: past the default 14-day window
    (repo.root / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - contract-catalog:\n      deprecation_window_days: 30\n"
    )
    code, out, _ = _run(capsys, *args)
    assert code == 1 and "removed inside its deprecation window" in out and "30 days" in out
    assert _run(capsys, *args, "--window", "14")[0] == 0


def test_cli_usage_errors_exit_2_with_one_line(
    git_env: None, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _lead_repo(tmp_path / "repo")
    contracts = str(repo.contracts)
    plain = tmp_path / "plain" / "contracts"
    plain.mkdir(parents=True)
    cases = [
        (("diff", "no-such-rev", "--contracts", contracts), "contracts diff: unknown revision 'no-such-rev'"),
        (("diff", "--contracts", contracts, "--", "--upload-pack=x"), "unknown revision '--upload-pack=x'"),
        (("diff", "HEAD", "--output", "x", "--contracts", contracts), "unrecognized arguments: --output x"),
        (("diff", "HEAD", "--contracts", str(tmp_path / "missing")), "is not a folder"),
        (("diff", "HEAD", "--format", "xml", "--contracts", contracts), "invalid choice: 'xml'"),
        (("diff", "HEAD", "--contracts", str(plain)), "is not inside a git repository"),
        ((), "contracts: choose a command: "),
    ]
    for argv, message in cases:
        code, out, err = _run(capsys, *argv)
        assert code == 2, argv
        assert message in err and err.count("\n") == 1 and "Traceback" not in err, (argv, err)
        assert out == ""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    code, _, err = _run(capsys, "diff", "HEAD", "--contracts", contracts)
    assert code == 2 and "SOURCE_DATE_EPOCH 'soon'" in err


def test_cli_module_runs_without_a_traceback(git_env: None, tmp_path: Path) -> None:
    repo = _lead_repo(tmp_path / "repo")
    done = subprocess.run(
        [sys.executable, "-m", "contract_catalog.cli", "diff", "v9", "--contracts", str(repo.contracts)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (2, "contracts diff: unknown revision 'v9'\n")


# History ----------------------------------------------------------------------------------------------------


def test_history_lists_commits_that_touched_contracts_newest_first(git_env: None, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write(_seed("2.0.0"))
    repo.commit("registry 2.0.0", tag="v2.0.0")
    (repo.root / "README.md").write_text("not a contract\n")
    repo.commit("readme only")
    repo.write(_seed("2.0.1"))
    repo.commit("registry 2.0.1", tag="v2.0.1")
    (repo.contracts / "README.md").write_text("How to add an event type.\n")
    repo.commit("contracts readme")
    commits = history(repo.root, "contracts")
    assert commits.reason is None
    assert [(c.subject, c.tags) for c in commits] == [
        ("contracts readme", ()),
        ("registry 2.0.1", ("v2.0.1",)),
        ("registry 2.0.0", ("v2.0.0",)),
    ]
    docs, newest, first = commits
    assert docs.files == ("contracts/README.md",) and docs.diff.is_empty
    assert docs.summary == "1 document changed; no registry or schema change"
    assert "contracts/event-types-registry.json" in newest.files
    assert _keys([c.as_dict() for c in newest.diff.changes]) == SEED_CHANGES
    assert newest.date.startswith("2026-05-03")
    assert len(newest.short) == 10 and newest.commit.startswith(newest.short)
    assert first.summary.startswith("13 event types added")
    assert [c.subject for c in history(repo.root, "contracts", max_count=1)] == ["contracts readme"]


def test_history_outside_a_repository_is_empty_with_a_reason(tmp_path: Path) -> None:
    commits = history(tmp_path, "contracts")
    assert list(commits) == []
    assert "not inside a git repository" in commits.reason


def test_history_of_an_untouched_folder_says_so(git_env: None, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    (repo.root / "README.md").write_text("hello\n")
    repo.commit("readme")
    commits = history(repo.root, "contracts")
    assert list(commits) == [] and commits.reason == "no commit touches contracts/"
