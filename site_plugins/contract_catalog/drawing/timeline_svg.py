"""Gantt charts of version lifecycles, laid out at build time.

This module only computes geometry: rows, bars, ticks and the build-date marker, in SVG user units.
`templates/partials/timeline_svg.j2` draws a Chart as inline SVG (autoescaped, coloured by CSS classes),
so no script and no external file is needed to see it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..core.shorten import shorten
from ..model.lifecycle import VersionLifecycle

# Fits the narrowest content column (688 px beside both sidebars), so text is drawn at its real size.
CHART_WIDTH = 680.0
MIN_PLOT_WIDTH = 400.0
ROW_HEIGHT = 20.0
BAR_HEIGHT = 12.0
AXIS_HEIGHT = 22.0  # tick labels above the rows
FOOT_HEIGHT = 18.0  # the build date's label below them
CHAR_WIDTH = 6.6  # an average glyph at the chart's 11-unit font, to size the label column
MAX_LABEL_CHARS = 44
MIN_TICK_GAP = 80.0
DAY_STEPS = (1, 2, 7, 14)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Axis:
    """A day range mapped onto [left, left + width]."""

    start: int  # proleptic ordinal of the first day shown
    end: int  # ordinal of the last day shown
    left: float
    width: float

    def x(self, day: date | None) -> float:
        """The position of a day; None (no end yet) and days beyond the range sit on the right edge."""
        ordinal = self.end if day is None else min(max(day.toordinal(), self.start), self.end)
        return round(self.left + (ordinal - self.start) / max(self.end - self.start, 1) * self.width, 1)

    def ticks(self) -> list[Tick]:
        """Day, week, month or year ticks, as many as fit; none so close to the right edge that it is cut."""
        limit = max(int(self.width // MIN_TICK_GAP), 2)
        days = self.end - self.start
        step = next((s for s in DAY_STEPS if days / s <= limit), None)
        if step is not None:
            ticks = self._day_ticks(step)
        else:
            months = days / 30.4
            ticks = self._month_ticks(next((s for s in MONTH_STEPS if months / s <= limit), MONTH_STEPS[-1]))
        return [t for t in ticks if t.x <= self.left + self.width - MIN_TICK_GAP / 3]

    def _day_ticks(self, step: int) -> list[Tick]:
        first = self.start + (1 - self.start) % step  # weekly ticks fall on Mondays (ordinal 1 is a Monday)
        return [
            Tick(self.x(date.fromordinal(o)), date.fromordinal(o).isoformat())
            for o in range(first, self.end + 1, step)
        ]

    def _month_ticks(self, step: int) -> list[Tick]:
        first, last = date.fromordinal(self.start), date.fromordinal(self.end)
        index = first.year * 12 + first.month  # the month after the first day's month, as a count
        ticks: list[Tick] = []
        while True:
            year, month = divmod(index, 12)
            if year > date.max.year or date(year, month + 1, 1) > last:
                return ticks
            if index % step == 0:
                ticks.append(
                    Tick(
                        self.x(date(year, month + 1, 1)),
                        str(year) if step % 12 == 0 else f"{year}-{month + 1:02d}",
                    )
                )
            index += 1


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    phase: str  # a State value, used as the CSS class
    start: date
    end: date | None
    open_end: bool  # the phase has no end date yet


@dataclass(frozen=True)
class Row:
    y: float
    text_y: float
    label: str
    full_label: str
    lifecycle: VersionLifecycle
    bars: list[Bar]
    stripe: bool  # alternate background per event, so a reader's eye keeps to one event's rows


@dataclass(frozen=True)
class Chart:
    title: str
    width: float
    height: float
    left: float
    axis_y: float
    rows: list[Row]
    ticks: list[Tick]
    today: date
    today_x: float
    today_anchor: str  # where the build date's label sits against its marker: "start" or "end"

    @property
    def row_height(self) -> float:
        return ROW_HEIGHT

    @property
    def rows_bottom(self) -> float:
        return self.height - FOOT_HEIGHT


def label_width(labels: Iterable[str]) -> float:
    longest = max((min(len(label), MAX_LABEL_CHARS) for label in labels), default=4)
    return round(longest * CHAR_WIDTH + 16, 1)


def axis_for(lifecycles: Iterable[VersionLifecycle], today: date, left: float) -> Axis:
    """A range holding every known date and the build date, with room on the right for open bars."""
    days = [today.toordinal()] + [d.toordinal() for v in lifecycles for d in v.dates()]
    first, last = min(days), max(days)
    span = last - first
    return Axis(
        start=max(first - max(3, span // 30), 1),
        end=min(last + max(10, span // 8), date.max.toordinal()),
        left=left,
        width=max(CHART_WIDTH - left - 8, MIN_PLOT_WIDTH),
    )


def chart(
    title: str, rows: list[tuple[str, VersionLifecycle]], today: date, axis: Axis | None = None
) -> Chart:
    """Lay out one row per (label, version). Rows of the same event share a stripe colour."""
    axis = axis or axis_for((lc for _, lc in rows), today, label_width(label for label, _ in rows))
    laid: list[Row] = []
    stripe, previous_event = True, None
    for index, (label, lifecycle) in enumerate(rows):
        if lifecycle.event is not previous_event:
            stripe, previous_event = not stripe, lifecycle.event
        y = AXIS_HEIGHT + index * ROW_HEIGHT
        laid.append(
            Row(
                y=y,
                text_y=y + ROW_HEIGHT - 6,
                label=shorten(label, MAX_LABEL_CHARS),
                full_label=label,
                lifecycle=lifecycle,
                bars=_bars(lifecycle, axis, y),
                stripe=stripe,
            )
        )
    today_x = axis.x(today)
    return Chart(
        title=title,
        width=round(axis.left + axis.width + 8, 1),
        height=AXIS_HEIGHT + len(rows) * ROW_HEIGHT + FOOT_HEIGHT,
        left=axis.left,
        axis_y=AXIS_HEIGHT,
        rows=laid,
        ticks=axis.ticks(),
        today=today,
        today_x=today_x,
        today_anchor="end" if today_x > axis.left + axis.width * 0.75 else "start",
    )


def _bars(lifecycle: VersionLifecycle, axis: Axis, row_y: float) -> list[Bar]:
    bars = []
    for span in lifecycle.spans:
        x = axis.x(span.start)
        bars.append(
            Bar(
                x=x,
                y=row_y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                width=max(round(axis.x(span.end) - x, 1), 2.0),
                height=BAR_HEIGHT,
                phase=span.phase.value,
                start=span.start,
                end=span.end,
                open_end=span.end is None,
            )
        )
    return bars
