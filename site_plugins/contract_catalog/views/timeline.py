"""Lifecycle timelines in the site: a section per event, /timeline/, domain and home sections, and feeds.

The dates and states come from `model.lifecycle`, the chart geometry from `drawing.timeline_svg`, the text
from the `timeline*` templates. Lifecycles are computed once per build and shared by every page, so the work
per event page does not grow with the catalog.
"""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ..core.problems import Problem
from ..drawing.timeline_svg import Chart, axis_for, chart, label_width
from ..model import urls
from ..model.catalog import Domain, EventType
from ..model.lifecycle import (
    Due,
    EventLifecycle,
    State,
    Transition,
    TransitionKind,
    VersionLifecycle,
    consistency_problems,
    due,
    sentences,
)
from ..render.output_formats import schema_bytes, versioned
from ..render.renderer import GeneratedPage, PendingPage, Section
from .base import CatalogView

TIMELINE_PAGE = "timeline/index.md"
FEED = "feed.xml"
DEPRECATIONS = "deprecations.json"
DEPRECATIONS_SCHEMA = "deprecations.schema.json"
SOON_DAYS = 30
HOME_LIMIT = 10
OPEN_GROUPS_UP_TO = 60  # event types; above this the producer groups start collapsed
FEED_ENTRIES = 250
ATOM = "http://www.w3.org/2005/Atom"
NO_PRODUCER = "(no producer)"


@dataclass
class ProducerGroup:
    producer: str
    has_domain: bool
    events: int
    chart: Chart
    in_window: int
    planned: int
    overdue: int


class TimelineView(CatalogView):
    """What is changing, when, and who must move."""

    @property
    def lifecycles(self) -> dict[str, EventLifecycle]:
        return self.context.lifecycles

    @cached_property
    def due(self) -> Due:
        return due(self.lifecycles.values(), self.context.build_date, SOON_DAYS)

    @cached_property
    def deprecated(self) -> list[VersionLifecycle]:
        found = [v for e in self.lifecycles.values() for v in e.versions if v.has_deprecation]
        return sorted(found, key=lambda v: (v.sunset or date.max, v.event.name, v.version.index))

    @cached_property
    def concerns(self) -> dict[str, list[tuple[str, VersionLifecycle]]]:
        """Domain name -> (role, deprecated version) for every deprecation a domain produces or consumes."""
        by_domain: dict[str, list[tuple[str, VersionLifecycle]]] = {}
        for v in self.deprecated:
            if v.event.producer:
                by_domain.setdefault(v.event.producer, []).append(("producer", v))
            for consumer in v.event.consumers:
                by_domain.setdefault(consumer, []).append(("consumer", v))
        return by_domain

    def successor(self, lifecycle: VersionLifecycle) -> VersionLifecycle | None:
        return self.lifecycles[lifecycle.event.name].successor(lifecycle)

    def template_context(self) -> dict:
        return {
            "catalog": self.context.catalog,
            "today": self.context.build_date,
            "window": self.context.deprecation_window_days,
            "successor": self.successor,
            "event_page": urls.event_page,
            "domain_page": urls.domain_page,
            "timeline_page": TIMELINE_PAGE,
        }

    # -- sections and pages

    def event_sections(self, event: EventType, src_uri: str) -> list[Section]:
        lifecycle = self.lifecycles[event.name]
        if not lifecycle.versions:
            return []
        rows = [(v.label, v) for v in lifecycle.versions]
        picture = chart(f"Lifecycle of {event.name}", rows, self.context.build_date)
        html = self.context.renderer.render_fragment(
            "partials/timeline_event.j2",
            src_uri,
            lifecycle=lifecycle,
            chart=picture,
            sentences=sentences(lifecycle),
            consumers_must_move=any(v.state is State.DEPRECATED for v in lifecycle.versions),
            problems=consistency_problems(lifecycle, self.context.catalog.registry_path),
            **self.template_context(),
        )
        return [Section("Timeline", "timeline", html, order=50)]

    def domain_sections(self, domain: Domain, src_uri: str) -> list[Section]:
        concerns = self.concerns.get(domain.name)
        if not concerns:
            return []
        html = self.context.renderer.render_fragment(
            "partials/timeline_domain.j2",
            src_uri,
            domain=domain,
            concerns=concerns,
            **self.template_context(),
        )
        return [Section("Deprecations", "deprecations", html, order=50)]

    def home_sections(self, src_uri: str) -> list[Section]:
        html = self.context.renderer.render_fragment(
            "partials/timeline_home.j2", src_uri, due=self.due, limit=HOME_LIMIT, **self.template_context()
        )
        return [Section("Changing now", "changing-now", html, order=20)]

    def pages(self) -> list[PendingPage]:
        return [
            PendingPage(TIMELINE_PAGE, self._timeline_page)
        ]  # rendered when read: a live preview may skip it

    def page_inputs(self, src_uri: str) -> tuple | None:
        """The timeline shows the registry's lifecycles on the build date: the shared part of the tree and the
        build's settings, which every page's key holds (see BuildContext.shared_digest)."""
        return ("timeline",) if src_uri == TIMELINE_PAGE else None

    def _timeline_page(self) -> GeneratedPage:
        page = self.context.renderer.render(
            "timeline.md.j2",
            TIMELINE_PAGE,
            due=self.due,
            deprecated=self.deprecated,
            groups=self.groups(),
            open_groups=len(self.lifecycles) <= OPEN_GROUPS_UP_TO,
            soon_days=SOON_DAYS,
            **self.template_context(),
        )
        due = self.due
        return page.titled(
            "Timeline",
            f"Every version on one time axis on {self.context.build_date}: "
            f"{len(due.in_window)} in a deprecation window, {len(due.planned)} planned, "
            f"{len(due.overdue)} past sunset",
        )

    def groups(self) -> list[ProducerGroup]:
        """One chart per producer, all on the same time axis so that groups can be compared."""
        by_producer: dict[str, list[EventLifecycle]] = {}
        for name in sorted(self.lifecycles):
            lifecycle = self.lifecycles[name]
            if lifecycle.versions:
                by_producer.setdefault(lifecycle.event.producer or NO_PRODUCER, []).append(lifecycle)
        everything = [v for e in self.lifecycles.values() for v in e.versions]
        labels = [f"{v.event.name} {v.label}" for v in everything]
        axis = axis_for(everything, self.context.build_date, label_width(labels))
        groups = []
        for producer in sorted(by_producer):
            versions = [v for e in by_producer[producer] for v in e.versions]
            rows = [(f"{v.event.name} {v.label}", v) for v in versions]
            groups.append(
                ProducerGroup(
                    producer=producer,
                    has_domain=producer in self.context.catalog.domains,
                    events=len(by_producer[producer]),
                    chart=chart(
                        f"Versions of the events {producer} produces", rows, self.context.build_date, axis
                    ),
                    in_window=sum(v.state is State.DEPRECATED for v in versions),
                    planned=sum(v.state is State.PLANNED for v in versions),
                    overdue=sum(v.overdue for v in versions),
                )
            )
        return groups

    def nav_entries(self) -> list[tuple[str, str]]:
        return [("Timeline", TIMELINE_PAGE)]

    def problems(self) -> list[Problem]:
        registry = self.context.catalog.registry_path
        return [
            p for lifecycle in self.lifecycles.values() for p in consistency_problems(lifecycle, registry)
        ]

    # -- feeds

    def static_files(self) -> list[tuple[str, bytes]]:
        return [
            (DEPRECATIONS, self.deprecations_json()),
            (DEPRECATIONS_SCHEMA, schema_bytes(DEPRECATIONS_SCHEMA)),
            (FEED, self.atom_feed()),
        ]

    def version_url(self, lifecycle: VersionLifecycle) -> str:
        """Site-relative, as a link from the site root (where the feeds live)."""
        return self.context.urls.url(urls.event_page(lifecycle.event)) + "#" + lifecycle.version.anchor

    def deprecations_json(self) -> bytes:
        def version(v: VersionLifecycle) -> dict:
            return {
                "event": v.event.name,
                "version": v.version.version,
                "label": v.label,
                "url": self.version_url(v),
                "registry_pointer": v.version.pointer,
                "producer": v.event.producer,
            }

        def deprecation(v: VersionLifecycle) -> dict:
            successor = self.successor(v)
            return {
                **version(v),
                "consumers": v.event.consumers,
                "status": v.version.status,
                "state": v.state.value,
                "deprecated_at": _iso(v.deprecated),
                "sunset": _iso(v.sunset),
                "days_left": v.days_left,
                "overdue": v.overdue,
                "successor": {**version(successor), "active_from": _iso(successor.activates)}
                if successor
                else None,
            }

        document = versioned(
            DEPRECATIONS_SCHEMA,
            {
                "build_date": self.context.build_date.isoformat(),
                "deprecation_window_days": self.context.deprecation_window_days,
                "deprecations": [deprecation(v) for v in self.deprecated],
                "planned_activations": [
                    {**version(v), "registered_at": _iso(v.registered), "active_from": _iso(v.activates)}
                    for v in self.due.planned
                ],
            },
        )
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def atom_feed(self) -> bytes:
        """Transitions up to the build date, newest first; nothing is dated after the build date."""
        today = self.context.build_date
        transitions = [
            t for e in self.lifecycles.values() for v in e.versions for t in v.transitions if t.day <= today
        ]
        transitions.sort(
            key=lambda t: (
                -t.day.toordinal(),
                t.lifecycle.event.name,
                t.lifecycle.version.index,
                list(TransitionKind).index(t.kind),
            )
        )
        feed = ET.Element("feed", xmlns=ATOM)
        _text(feed, "title", "Event contract lifecycle")
        _text(
            feed,
            "subtitle",
            "Registered, activated, deprecated and sunset versions of the catalog's event types",
        )
        _text(feed, "id", _urn("feed", self.context.catalog.registry_path))
        _text(feed, "updated", _timestamp(today))
        site_urls = self.context.urls  # absolute under site_url: feed readers resolve nothing else reliably
        ET.SubElement(feed, "link", rel="self", href=site_urls.absolute(FEED))
        ET.SubElement(feed, "link", rel="alternate", type="text/html", href=site_urls.absolute(TIMELINE_PAGE))
        _text(ET.SubElement(feed, "author"), "name", "Contract catalog")
        for transition in transitions[:FEED_ENTRIES]:
            self._feed_entry(feed, transition)
        ET.indent(feed)
        return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"

    def _feed_entry(self, feed: ET.Element, transition: Transition) -> None:
        v = transition.lifecycle
        entry = ET.SubElement(feed, "entry")
        _text(entry, "title", f"{v.event.name} {v.label} {transition.kind.value}")
        _text(
            entry,
            "id",
            _urn(v.event.name, v.version.anchor, transition.kind.value, transition.day.isoformat()),
        )
        _text(entry, "updated", _timestamp(transition.day))
        ET.SubElement(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=self.context.urls.absolute(urls.event_page(v.event), v.version.anchor),
        )
        _text(entry, "summary", self._summary(transition))
        ET.SubElement(entry, "category", term=transition.kind.value)

    def _summary(self, transition: Transition) -> str:
        v, day = transition.lifecycle, transition.day
        consumers = ", ".join(v.event.consumers) or "none"
        successor = self.successor(v)
        move = f" Consumers move to {successor.label}." if successor else ""
        version = f"{v.event.name} {v.label}"
        return {
            TransitionKind.REGISTERED: f"{version} registered {day}"
            + (f", emitted from {v.activates}." if v.activates else "."),
            TransitionKind.ACTIVATED: f"{version} emitted from {day}.",
            TransitionKind.DEPRECATED: f"{version} deprecated {day}, consumable until {v.sunset}.{move} "
            f"Consumers: {consumers}.",
            TransitionKind.SUNSET: f"{version} reached its sunset {day}: no longer consumable.{move}",
        }[transition.kind]


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """A child element with text; characters XML cannot hold are dropped (ElementTree escapes the rest)."""
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("", text)
    return element


def _urn(*parts: str) -> str:
    """A stable Atom id: the same transition keeps its id from build to build."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "contract-catalog:" + "/".join(parts)).urn


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
