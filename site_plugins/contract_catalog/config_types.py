"""Option types of the plugin: they take what YAML gives and refuse the rest with a message naming the value.

YAML reads `build_date: 2026-05-20` as a date and `deprecation_window_days: yes` as a boolean; MkDocs' plain
`Type` options would refuse the first and accept the second. These accept the first and refuse the second,
the way Material's blog plugin normalises its post dates before validating them.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from mkdocs.config.base import ValidationError
from mkdocs.config.config_options import OptionallyRequired


class Date(OptionallyRequired[date]):
    """A day: a YAML date (`2026-05-20`) or the same text quoted ("2026-05-20")."""

    def run_validation(self, value: object) -> date:
        if isinstance(value, datetime):  # a subclass of date: the time of day does not matter here
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValidationError(f"expected a date of the form YYYY-MM-DD, got {value!r}")


class Count(OptionallyRequired[int]):
    """A whole number with a lower bound; `true` is not 1 and `"14"` is not 14."""

    def __init__(self, unit: str, minimum: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.unit, self.minimum = unit, minimum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"expected a whole number of {self.unit}, got {value!r}")
        if value < self.minimum:
            raise ValidationError(f"expected {self.minimum} or more {self.unit}, got {value}")
        return value


class WebUrl(OptionallyRequired[str]):
    """An http(s) URL, optionally required to hold a placeholder such as `{number}`."""

    def __init__(self, placeholder: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.placeholder = placeholder

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.startswith(("http://", "https://", "/")):
            raise ValidationError(
                f"expected an http:// or https:// URL (or a path from the site root), got {value!r}"
            )
        if self.placeholder and self.placeholder not in value:
            raise ValidationError(
                f"expected a URL with {self.placeholder} where the number goes, got {value!r}"
            )
        return value


class Prefix(OptionallyRequired[str]):
    """A folder of the site for the catalog: `catalog` or `/platform/catalog/` -> `catalog/`; empty: root."""

    SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"expected a folder such as 'catalog', got {value!r}")
        segments = [segment for segment in value.strip().strip("/").split("/") if segment]
        bad = [segment for segment in segments if not self.SEGMENT.match(segment)]
        if bad:
            raise ValidationError(
                f"expected a folder of letters, digits, '.', '_' and '-' such as 'catalog', got {value!r}"
            )
        return "".join(f"{segment}/" for segment in segments)
