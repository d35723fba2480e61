"""What each catalog page is, in one line: its `<title>`
(exactly its subject) and the description a link preview shows.

A link to an event page pasted in a chat previews as "intake.matched v2 · produced by platform, consumed by
sales, growth, platform-warehouse", not as the site's description. Titles and descriptions are plain text
here; `head_tags` escapes them where they go into the page's head.
"""

from __future__ import annotations

import html
import re

from ..model.catalog import Contract, Domain, EventType
from ..model.lifecycle import Standing, State


def _names(names: list[str], none: str) -> str:
    return ", ".join(names) or none


def event_description(event: EventType, now: Standing) -> str:
    plain = now.state is State.ACTIVE and not (now.planned or now.in_window)
    versions = now.use_now.label if plain else now.summary
    return (
        f"{event.name} {versions} · produced by {event.producer or 'no registered domain'}, "
        f"consumed by {_names(event.consumers, 'nobody')}"
    )


def domain_title(domain: Domain) -> str:
    return f"Domain {domain.name}"


def domain_description(domain: Domain) -> str:
    produced, consumed = len(domain.produces), len(domain.consumes)
    text = (
        f"Domain {domain.name} · produces {produced} event type{'' if produced == 1 else 's'}, "
        f"consumes {consumed}"
    )
    return text + (f" · owned by {domain.owner_team}" if domain.owner_team else "")


def contract_description(contract: Contract) -> str:
    owned = _names(sorted(e.name for e in contract.events), "no event types")
    return f"Contract {contract.id} · owns {owned}"


_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)


def head_tags(page_html: str, title: str, description: str | None) -> str:
    """The page with `<title>` set to `title` and Open Graph title and description after it."""
    tags = [
        f"<title>{html.escape(title, quote=False)}</title>",
        f'<meta property="og:title" content="{html.escape(title)}">',
        '<meta property="og:type" content="website">',
    ]
    if description:
        tags.append(f'<meta property="og:description" content="{html.escape(description)}">')
    found = _TITLE.search(page_html, 0, page_html.find("</head>"))
    if found is None:
        return page_html
    return page_html[: found.start()] + "\n".join(tags) + page_html[found.end() :]
