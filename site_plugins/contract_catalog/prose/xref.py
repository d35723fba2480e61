"""Cross-references in contract prose: event types, contract paths, numbered sections and ADRs.

Contract documents and registry notes name each other in a few fixed forms. This module finds those forms
in Markdown source, resolves each to a page (and a heading anchor), and links them by adding Markdown link
syntax around the words: `[` before and `](url)` after. The text itself is never changed.

Forms recognised (contract names are matched without regard to case):

- Event types: a registered name as a whole token, plain or as a whole code span (`` `order.placed` ``);
  never part of a longer name (`order.placed.v2`, `sales.order.placed`, `order.placed-v1.json`).
- Paths under the contracts folder, plain or as a whole code span: a Markdown file links to its page, any
  other file to the published file, a contract's folder (`contracts/orders/`) to the contract's page.
- A named contract's section: `order-lifecycle §4.1`, `order-lifecycle contract §4`, `the envelope
  contract's §16`, `§16 of the envelope contract`, `§4.1 of order-lifecycle`. A contract is named by its
  folder name, that name with spaces for hyphens, either of them followed by "-contract", or the folder
  name without its first word when no other contract shares it (`envelope` for event-envelope).
- A document's section: `README.md §4.3` (a file relative to the document), `contracts/x/doc.md §2`,
  and `[text](doc.md) §1` (a section sign right after an existing link to a document).
- `contract §5`, `the contract's §5`, `§5 of this contract`: the README of the text's own contract
  (for a registry note: the event's owning contract).
- A bare `§4.2`: the document's own heading numbered 4.2, else the one in its contract's README. In a
  registry note: the README of the event's owning contract.
- Lists continue a reference: `order-lifecycle §4.1, §4.2 and §4.3`, `event-envelope §14 and §15`.
- `ADR-0009`: linked to its page when an ADR folder holds it, else through an URL pattern when one is given
  ({number} is the digits as written);
  plain text otherwise.

Links are never made in fenced or indented code, in code spans other than a whole event name or path, in
existing links, link reference definitions, headings, raw HTML, or bare URLs.

A reference that cannot be resolved is reported, never silently dropped: a section number no heading
carries (a renumbered section), a hyphenated name before `§N` that is not a contract of the tree
(`growth-api §3`), a named `.md` file or a `contracts/` path that does not exist.

Headings and their anchors come from `headings`; which parts of a text are prose, from
`zones`.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..model import urls
from ..model.catalog import EVENT_NAME, Catalog, ContractDocument
from .headings import Heading, HeadingIndex, Sections, section
from .name_finder import NameFinder, trie_alternatives
from .zones import (
    Line,
    Zone,
    classify_lines,
    code_content,
    inline_zones,
    masked_text,
    reference_labels,
    text_runs,
)

NUMBER = r"(?P<sign>§[ ]?(?P<num>\d+(?:\.\d+)*))(?!\w)"
GAP = r"[ \t\n]+"
POSSESSIVE = r"(?:'s|’s)?"
SIGN = re.compile(NUMBER)
LOOKBACK = 300  # how far before a section sign the name of its contract or document may start
ADR = re.compile(r"(?<![\w-])ADR-(?P<num>\d+)(?![\w-])")
# a page of the ADR folder: `0008-use-kafka.md`, `ADR-0008-...`
ADR_FILE = re.compile(r"(?i)^(?:adr-)?(\d+)\b")
UNKNOWN_CONTRACT = re.compile(rf"(?<![\w./-])(?P<name>[a-z][a-z0-9]*(?:-[a-z0-9]+)+){GAP}{NUMBER}")
OWN_BEFORE = re.compile(rf"(?<![\w-])contract{POSSESSIVE}{GAP}{NUMBER}")
OWN_AFTER = re.compile(rf"{NUMBER}{GAP}of{GAP}(?:the|this){GAP}contract(?![\w-])")
FILE_SECTION = re.compile(rf"(?<![\w./-])(?P<file>(?:[\w.-]+/)*[\w.-]+\.md){GAP}{NUMBER}")
BARE = re.compile(rf"(?<![\w-]){NUMBER}")
SECTION_AFTER = re.compile(rf"(?:{GAP}contract)?{POSSESSIVE}{GAP}{NUMBER}")
LIST_SEPARATOR = (
    rf"[ \t\n]*,[ \t\n]*(?:(?:and|or){GAP})?|{GAP}(?:and|or|to|through){GAP}|[ \t\n]*[–—/-][ \t\n]*"
)
CONTINUATION = re.compile(rf"(?:{LIST_SEPARATOR}){NUMBER}")
RELATIVE_MD = re.compile(r"^(?:[\w.-]+/)*[\w.-]+\.md$")
EXTERNAL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|/)")
# Ranks: which of two candidates with the same span wins (the lowest).
NAMED, OWN, UNKNOWN, BARE_RANK, OTHER = range(5)


# ----------------------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Target:
    """Where a reference leads: a file of the site (by its source path) and an anchor, or an outside URL."""

    src: str | None = None  # events/order.placed.md, contracts/orders/README.md, contracts/x/y.json
    anchor: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Reference:
    """One reference found in a text. It is linked when it has a target; a problem says why it cannot be."""

    kind: str  # event | path | section | adr
    start: int  # the link covers text[start:end]
    end: int
    line: int
    text: str
    target: Target | None = None
    event: str | None = None  # the event type named (kind "event")
    contract: str | None = None  # the contract referred to (sections and paths)
    problem: str | None = None
    heading: Heading | None = None  # the heading of the section the reference stands in


@dataclass(frozen=True)
class Mention:
    """An event type named in a text, with the heading of the section it stands in."""

    event: str
    line: int
    heading: Heading | None


@dataclass
class Scan:
    """What one text refers to. `contracts` lists every contract referred to (with its line and heading),
    by section, path or an existing Markdown link into its folder."""

    references: list[Reference] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    contracts: list[tuple[str, int, Heading | None]] = field(default_factory=list)

    @property
    def links(self) -> list[Reference]:
        return [r for r in self.references if r.target is not None]

    @property
    def unresolved(self) -> list[Reference]:
        return [r for r in self.references if r.problem is not None]


@dataclass(frozen=True)
class Source:
    """Where a text comes from: the document it is (or None for a registry note) and its contract."""

    document: str | None  # path inside the contracts folder: orders/README.md
    contract: str | None  # the contract whose README a bare § or "contract §N" means


# ----------------------------------------------------------------------------------------------------------
# Finding and resolving references


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str  # event | path | section | adr
    rank: int
    event: str | None = None
    contract: str | None = None
    document: str | None = None  # sections: the document (inside the contracts folder) holding the number
    number: str | None = None
    problem: str | None = None
    target: Target | None = None


class CrossReferences:
    """Finds and resolves references in the texts of one catalog."""

    def __init__(
        self,
        catalog: Catalog,
        adr_url: str | None = None,
        headings: HeadingIndex | None = None,
        adr_pages: dict[int, str] | None = None,
    ):
        self.catalog = catalog
        self.adr_url = adr_url
        self.adr_pages = adr_pages or {}
        self.index = headings or HeadingIndex()
        self.tree = catalog.tree
        self.documents = {d.rel: d for c in catalog.contracts.values() for d in c.all_documents}
        self.events = {name: e for name, e in catalog.events.items() if EVENT_NAME.match(name)}
        self.aliases = contract_aliases(catalog.contracts)
        self.event_pattern = NameFinder(self.events)  # same matches as an alternation of names, linear time
        names = trie_alternatives(self.aliases, GAP)  # an alternation of the names, one branch per letter
        name = rf"(?P<name>{names})(?:{GAP}contract)?"
        # "order-lifecycle §4.1", "the envelope contract's §16"; "§16 of the envelope contract"
        self.named = [
            re.compile(rf"(?<![\w./-]){name}{POSSESSIVE}{GAP}{NUMBER}", re.IGNORECASE),
            re.compile(rf"{NUMBER}{GAP}of{GAP}(?:the{GAP})?{name}(?![\w-])", re.IGNORECASE),
        ]
        root = re.escape(self.tree.root.name)
        self.path_pattern = re.compile(rf"(?<![\w./-]){root}/[\w.-][\w./-]*?(?=[.,;:]?(?:[^\w./<*{{-]|$))")

    # -- public ---------------------------------------------------------------------------------------

    def source_of(self, document: ContractDocument) -> Source:
        return Source(document.rel, document.rel.split("/", 1)[0])

    def read(self, document: ContractDocument) -> str:
        return (self.tree.root / document.rel).read_text(encoding="utf-8", errors="replace")

    def headings_of(self, rel: str) -> list[Heading]:
        """The headings of a document of the tree, by its path inside the contracts folder."""
        document = self.documents.get(rel)
        return self.index.headings(rel, self.read(document)) if document else []

    def scan(self, text: str, source: Source) -> Scan:
        """Every reference and event mention in a Markdown text."""
        own = self.headings_of(source.document) if source.document else []
        sections = Sections(own)
        lines = classify_lines(text)
        labels = reference_labels(text, lines)
        starts = [line.start for line in lines]
        runs = [(kind, inline_zones(text, start, end, labels)) for start, end, kind in text_runs(lines)]
        zones = [zone for kind, found in runs if kind == "prose" for zone in found]
        result = Scan()
        for position, name in self._mentions(text, lines, [z for _, found in runs for z in found], labels):
            line = _line_of(starts, position)
            result.mentions.append(Mention(name, line, sections.at(line)))
        prose = masked_text(text, lines, {"prose"}, ((z.start, z.end) for z in zones))
        for candidate in _choose(self._candidates(text, prose, zones, source)):
            line = _line_of(starts, candidate.start)
            reference = self._resolve(candidate, text, source, own, line, sections.at(line))
            result.references.append(reference)
            if reference.contract:
                result.contracts.append((reference.contract, line, reference.heading))
        for zone in zones:
            linked = self._linked_document(zone, source, any_file=True)
            if linked and linked.split("/", 1)[0] in self.catalog.contracts:
                line = _line_of(starts, zone.start)
                result.contracts.append((linked.split("/", 1)[0], line, sections.at(line)))
        result.contracts.sort(key=lambda item: item[1])
        return result

    def link(self, text: str, scan: Scan, href: Callable[[Target], str]) -> str:
        """The text with each resolved reference wrapped in a Markdown link; nothing else changes."""
        pieces: list[str] = []
        position = 0
        for reference in sorted(scan.links, key=lambda r: r.start):
            pieces += [
                text[position : reference.start],
                "[",
                text[reference.start : reference.end],
                f"]({href(reference.target)})",
            ]
            position = reference.end
        pieces.append(text[position:])
        return "".join(pieces)

    # -- finding --------------------------------------------------------------------------------------

    def _mentions(self, text: str, lines: list[Line], zones: list[Zone], labels: set[str]) -> list[tuple]:
        """(offset, event name) of each event type named in prose or headings, link texts included."""
        hidden: list[tuple[int, int]] = []
        found: list[tuple[int, str]] = []
        for zone in zones:
            if zone.kind == "code" and code_content(text, zone) in self.events:
                found.append((zone.start, code_content(text, zone)))
            if zone.kind == "link" and zone.text_end > zone.text_start:
                hidden += [(zone.start, zone.text_start), (zone.text_end, zone.end)]
                for inner in inline_zones(text, zone.text_start, zone.text_end, labels):
                    hidden.append((inner.start, inner.end))
                    if inner.kind == "code" and code_content(text, inner) in self.events:
                        found.append((inner.start, code_content(text, inner)))
            else:
                hidden.append((zone.start, zone.end))
        masked = masked_text(text, lines, {"prose", "heading"}, hidden)
        found += [(m.start(), m.group(0)) for m in self.event_pattern.finditer(masked)]
        return sorted(found)

    def _candidates(self, text: str, masked: str, zones: list[Zone], source: Source) -> list[_Candidate]:
        found: list[_Candidate] = []
        for match in self.event_pattern.finditer(masked):
            found.append(_Candidate(match.start(), match.end(), "event", OTHER, event=match.group(0)))
        for match in self.path_pattern.finditer(masked):
            found += self._path(match.start(), match.end(), match.group(0))
        for match in ADR.finditer(masked):
            found.append(_Candidate(match.start(), match.end(), "adr", OTHER, number=match.group("num")))
        signs = [sign.span() for sign in SIGN.finditer(masked)]
        for match in _ending_at(self.named[0], masked, signs) + _starting_at(self.named[1], masked, signs):
            contract = self.aliases[" ".join(match.group("name").lower().split())]
            found.append(self._section(match, NAMED, contract=contract, document=self._readme(contract)))
        for match in _ending_at(FILE_SECTION, masked, signs):
            found.append(self._file_section(match, match.group("file"), source))
        for match in _ending_at(OWN_BEFORE, masked, signs) + _starting_at(OWN_AFTER, masked, signs):
            problem = None if source.contract else "this text belongs to no contract"
            found.append(
                self._section(
                    match,
                    OWN,
                    contract=source.contract,
                    document=self._readme(source.contract),
                    problem=problem,
                )
            )
        for match in _ending_at(UNKNOWN_CONTRACT, masked, signs):
            found.append(
                self._section(
                    match, UNKNOWN, problem=f"'{match.group('name')}' is not a contract of this tree"
                )
            )
        for match in BARE.finditer(masked):
            found.append(self._section(match, BARE_RANK, contract=source.contract))
        for zone in zones:
            found += self._after_zone(text, masked, zone, source)
        for candidate in [c for c in found if c.kind == "section" and c.rank != BARE_RANK]:
            found += self._continued(masked, candidate)  # a bare number continued is just as bare
        return found

    def _section(self, match: re.Match, rank: int, **fields) -> _Candidate:
        return _Candidate(match.start(), match.end(), "section", rank, number=match.group("num"), **fields)

    def _file_section(
        self, match: re.Match, written: str, source: Source, start: int | None = None
    ) -> _Candidate:
        document = self._document_named(written, source)
        problem = None if document else f"'{written}' is not a document of this tree"
        candidate = self._section(
            match,
            NAMED,
            document=document,
            problem=problem,
            contract=document.split("/", 1)[0] if document else None,
        )
        candidate.start = match.start() if start is None else start
        return candidate

    def _after_zone(self, text: str, masked: str, zone: Zone, source: Source) -> list[_Candidate]:
        """A code span naming an event, a path, a document or a contract, or a link followed by `§N`."""
        found: list[_Candidate] = []
        after = SECTION_AFTER.match(masked, zone.end)
        if zone.kind == "code":
            content = code_content(text, zone)
            if content in self.events:
                found.append(_Candidate(zone.start, zone.end, "event", OTHER, event=content))
            elif self.path_pattern.fullmatch(content):
                found += self._path(zone.start, zone.end, content)
            if after and RELATIVE_MD.match(content):
                found.append(self._file_section(after, content, source, start=zone.start))
            elif after and " ".join(content.lower().split()) in self.aliases:
                contract = self.aliases[" ".join(content.lower().split())]
                candidate = self._section(after, NAMED, contract=contract, document=self._readme(contract))
                candidate.start = zone.start
                found.append(candidate)
        elif zone.kind == "link" and after and (document := self._linked_document(zone, source)):
            candidate = self._section(after, NAMED, document=document, contract=document.split("/", 1)[0])
            candidate.start = after.start("sign")
            found.append(candidate)
        return found

    def _continued(self, masked: str, first: _Candidate) -> list[_Candidate]:
        """`§4.1, §4.2 and §4.3`: numbers listed after a section reference belong to the same document."""
        found: list[_Candidate] = []
        previous = first
        while (match := CONTINUATION.match(masked, previous.end)) is not None:
            previous = _Candidate(
                match.start("sign"),
                match.end(),
                "section",
                first.rank,
                contract=first.contract,
                document=first.document,
                number=match.group("num"),
                problem=first.problem,
            )
            found.append(previous)
        return found

    def _path(self, start: int, end: int, written: str) -> list[_Candidate]:
        rel = written.split("/", 1)[1]
        target, problem = self._path_target(rel)
        if target is None and problem is None:
            return []
        first = rel.split("/", 1)[0]
        contract = first if first in self.catalog.contracts else None
        return [_Candidate(start, end, "path", OTHER, contract=contract, problem=problem, target=target)]

    # -- resolving ------------------------------------------------------------------------------------

    def _resolve(
        self,
        candidate: _Candidate,
        text: str,
        source: Source,
        own: list[Heading],
        line: int,
        heading: Heading | None,
    ) -> Reference:
        target, problem = candidate.target, candidate.problem
        if candidate.kind == "event":
            target = Target(src=urls.event_page(self.events[candidate.event]))
        elif candidate.kind == "adr" and int(candidate.number) in self.adr_pages:
            target = Target(src=self.adr_pages[int(candidate.number)])
        elif candidate.kind == "adr" and self.adr_url:
            target = Target(url=self.adr_url.replace("{number}", candidate.number))
        elif candidate.kind == "section" and problem is None:
            target, problem = self._section_target(candidate, text, source, own)
        written = text[candidate.start : candidate.end]
        return Reference(
            candidate.kind,
            candidate.start,
            candidate.end,
            line,
            written,
            target,
            candidate.event,
            candidate.contract,
            problem,
            heading,
        )

    def _section_target(self, candidate: _Candidate, text: str, source: Source, own: list[Heading]) -> tuple:
        """The heading a section number names, or why there is none."""
        number, written = candidate.number, " ".join(text[candidate.start : candidate.end].split())
        if candidate.rank == BARE_RANK:
            places = [source.document] if source.document else []
            readme = self._readme(source.contract)
            if readme and readme != source.document:
                places.append(readme)
        elif candidate.document is None:
            return None, f"'{written}': contract '{candidate.contract}' has no README.md to hold §{number}"
        else:
            places = [candidate.document]
        for document in places:
            found = section(own if document == source.document else self.headings_of(document), number)
            if found:
                return Target(src=urls.document_page(self.documents[document]), anchor=found.anchor), None
        if not places:
            return None, f"'{written}' names no contract, and this text belongs to none"
        paths = [f"{self.tree.root.name}/{document}" for document in places]
        if len(paths) > 1:
            return None, f"'{written}': neither {' nor '.join(paths)} has a heading numbered {number}"
        return None, f"'{written}': {paths[0]} has no heading numbered {number}"

    def _readme(self, contract: str | None) -> str | None:
        found = self.catalog.contracts.get(contract) if contract else None
        return found.readme.rel if found and found.readme else None

    def _path_target(self, rel: str) -> tuple[Target | None, str | None]:
        """A path inside the contracts folder: its page, its published file, or its contract's page."""
        path = self.tree.root / rel
        written = f"{self.tree.root.name}/{rel}"
        try:
            if ".." in Path(rel).parts or not self.tree.contains(path):
                return None, f"'{written}' is outside {self.tree.root.name}/"
            if path.is_file():
                return Target(src=f"contracts/{rel}"), None
            if path.is_dir():
                contract = self.catalog.contracts.get(rel.rstrip("/"))
                return (Target(src=urls.contract_page(contract)), None) if contract else (None, None)
        except OSError as error:
            return None, f"'{written}' cannot be read ({error.strerror})"
        return None, f"'{written}' does not exist"

    def _document_named(self, written: str, source: Source) -> str | None:
        """A Markdown file named in a text: from the repository root, or relative to the text's document."""
        prefix = self.tree.root.name + "/"
        if written.startswith(prefix):
            rel = written[len(prefix) :]
        elif source.document:
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(source.document), written))
        else:
            return None
        return rel if rel in self.documents else None

    def _linked_document(self, zone: Zone, source: Source, any_file: bool = False) -> str | None:
        """The file of the tree an existing link leads to (a Markdown document unless any_file)."""
        path = zone.destination.split("#", 1)[0]
        if zone.kind != "link" or not path or EXTERNAL.match(path) or source.document is None:
            return None
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(source.document), path))
        if rel.startswith("../") or rel == "..":
            return None
        return rel if any_file or rel in self.documents else None


def contract_aliases(contracts: Iterable[str]) -> dict[str, str]:
    """Names by which a text refers to a contract, in lower case, mapped to its folder name.

    Each folder name, with hyphens or with spaces, alone or followed by "-contract"; and the folder name
    without its first word (`envelope` for event-envelope) when no other contract would share it.
    """
    aliases: dict[str, str] = {}
    shortened: dict[str, list[str]] = {}
    for contract in contracts:
        for name in (contract.lower(), contract.lower().replace("-", " ")):
            aliases[name] = aliases[f"{name}-contract"] = contract
        if "-" in contract:
            shortened.setdefault(contract.lower().split("-", 1)[1], []).append(contract)
    for short, owners in shortened.items():
        if len(owners) == 1:
            for name in (short, short.replace("-", " ")):
                aliases.setdefault(name, owners[0])
                aliases.setdefault(f"{name}-contract", owners[0])
    return aliases


def _ending_at(pattern: re.Pattern, masked: str, signs: list[tuple[int, int]]) -> list[re.Match]:
    """Matches of a pattern that ends with a section number, looked for only just before each section sign."""
    found: dict[tuple[int, int], re.Match] = {}
    for sign, number_end in signs:
        for match in pattern.finditer(masked, max(0, sign - LOOKBACK), number_end):
            if match.start("sign") == sign:
                found.setdefault(match.span(), match)
    return list(found.values())


def _starting_at(pattern: re.Pattern, masked: str, signs: list[tuple[int, int]]) -> list[re.Match]:
    """Matches of a pattern that starts with a section number, at each section sign."""
    return [match for sign, _ in signs if (match := pattern.match(masked, sign)) is not None]


def _choose(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: the earliest first, then the longest, then the best ranked."""
    chosen: list[_Candidate] = []
    end = -1
    for candidate in sorted(candidates, key=lambda c: (c.start, -c.end, c.rank)):
        if candidate.start >= end:
            chosen.append(candidate)
            end = candidate.end
    return chosen


def _line_of(starts: list[int], offset: int) -> int:
    """The 1-based number of the line holding an offset, given where each line starts."""
    return bisect.bisect_right(starts, offset)


def markdown_href(from_src: str, site_file: Callable[[str], str] = str) -> Callable[[Target], str]:
    """Links for a page's Markdown: paths relative to its source file, which MkDocs resolves and checks.

    `site_file` turns the catalog's names into the site's (SiteUrls.file: the prefix, pages outside it).
    """

    def href(target: Target) -> str:
        if target.url:
            return quote(target.url, safe=":/?#@!$&'*+,;=%~")
        here = posixpath.dirname(site_file(from_src)) or "."
        path = "" if target.src == from_src else posixpath.relpath(site_file(target.src), here)
        return quote(path, safe="/.-_~") + (f"#{target.anchor}" if target.anchor else "")

    return href


def adr_pages(src_uris: Iterable[str], adr_dir: str | None) -> dict[int, str]:
    """ADR number -> page, for the Markdown files of docs/<adr_dir> named `0008-...` or `ADR-0008-...`.

    `src_uris`: the site's own pages, as MkDocs names them (`adr/0008-use-kafka.md`).
    """
    if not adr_dir:
        return {}
    prefix = adr_dir.strip("/") + "/"
    found: dict[int, str] = {}
    for src_uri in src_uris:
        name = src_uri.removeprefix(prefix)
        match = ADR_FILE.match(name) if src_uri.startswith(prefix) and "/" not in name else None
        if match:
            found.setdefault(int(match.group(1)), src_uri)
    return found
