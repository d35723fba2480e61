"""Lifecycle of schema versions, without MkDocs: phases, states on a day, sentences, what is due, findings."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import FIXTURES
from contract_catalog.drawing.timeline_svg import axis_for, chart
from contract_catalog.model.catalog import load_catalog
from contract_catalog.model.lifecycle import (
    State,
    TransitionKind,
    catalog_lifecycles,
    consistency_problems,
    due,
    event_lifecycle,
    sentences,
)

SHOP = FIXTURES / "timeline" / "contracts"
INCONSISTENT = FIXTURES / "timeline" / "inconsistent" / "contracts"


@pytest.fixture(scope="module")
def shop():
    return load_catalog(SHOP)


@pytest.fixture(scope="module")
def inconsistent():
    return load_catalog(INCONSISTENT)


def lifecycle_of(catalog, name: str, today: str, window: int = 14):
    return event_lifecycle(catalog.events[name], date.fromisoformat(today), window)


def states(catalog, name: str, today: str, window: int = 14) -> dict[str, State]:
    return {v.label: v.state for v in lifecycle_of(catalog, name, today, window).versions}


def test_cutover_in_its_window_shows_old_version_deprecated_and_new_one_planned(shop):
    v1, v2 = lifecycle_of(shop, "order.placed", "2026-05-20").versions
    assert v1.state is State.DEPRECATED and v1.sunset == date(2026, 5, 24) and v1.days_left == 4
    assert v2.state is State.PLANNED and v2.activates == date(2026, 5, 24)


def test_states_follow_the_build_date_through_every_phase(shop):
    assert states(shop, "order.placed", "2026-05-01") == {"v1": State.ACTIVE, "v2": State.PLANNED}
    assert states(shop, "order.placed", "2026-05-23") == {"v1": State.DEPRECATED, "v2": State.PLANNED}
    assert states(shop, "order.placed", "2026-05-24") == {"v1": State.RETIRED, "v2": State.ACTIVE}


def test_version_past_its_sunset_but_still_listed_is_overdue(shop):
    v1, v2 = lifecycle_of(shop, "order.placed", "2026-06-01").versions
    assert v1.state is State.RETIRED and v1.overdue
    assert not v2.overdue


def test_sunset_follows_the_configured_deprecation_window(shop):
    v1 = lifecycle_of(shop, "order.placed", "2026-05-20", window=7).versions[0]
    assert v1.sunset == date(2026, 5, 17) and v1.state is State.RETIRED


def test_deprecation_dated_after_the_build_date_leaves_the_version_active(shop):
    v1, v2 = lifecycle_of(shop, "invoice.sent", "2026-05-20").versions
    assert v1.listed_deprecated and v1.state is State.ACTIVE and v1.deprecated == date(2026, 7, 1)
    assert v2.state is State.PLANNED


def test_phases_are_contiguous_spans(shop):
    v1, v2 = lifecycle_of(shop, "order.placed", "2026-05-20").versions
    assert [(s.phase, s.start, s.end) for s in v1.spans] == [
        (State.ACTIVE, date(2026, 4, 1), date(2026, 5, 10)),
        (State.DEPRECATED, date(2026, 5, 10), date(2026, 5, 24)),
    ]
    assert [(s.phase, s.start, s.end) for s in v2.spans] == [
        (State.PLANNED, date(2026, 5, 10), date(2026, 5, 24)),
        (State.ACTIVE, date(2026, 5, 24), None),
    ]


def test_overdue_version_gets_a_span_from_its_sunset_to_the_build_date(shop):
    v1 = lifecycle_of(shop, "order.placed", "2026-06-01").versions[0]
    assert (v1.spans[-1].phase, v1.spans[-1].start, v1.spans[-1].end) == (
        State.RETIRED,
        date(2026, 5, 24),
        date(2026, 6, 1),
    )


def test_cutover_is_written_as_one_sentence(shop):
    texts = [s.text for s in sentences(lifecycle_of(shop, "order.placed", "2026-05-20"))]
    assert texts == [
        "v1 registered and emitted from 2026-04-01",
        "v2 registered 2026-05-10",
        "v1 deprecated 2026-05-10, consumable until 2026-05-24; v2 emitted from 2026-05-24",
    ]


def test_activation_without_a_matching_sunset_gets_its_own_sentence(shop):
    texts = [s.text for s in sentences(lifecycle_of(shop, "invoice.sent", "2026-05-20"))]
    assert "v1 deprecated 2026-07-01, consumable until 2026-07-15; v2 emitted from 2026-07-15" in texts
    texts = [s.text for s in sentences(lifecycle_of(shop, "stock.counted", "2026-05-20"))]
    assert texts[-1] == "v2 emitted from 2026-06-10"


def test_transitions_name_each_lifecycle_step_once(shop):
    v1, v2 = lifecycle_of(shop, "order.placed", "2026-05-20").versions
    assert [(t.kind, t.day) for t in v1.transitions] == [
        (TransitionKind.REGISTERED, date(2026, 4, 1)),
        (TransitionKind.DEPRECATED, date(2026, 5, 10)),
        (TransitionKind.SUNSET, date(2026, 5, 24)),
    ]
    assert [(t.kind, t.day) for t in v2.transitions] == [
        (TransitionKind.REGISTERED, date(2026, 5, 10)),
        (TransitionKind.ACTIVATED, date(2026, 5, 24)),
    ]


def test_due_lists_what_changes_around_the_build_date(shop):
    today = date(2026, 5, 20)
    lists = due(catalog_lifecycles(shop, today, 14).values(), today)

    def names(versions):
        return [f"{v.event.name} {v.label}" for v in versions]

    assert names(lists.in_window) == ["order.placed v1"]
    assert names(lists.sunsets_soon) == ["order.placed v1"]
    assert names(lists.planned) == ["order.placed v2", "stock.counted v2", "invoice.sent v2"]
    assert names(lists.scheduled_deprecations) == ["invoice.sent v1"]
    assert lists.overdue == []


def test_successor_of_a_deprecated_version_is_the_newest_one_not_deprecated(shop):
    lifecycle = lifecycle_of(shop, "order.placed", "2026-05-20")
    assert lifecycle.successor(lifecycle.versions[0]) is lifecycle.versions[1]
    assert lifecycle.successor(lifecycle.versions[1]) is None


def test_consistent_registry_has_no_findings(shop):
    lifecycles = catalog_lifecycles(shop, date(2026, 5, 20), 14).values()
    assert [p for lc in lifecycles for p in consistency_problems(lc, shop.registry_path)] == []


def findings(catalog, name: str) -> list[tuple[str, str | None]]:
    lifecycle = event_lifecycle(catalog.events[name], date(2026, 5, 20), 14)
    return [(p.code, p.pointer) for p in consistency_problems(lifecycle, catalog.registry_path)]


def test_active_from_before_registration_is_reported_at_active_from(inconsistent):
    assert findings(inconsistent, "early.start") == [
        ("active-before-registered", "/early.start/schema_versions/0/active_from")
    ]


def test_deprecation_before_registration_is_reported_at_deprecated_at(inconsistent):
    assert findings(inconsistent, "early.end") == [
        ("deprecated-before-registered", "/early.end/schema_versions/0/deprecated_at")
    ]


def test_two_active_versions_without_active_from_are_reported(inconsistent):
    assert findings(inconsistent, "twin.active") == [
        ("ambiguous-active", "/twin.active/schema_versions/1/status")
    ]


def test_two_active_versions_with_the_same_active_from_are_reported(inconsistent):
    assert findings(inconsistent, "twin.cutover") == [
        ("ambiguous-active", "/twin.cutover/schema_versions/1/active_from")
    ]


def test_older_version_active_while_a_newer_one_is_deprecated_is_reported(inconsistent):
    assert findings(inconsistent, "stale.active") == [
        ("active-after-deprecated", "/stale.active/schema_versions/0/status")
    ]


def test_findings_carry_the_registry_file_and_are_warnings(inconsistent):
    lifecycle = event_lifecycle(inconsistent.events["twin.active"], date(2026, 5, 20), 14)
    (problem,) = consistency_problems(lifecycle, inconsistent.registry_path)
    assert problem.file == "contracts/event-types-registry.json"
    assert problem.severity.value == "warning"
    assert str(problem).startswith(
        "contracts/event-types-registry.json#/twin.active/schema_versions/1/status: "
    )


@pytest.mark.parametrize(
    ("name", "code", "pointer"),
    [
        ("undated.deprecation", "deprecated-without-date", "/undated.deprecation/schema_versions/0/status"),
        ("loose.date", "bad-date", "/loose.date/schema_versions/0/registered_at"),
    ],
)
def test_missing_and_non_iso_dates_are_reported_once_by_the_model(inconsistent, name, code, pointer):
    model = [(p.code, p.pointer) for p in inconsistent.events[name].all_problems]
    assert model == [(code, pointer)]
    assert findings(inconsistent, name) == []


def test_deprecated_version_without_a_date_is_deprecated_with_an_unknown_sunset(inconsistent):
    v1 = lifecycle_of(inconsistent, "undated.deprecation", "2026-05-20").versions[0]
    assert v1.state is State.DEPRECATED and v1.sunset is None and not v1.overdue
    texts = [s.text for s in sentences(lifecycle_of(inconsistent, "undated.deprecation", "2026-05-20"))]
    assert "v1 is listed as deprecated without a date, so its sunset is unknown" in texts


def test_version_with_an_unreadable_date_is_kept_without_phases(inconsistent):
    (v1,) = lifecycle_of(inconsistent, "loose.date", "2026-05-20").versions
    assert v1.state is State.ACTIVE and v1.spans == []


def test_chart_places_bars_in_date_order_and_the_build_date_between_them(shop):
    lifecycle = lifecycle_of(shop, "order.placed", "2026-05-20")
    picture = chart("order.placed", [(v.label, v) for v in lifecycle.versions], date(2026, 5, 20))
    v1_bars, v2_bars = (row.bars for row in picture.rows)
    assert [b.phase for b in v1_bars] == ["active", "deprecated"]
    assert v1_bars[0].x < v1_bars[1].x < picture.today_x < v1_bars[1].x + v1_bars[1].width
    assert v2_bars[1].open_end and v2_bars[1].x == pytest.approx(v1_bars[1].x + v1_bars[1].width)
    assert all(picture.left <= t.x <= picture.width for t in picture.ticks) and picture.ticks


def test_axis_survives_dates_at_the_ends_of_the_calendar(shop):
    lifecycle = lifecycle_of(shop, "order.placed", "2026-05-20")
    axis = axis_for(lifecycle.versions, date(9999, 12, 1), 40.0)
    assert axis.ticks() and axis.x(date(9999, 12, 31)) <= axis.left + axis.width
