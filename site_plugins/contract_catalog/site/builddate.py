"""The date a build describes: fixed by an option or SOURCE_DATE_EPOCH, so a build is reproducible."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def resolve_build_date(option: str | date | None, environ: dict[str, str] | None = None) -> date:
    """The option if given, else SOURCE_DATE_EPOCH (seconds since 1970, UTC), else today (UTC).

    Raises ValueError with a readable message for an option or epoch that is not a date.
    """
    environ = os.environ if environ is None else environ
    if isinstance(option, date):  # the plugin option, already a date (see config_types.Date)
        return option
    if option:
        try:
            return date.fromisoformat(option)
        except ValueError:
            raise ValueError(f"build_date '{option}' is not a date of the form YYYY-MM-DD") from None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (ValueError, OverflowError):
            raise ValueError(f"SOURCE_DATE_EPOCH '{epoch}' is not a number of seconds") from None
    return datetime.now(tz=UTC).date()
