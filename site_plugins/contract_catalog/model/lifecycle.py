"""The lifecycle of schema versions: phases, the state on the build date, transitions and consistency.

A version is registered (`registered_at`), planned until it becomes active (`active_from`, else the day it
was registered), active until it is deprecated (`deprecated_at`), consumable for the deprecation window
after that, and retired from its sunset (`deprecated_at` + window) on. Dates decide the state, so a
version listed as deprecated with a `deprecated_at` still ahead is active until that day.

No MkDocs here: the views, the feeds and the tests read these values. Missing and malformed dates are
reported by the model; this module works with whatever dates it has and reports only what the model does
not: dates in an impossible order and statuses that contradict each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from ..core.problems import Problem, Severity
from .catalog_types import Catalog, EventType, SchemaVersion


class State(str, Enum):
    """Where a version stands on one day."""

    PLANNED = "planned"  # registered (or announced) but not emitted yet
    ACTIVE = "active"
    DEPRECATED = "deprecated"  # in its deprecation window: still consumable
    RETIRED = "retired"  # past its sunset
    UNKNOWN = "unknown"  # the registry gives too little to tell

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    State.PLANNED: "planned",
    State.ACTIVE: "active",
    State.DEPRECATED: "in deprecation window",
    State.RETIRED: "past sunset",
    State.UNKNOWN: "unknown",
}


class TransitionKind(str, Enum):
    """A lifecycle transition, as published in the feed."""

    REGISTERED = "registered"
    ACTIVATED = "activated"
    DEPRECATED = "deprecated"
    SUNSET = "sunset"


@dataclass(frozen=True)
class Span:
    """A phase between two days; `end` is the first day after it, None when it has no end yet."""

    phase: State
    start: date
    end: date | None


@dataclass(frozen=True, eq=False)
class Transition:
    day: date
    kind: TransitionKind
    lifecycle: VersionLifecycle


@dataclass(frozen=True, eq=False)
class VersionLifecycle:
    """One version's dates, phases and state on the build date."""

    event: EventType
    version: SchemaVersion
    today: date
    registered: date | None
    activates: date | None  # `active_from`, else the day of registration
    deprecated: date | None
    sunset: date | None

    @property
    def label(self) -> str:
        return self.version.label

    @property
    def listed_deprecated(self) -> bool:
        return self.version.status == "deprecated"

    @property
    def has_deprecation(self) -> bool:
        """Deprecated now, later or in the past: its consumers must move."""
        return self.deprecated is not None or self.listed_deprecated

    @property
    def state(self) -> State:
        if self.sunset is not None and self.today >= self.sunset:
            return State.RETIRED
        if self.deprecated is not None and self.today >= self.deprecated:
            return State.DEPRECATED
        if self.listed_deprecated and self.deprecated is None:
            return State.DEPRECATED  # the date is missing (the model reports it); the sunset is unknown
        if self.activates is not None:
            return State.PLANNED if self.today < self.activates else State.ACTIVE
        return State.ACTIVE if self.version.status == "active" else State.UNKNOWN

    @property
    def overdue(self) -> bool:
        """Past its sunset but still listed in the registry as deprecated."""
        return self.state is State.RETIRED and self.listed_deprecated

    @property
    def days_left(self) -> int | None:
        """Days until the sunset, while it is ahead."""
        return (self.sunset - self.today).days if self.sunset and self.sunset > self.today else None

    @property
    def spans(self) -> list[Span]:
        """The phases that have dates, in order, for drawing. Days in an impossible order give no span."""
        spans: list[Span] = []
        if self.registered and self.activates and self.activates > self.registered:
            spans.append(Span(State.PLANNED, self.registered, self.activates))
        if self.activates and (self.deprecated is None or self.deprecated > self.activates):
            spans.append(Span(State.ACTIVE, self.activates, self.deprecated))
        if self.deprecated and self.sunset and self.sunset > self.deprecated:
            spans.append(Span(State.DEPRECATED, self.deprecated, self.sunset))
        if self.overdue and self.sunset is not None and self.today > self.sunset:
            spans.append(Span(State.RETIRED, self.sunset, self.today))
        return spans

    @property
    def transitions(self) -> list[Transition]:
        """Registered, activated (only when `active_from` sets a day of its own), deprecated, sunset."""
        found = [
            (self.registered, TransitionKind.REGISTERED),
            (self.activates if self.activates != self.registered else None, TransitionKind.ACTIVATED),
            (self.deprecated, TransitionKind.DEPRECATED),
            (self.sunset, TransitionKind.SUNSET),
        ]
        return [Transition(day, kind, self) for day, kind in found if day is not None]

    def dates(self) -> list[date]:
        return [d for d in (self.registered, self.activates, self.deprecated, self.sunset) if d is not None]


@dataclass
class EventLifecycle:
    """The versions of one event type, oldest first, with their successors."""

    event: EventType
    versions: list[VersionLifecycle]

    def successor(self, lifecycle: VersionLifecycle) -> VersionLifecycle | None:
        """The newest later version without a deprecation: what consumers of a deprecated one move to."""
        number = lifecycle.version.version
        if number is None:
            return None
        later = [v for v in self.versions if v.version.version is not None and v.version.version > number]
        candidates = [v for v in later if not v.has_deprecation]
        return candidates[-1] if candidates else None


def version_lifecycle(
    event: EventType, version: SchemaVersion, today: date, window_days: int
) -> VersionLifecycle:
    sunset = _add_days(version.deprecated_at, window_days) if version.deprecated_at else None
    return VersionLifecycle(
        event=event,
        version=version,
        today=today,
        registered=version.registered_at,
        activates=version.active_from or version.registered_at,
        deprecated=version.deprecated_at,
        sunset=sunset,
    )


def _add_days(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:  # a deprecation at the end of the calendar never reaches its sunset
        return date.max


def event_lifecycle(event: EventType, today: date, window_days: int) -> EventLifecycle:
    ordered = sorted(event.versions, key=lambda v: (v.version or 0, v.index))
    return EventLifecycle(event, [version_lifecycle(event, v, today, window_days) for v in ordered])


def catalog_lifecycles(catalog: Catalog, today: date, window_days: int) -> dict[str, EventLifecycle]:
    return {name: event_lifecycle(event, today, window_days) for name, event in catalog.events.items()}


# -- sentences


@dataclass(frozen=True)
class Sentence:
    day: date
    text: str


def sentences(lifecycle: EventLifecycle) -> list[Sentence]:
    """One sentence per transition, oldest first; a cutover is one sentence.

    "v1 deprecated 2026-05-12, consumable until 2026-05-26; v2 emitted from 2026-05-26" is written when a
    later version becomes active on the day the deprecated one reaches its sunset.
    """
    activations: dict[date, list[VersionLifecycle]] = {}
    for v in lifecycle.versions:
        if v.activates and v.activates != v.registered:
            activations.setdefault(v.activates, []).append(v)
    merged: set[VersionLifecycle] = set()
    found: list[tuple[date, int, str]] = []
    for v in lifecycle.versions:
        if v.registered and v.activates == v.registered:
            found.append((v.registered, 0, f"{v.label} registered and emitted from {v.registered}"))
        elif v.registered:
            found.append((v.registered, 0, f"{v.label} registered {v.registered}"))
        if v.deprecated and v.sunset:
            text = f"{v.label} deprecated {v.deprecated}, consumable until {v.sunset}"
            for successor in activations.get(v.sunset, []):
                if successor not in merged and _is_later(successor, v):
                    merged.add(successor)
                    text += f"; {successor.label} emitted from {successor.activates}"
            found.append((v.deprecated, 1, text))
        elif v.listed_deprecated and v.registered:
            unknown = f"{v.label} is listed as deprecated without a date, so its sunset is unknown"
            found.append((v.registered, 1, unknown))
    for day, versions in activations.items():
        found += [(day, 2, f"{v.label} emitted from {day}") for v in versions if v not in merged]
    return [Sentence(day, text) for day, _, text in sorted(found, key=lambda item: (item[0], item[1]))]


def _is_later(candidate: VersionLifecycle, than: VersionLifecycle) -> bool:
    a, b = candidate.version.version, than.version.version
    return a is not None and b is not None and a > b


# -- consistency


def consistency_problems(lifecycle: EventLifecycle, registry_path: str) -> list[Problem]:
    """Lifecycle contradictions of one event type. Missing and non-ISO dates are the model's to report."""
    problems: list[Problem] = []
    for v in lifecycle.versions:
        problems += _date_order(v.version, registry_path)
    problems += _ambiguous_active(lifecycle, registry_path)
    problems += _active_after_deprecated(lifecycle, registry_path)
    return problems


def _finding(registry_path: str, pointer: str, message: str, code: str) -> Problem:
    return Problem(registry_path, message, pointer=pointer, severity=Severity.WARNING, code=code)


def _date_order(version: SchemaVersion, registry_path: str) -> list[Problem]:
    problems = []
    registered = version.registered_at
    if registered and version.active_from and version.active_from < registered:
        problems.append(
            _finding(
                registry_path,
                version.pointer + "/active_from",
                f"{version.label} is active from {version.active_from}, "
                f"before it was registered ({registered})",
                "active-before-registered",
            )
        )
    if registered and version.deprecated_at and version.deprecated_at < registered:
        problems.append(
            _finding(
                registry_path,
                version.pointer + "/deprecated_at",
                f"{version.label} is deprecated on {version.deprecated_at}, "
                f"before it was registered ({registered})",
                "deprecated-before-registered",
            )
        )
    return problems


def _ambiguous_active(lifecycle: EventLifecycle, registry_path: str) -> list[Problem]:
    """Two versions listed as active with the same `active_from` (or none): which one do producers emit?"""
    problems = []
    first_by_start: dict[date | None, SchemaVersion] = {}
    for v in lifecycle.versions:
        version = v.version
        if version.status != "active":
            continue
        start = version.active_from
        if start not in first_by_start:
            first_by_start[start] = version
            continue
        earlier = first_by_start[start]
        told = f"both active from {start}" if start else "neither has an active_from"
        problems.append(
            _finding(
                registry_path,
                version.pointer + ("/active_from" if start else "/status"),
                f"{version.label} and {earlier.label} are both active and {told}, so nothing says which one "
                f"producers emit; set {version.label}'s active_from to the day producers switch to it",
                "ambiguous-active",
            )
        )
    return problems


def _active_after_deprecated(lifecycle: EventLifecycle, registry_path: str) -> list[Problem]:
    """An older version still listed as active while a newer one is deprecated."""
    problems = []
    numbered = [v.version for v in lifecycle.versions if v.version.version is not None]
    for older in numbered:
        if older.status != "active":
            continue
        newer = [v for v in numbered if v.version > older.version and v.status == "deprecated"]
        if newer:
            newest = newer[-1]
            problems.append(
                _finding(
                    registry_path,
                    older.pointer + "/status",
                    f"{older.label} is active although the newer {newest.label} is deprecated; deprecate "
                    f"{older.label} too, or check the statuses",
                    "active-after-deprecated",
                )
            )
    return problems


# -- what is due


@dataclass
class Due:
    """The lists a reader scans first: what is changing around the build date."""

    in_window: list[VersionLifecycle]  # deprecated, still consumable: consumers must move before the sunset
    sunsets_soon: list[VersionLifecycle]  # sunset within the next `soon_days`
    planned: list[VersionLifecycle]  # registered, not emitted yet
    scheduled_deprecations: list[VersionLifecycle]  # a deprecation date still ahead
    overdue: list[VersionLifecycle]  # past sunset, still listed as deprecated


def due(lifecycles: Iterable[EventLifecycle], today: date, soon_days: int = 30) -> Due:
    versions = [v for e in lifecycles for v in e.versions]
    horizon = _add_days(today, soon_days)

    def ordered(selected: Iterable[VersionLifecycle], day: Callable[[VersionLifecycle], date | None]):
        """By the date that matters for the list (unknown dates last), then event name and position."""
        return sorted(selected, key=lambda v: (day(v) or date.max, v.event.name, v.version.index))

    return Due(
        in_window=ordered((v for v in versions if v.state is State.DEPRECATED), lambda v: v.sunset),
        sunsets_soon=ordered(
            (v for v in versions if v.sunset and today < v.sunset <= horizon), lambda v: v.sunset
        ),
        planned=ordered((v for v in versions if v.state is State.PLANNED), lambda v: v.activates),
        scheduled_deprecations=ordered(
            (v for v in versions if v.deprecated and v.deprecated > today), lambda v: v.deprecated
        ),
        overdue=ordered((v for v in versions if v.overdue), lambda v: v.sunset),
    )


# -- the one answer every page gives


@dataclass(frozen=True)
class Standing:
    """Which version of an event type to use on the build date, and what else is live:
    the answer every place shows.

    Until a successor's cutover producers still emit the deprecated version, so that is the one to use; a
    planned version is never "active" before its day, whatever the registry's status says.
    """

    use_now: VersionLifecycle | None
    planned: tuple[VersionLifecycle, ...]  # newest first
    # deprecated, still consumable, other than `use_now`; newest first
    in_window: tuple[VersionLifecycle, ...]

    @property
    def state(self) -> State | None:
        return self.use_now.state if self.use_now else None

    @property
    def short(self) -> str:
        """'v2 active', 'v1 in deprecation window': for a table cell or a graph box."""
        return f"{self.use_now.label} {self.use_now.state.label}" if self.use_now else "no version in use"

    @property
    def summary(self) -> str:
        """'v1 in deprecation window, consumable until 2026-12-04; v2 planned from 2026-12-04'."""
        parts = [self.short + (_until(self.use_now) if self.state is State.DEPRECATED else "")]
        parts += [f"{lc.label} planned from {lc.activates}" for lc in self.planned]
        parts += [f"{lc.label} {lc.state.label}{_until(lc)}" for lc in self.in_window]
        return "; ".join(parts)


def _until(lc: VersionLifecycle) -> str:
    return f", consumable until {lc.sunset}" if lc.sunset else ", sunset unknown"


def standing(lifecycle: EventLifecycle) -> Standing:
    newest_first = sorted(
        lifecycle.versions, key=lambda lc: (lc.version.version or 0, lc.version.index), reverse=True
    )
    use_now = next((lc for lc in newest_first if lc.state is State.ACTIVE), None) or next(
        (lc for lc in newest_first if lc.state is State.DEPRECATED), None
    )
    return Standing(
        use_now=use_now,
        planned=tuple(lc for lc in newest_first if lc.state is State.PLANNED),
        in_window=tuple(lc for lc in newest_first if lc.state is State.DEPRECATED and lc is not use_now),
    )


def payload_to_code_against(lifecycle: EventLifecycle, now: Standing) -> SchemaVersion | None:
    """The version whose payload a consumer should code against:
    the one to use now, else the newest with a schema."""
    newest_first = sorted(lifecycle.versions, key=lambda lc: lc.version.version or 0, reverse=True)
    with_schema = [
        lc.version
        for lc in ([now.use_now] if now.use_now else []) + newest_first
        if lc.version.payload_schema and lc.version.schema_path_ok
    ]
    return with_schema[0] if with_schema else None


# What the events index filters by: an event type's versions on the build date, one word each.
FILTER_STATES = {
    "active": "has an active version",
    "has-deprecated": "has a deprecated version",
    "in-window": "in its deprecation window",
    "planned": "has a planned version",
    "past-sunset": "has a version past sunset",
}


def filter_states(lifecycle: EventLifecycle) -> list[str]:
    """The FILTER_STATES words that hold for an event type on the build date, in FILTER_STATES order."""
    states = {lc.state for lc in lifecycle.versions}
    found = {
        "active": State.ACTIVE in states,
        "has-deprecated": bool(states & {State.DEPRECATED, State.RETIRED}),  # deprecated on or before the day
        "in-window": State.DEPRECATED in states,
        "planned": State.PLANNED in states,
        "past-sunset": State.RETIRED in states,
    }
    return [word for word in FILTER_STATES if found[word]]
