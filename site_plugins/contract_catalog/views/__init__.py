"""The views of a catalog build: each adds sections and pages;
`base.py` is what they share and knows none of them.

A new capability is a new module here with a `CatalogView` subclass, listed in `VIEWS`.
"""

from __future__ import annotations

from .base import BuildContext, CatalogView
from .catalog_json import CatalogJsonView
from .changes import ChangesView
from .fields import FieldsView
from .graph import GraphView
from .mentions import MentionsView
from .payload import PayloadView
from .redirects import RedirectsView
from .retired import RetiredView
from .timeline import TimelineView

VIEWS: tuple[type[CatalogView], ...] = (
    PayloadView,
    ChangesView,
    TimelineView,
    GraphView,
    CatalogJsonView,
    MentionsView,
    FieldsView,
    RetiredView,
    RedirectsView,
)


def default_views(context: BuildContext) -> list[CatalogView]:
    """The views of a catalog build, in no particular order (sections carry their own order)."""
    return [view_class(context) for view_class in VIEWS]
