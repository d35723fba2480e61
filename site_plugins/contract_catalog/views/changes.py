"""Schema evolution on the site: what each version changed from the one before, and the tree's history.

The comparisons themselves live in schema/compat.py (fields), history/changes.py (registries) and
history/commit_log.py (git history); this view only decides where they appear: between consecutive versions on
an event page, and on /changes/.
"""

from __future__ import annotations

from functools import cached_property

from ..core.problems import Problem, Severity
from ..history.commit_log import History, history
from ..history.revisions import shallow_boundary
from ..model.catalog import EventType, SchemaVersion
from ..model.urls import event_page
from ..render.renderer import GeneratedPage, Section
from ..schema.compat import compare_schemas
from ..schema.compat_report import Change, CompatReport
from .base import CatalogView

CHANGES_PAGE = "changes/index.md"
HISTORY_LIMIT = 100  # commits shown; older history stays in git


class ChangesView(CatalogView):
    def version_sections(self, event: EventType, version: SchemaVersion, src_uri: str) -> list[Section]:
        previous = _previous(event, version)
        if previous is None:
            return []
        html = self.context.renderer.render_fragment(
            "partials/version_changes.j2",
            src_uri,
            version=version,
            previous=previous,
            report=(report := self._compare(previous, version)),
            changes=breaking_first(report.changes) if report else [],
            old_paths=self._field_paths(previous),
            new_paths=self._field_paths(version),
        )
        return [
            Section(
                title=f"Changes from {previous.label}",
                anchor=f"changes-{version.anchor}",
                html=html,
                order=30,
            )
        ]

    def _compare(self, old: SchemaVersion, new: SchemaVersion) -> CompatReport | None:
        """None when either side has no readable schema: there is nothing to compare."""
        loader = self.context.schemas.loader
        sides = []
        for version in (old, new):
            loaded = (
                loader.load(version.payload_schema)
                if version.payload_schema and version.schema_path_ok
                else None
            )
            if loaded is None or not isinstance(loaded.contents, (dict, bool)):
                return None
            sides.append((loaded.contents, loader.resolver_for(version.payload_schema)))
        (old_schema, old_resolver), (new_schema, new_resolver) = sides
        return compare_schemas(old_schema, new_schema, old_resolver=old_resolver, new_resolver=new_resolver)

    def _field_paths(self, version: SchemaVersion) -> set[str]:
        """Fields that have a row (and so an anchor) in the version's table."""
        if not (version.payload_schema and version.schema_path_ok):
            return set()
        return set(self.context.schemas.summary(version.payload_schema, version.version or 0).field_paths)

    @cached_property
    def history(self) -> History:
        tree = self.context.catalog.tree
        return history(tree.base, tree.root.name, max_count=HISTORY_LIMIT)

    def pages(self) -> list[GeneratedPage]:
        catalog = self.context.catalog
        return [
            self.context.renderer.render(
                "changes.md.j2",
                CHANGES_PAGE,
                history=self.history,
                limit=HISTORY_LIMIT,
                events=catalog.events,
                event_page=event_page,
                breaking_first=breaking_first,
            ).titled(
                "Changes",
                "Every commit that changed the contracts folder, with the registry and schema fields "
                "it changed and each change's compatibility verdict",
            )
        ]

    def problems(self) -> list[Problem]:
        """A shallow checkout makes /changes/ wrong, not just short:
        its oldest commit would seem to add all."""
        tree = self.context.catalog.tree
        if not shallow_boundary(tree.root):
            return []
        return [
            Problem(
                f"{tree.display(tree.root)}/",
                "the git checkout is shallow, so /changes/ cannot tell what "
                "its oldest fetched commit changed, and what was removed before it keeps no page (tombstone "
                "or redirect); fetch the full history (actions/checkout with "
                "fetch-depth: 0, or git fetch --unshallow)",
                severity=Severity.WARNING,
                code="shallow-history",
            )
        ]

    def nav_entries(self) -> list[tuple[str, str]]:
        return [("Changes", CHANGES_PAGE)]


def breaking_first(changes: list[Change]) -> list[Change]:
    """Field changes that break a compatibility mode first, each group in the comparison's order."""
    return sorted(changes, key=lambda change: not change.breaks)


def _previous(event: EventType, version: SchemaVersion) -> SchemaVersion | None:
    """The version numbered just below this one, if any."""
    if version.version is None:
        return None
    older = [v for v in event.versions if v.version is not None and v.version < version.version]
    return max(older, key=lambda v: v.version) if older else None
