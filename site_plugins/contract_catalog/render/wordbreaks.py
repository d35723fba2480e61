"""Where a long dotted name may wrap: after its dots and underscores, never inside a word."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_SEPARATOR = re.compile(r"([._])(?=.)")


def breakable(name: str) -> Markup:
    """`name` escaped, with <wbr> after each `.` and `_`: intake.<wbr>captured, processor_<wbr>reference."""
    return Markup(_SEPARATOR.sub(r"\1<wbr>", str(escape(name))))
