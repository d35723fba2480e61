"""Payload schemas rendered for humans: field rows, references, branches, examples, escaping, robustness."""

from __future__ import annotations

import json
import socket
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from contract_catalog.core.problems import Severity
from contract_catalog.core.safe_files import ContractsTree
from contract_catalog.model.urls import SiteUrls
from contract_catalog.render.renderer import PageRenderer
from contract_catalog.render.schema_html import render_payload
from contract_catalog.schema.document import SchemaDoc, read_document
from contract_catalog.schema.loading import SchemaLoader
from contract_catalog.schema.rows import FieldRow
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RENDERER = PageRenderer(SiteUrls())  # the build's one template environment

FIXTURES = Path(__file__).resolve().parent / "schemas"
REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- helpers


@dataclass
class Element:
    """A parsed HTML element, enough to look things up by tag, class and id."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, class_: str | None = None) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (class_ is None or class_ in e.attrs.get("class", "").split())
        ]

    def find(self, tag: str | None = None, class_: str | None = None) -> Element | None:
        found = self.find_all(tag, class_)
        return found[0] if found else None

    def by_id(self, element_id: str) -> Element:
        matches = [e for e in self.iter() if e.attrs.get("id") == element_id]
        assert len(matches) == 1, f"{len(matches)} elements with id {element_id!r}"
        return matches[0]


VOID = {"area", "base", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(str(html))
    builder.close()
    return builder.root


@pytest.fixture
def loader() -> SchemaLoader:
    return SchemaLoader(ContractsTree(FIXTURES / "contracts"))


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the schema renderer tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def doc_of(loader: SchemaLoader, name: str, version: int = 1) -> SchemaDoc:
    return read_document(loader, f"contracts/payloads/{name}.json", version)


def rows(doc: SchemaDoc) -> dict[str, FieldRow]:
    """Rows by anchor (unique, unlike paths, which repeat across branches)."""
    return {row.anchor: row for row in doc.fields}


def row(doc: SchemaDoc, path: str, branch: str | None = None) -> FieldRow:
    matches = [r for r in doc.fields if r.path == path and r.branch == branch]
    assert len(matches) == 1, f"{len(matches)} rows for {path!r} in branch {branch!r}"
    return matches[0]


def constraint(r: FieldRow, name: str) -> tuple[str, ...]:
    found = [c.values for c in r.constraints if c.name == name]
    assert found, f"{r.path} has no {name} constraint: {r.constraints}"
    return found[0]


def rendered(doc: SchemaDoc, url: str = "../schemas/x.json") -> Element:
    return parse(render_payload(RENDERER, doc, schema_url=url))


def html_row(page: Element, anchor: str) -> Element:
    return page.by_id(anchor)


def cell(tr: Element, part: str) -> Element:
    """A part of a field row: path (name, required-ness, description), description, type or constraints."""
    found = tr.find(class_=f"cc-field-{part}")
    assert found is not None, f"the row has no {part}"
    return found


# ---------------------------------------------------------------- field rows


def test_nested_objects_and_array_items_flatten_to_dotted_paths(loader):
    doc = doc_of(loader, "basic")
    paths = [r.path for r in doc.fields]
    assert paths[:4] == [
        "order_id",
        "submission_summary",
        "submission_summary.first_name",
        "submission_summary.nickname",
    ]
    assert "items[].sku" in paths and "items[].quantity" in paths
    assert "items[]" not in paths  # a plain object item: its members carry the detail
    assert "tags[]" in paths  # a scalar item with an enum gets its own row
    assert row(doc, "items").type_label == "array of object"
    assert row(doc, "tags").type_label == "array of string"


def test_type_list_with_null_reads_as_nullable(loader):
    doc = doc_of(loader, "basic")
    assert row(doc, "submission_summary.nickname").type_label == "string | null"
    page = rendered(doc)
    tr = html_row(page, "v1-submission_summary.nickname")
    assert cell(tr, "type").text() == "string | null"


def test_required_is_marked_also_for_properties_without_type(loader):
    doc = doc_of(loader, "basic")
    assert row(doc, "note").required and row(doc, "note").type_label == "any"
    assert row(doc, "anything").required
    assert not row(doc, "status").required
    assert row(doc, "items[].sku").required
    page = rendered(doc)
    assert html_row(page, "v1-note").find(class_="cc-required").text() == "required"
    assert html_row(page, "v1-status").find(class_="cc-required") is None


def test_constraints_list_enum_const_format_pattern_bounds_default_and_examples(loader):
    doc = doc_of(loader, "basic")
    assert constraint(row(doc, "order_id"), "pattern") == ('"^ord_[0-9a-z]{12}$"',)
    assert constraint(row(doc, "order_id"), "minLength") == ("16",)
    assert constraint(row(doc, "status"), "enum") == ('"open"', '"closed"')
    assert constraint(row(doc, "status"), "default") == ('"open"',)
    assert constraint(row(doc, "status"), "examples") == ('"open"',)
    assert constraint(row(doc, "placed_at"), "format") == ('"date-time"',)
    assert constraint(row(doc, "items[].sku"), "const") == ('"SKU-1"',)
    quantity = row(doc, "items[].quantity")
    assert [constraint(quantity, k) for k in ("minimum", "maximum", "multipleOf")] == [
        ("1",),
        ("10",),
        ("1",),
    ]
    assert constraint(row(doc, "items"), "uniqueItems") == ("true",)
    assert constraint(row(doc, "score"), "exclusiveMinimum") == ("0",)
    tr = html_row(rendered(doc), "v1-status")
    names = [e.text() for e in tr.find_all(class_="cc-constraint-name")]
    assert names == ["enum", "default", "examples"]
    assert [c.text() for c in cell(tr, "constraints").find_all("code")][:2] == ['"open"', '"closed"']


def test_deprecated_property_is_shown_and_marked(loader):
    doc = doc_of(loader, "basic")
    legacy = row(doc, "legacy_code")
    assert legacy.deprecated and legacy.description == "Replaced by order_id."
    tr = html_row(rendered(doc), "v1-legacy_code")
    assert "cc-field--deprecated" in tr.attrs["class"]
    assert tr.find(class_="cc-badge--deprecated").text() == "deprecated"


def test_closed_objects_say_so(loader):
    doc = doc_of(loader, "basic")
    assert doc.closed
    assert row(doc, "submission_summary").closed and not row(doc, "items").closed
    page = rendered(doc)
    assert page.find(class_="cc-payload-summary").find(class_="cc-closed") is not None
    assert html_row(page, "v1-submission_summary").find(class_="cc-closed") is not None


def test_unknown_keywords_are_shown_raw(loader):
    score = row(doc_of(loader, "basic"), "score")
    assert constraint(score, "x-owner") == ('{"team": "sales"}',)
    assert [c.raw for c in score.constraints if c.name == "x-owner"] == [True]
    weird = row(doc_of(loader, "odd"), "weird")
    assert constraint(weird, "x-unknown") == ("[1, 2]",)
    assert not [c for c in weird.constraints if c.name == "$comment"]


def test_descriptions_are_rendered_as_markdown(loader):
    tr = html_row(rendered(doc_of(loader, "basic")), "v1-order_id")
    description = cell(tr, "description")
    assert description.find("code").text() == "ord_"


# ---------------------------------------------------------------- anchors


def test_anchor_is_derived_from_version_and_path_only(loader):
    first = doc_of(loader, "basic", version=2)
    again = read_document(
        SchemaLoader(ContractsTree(FIXTURES / "contracts")), "contracts/payloads/basic.json", 2
    )
    assert row(first, "submission_summary.first_name").anchor == "v2-submission_summary.first_name"
    assert row(first, "items[].sku").anchor == "v2-items[].sku"
    assert [r.anchor for r in first.fields] == [r.anchor for r in again.fields]
    assert row(doc_of(loader, "basic", version=7), "order_id").anchor == "v7-order_id"


def test_every_row_has_its_anchor_as_id_and_a_visible_copy_link(loader):
    doc = doc_of(loader, "basic")
    page = rendered(doc)
    for field_row in doc.fields:
        tr = html_row(page, field_row.anchor)
        link = tr.find("a", class_="cc-anchor")
        assert link.attrs["href"] == "#" + field_row.anchor
        assert link.text().strip()
        assert tr.find("code").text() == field_row.path


# ---------------------------------------------------------------- references


def test_cross_file_ref_shows_the_resolved_fields_and_where_they_come_from(loader):
    doc = doc_of(loader, "cross_file")
    amount = row(doc, "amount")
    assert amount.ref_source == "contracts/shared/defs.json#/$defs/money"
    assert amount.description == "What the customer paid."  # the sibling wins over the shared text
    assert amount.closed and amount.title == "Money amount"
    assert row(doc, "amount.amount_cents").required and row(doc, "amount.currency").required
    assert constraint(row(doc, "amount.currency"), "enum") == ('"USD"', '"CAD"')
    zip_row = row(doc, "submission_summary.zip")
    assert zip_row.type_label == "string" and constraint(zip_row, "pattern") == ('"^[0-9]{5}$"',)
    note = html_row(rendered(doc), "v1-amount").find(class_="cc-ref-source")
    assert note.find("code").text() == "contracts/shared/defs.json#/$defs/money"


def test_nullable_anyof_of_a_ref_reads_as_one_nullable_row(loader):
    doc = doc_of(loader, "cross_file")
    refunded = row(doc, "refunded")
    assert refunded.type_label == "object | null"
    assert refunded.ref_source == "contracts/shared/defs.json#/$defs/money"
    assert refunded.description.startswith("Refunded amount")
    assert row(doc, "refunded.currency").required


def test_in_file_ref_names_its_definition(loader):
    assert row(doc_of(loader, "draft04"), "shipping").ref_source == "#/definitions/address"


def test_resolver_for_dereferences_relative_refs_from_the_file(loader):
    resolver = loader.resolver_for("contracts/payloads/cross_file.json")
    resolved = resolver.lookup("../shared/defs.json#/$defs/zip")
    assert resolved.contents["pattern"] == "^[0-9]{5}$"


def test_recursive_refs_are_shown_once_and_marked(loader):
    doc = doc_of(loader, "recursive")
    paths = [r.path for r in doc.fields]
    assert paths == [
        "tree",
        "tree.value",
        "tree.children",
        "tree.children[]",
        "tree.parent",
        "category",
        "category.name",
        "category.children",
        "category.children[]",
        "self",
    ]
    children = row(doc, "tree.children[]")
    assert children.recursive and children.recursive_target == "v1-tree"
    assert children.type_label == "object" and row(doc, "tree.children").type_label == "array of object"
    shared = row(doc, "category.children[]")  # a cycle inside another file
    assert shared.recursive and shared.ref_source == "contracts/shared/defs.json#/$defs/category"
    assert row(doc, "self").recursive and row(doc, "self").recursive_target is None
    tr = html_row(rendered(doc), "v1-tree.parent")
    assert tr.find(class_="cc-badge--recursive").text() == "recursive"
    assert tr.find(class_="cc-recursive-note").find("a").attrs["href"] == "#v1-tree"


def test_remote_ref_is_linked_with_a_warning_and_never_fetched(loader, no_network):
    doc = doc_of(loader, "remote")
    address = row(doc, "address")
    assert address.remote_ref == "https://schemas.example.com/address.json"
    warnings = [p for p in doc.problems if p.code == "remote-ref"]
    assert {(p.file, p.pointer, p.severity) for p in warnings} == {
        ("contracts/payloads/remote.json", "/properties/address/$ref", Severity.WARNING),
        ("contracts/payloads/remote.json", "/properties/party/$ref", Severity.WARNING),
    }
    assert not [p for p in doc.problems if p.code == "invalid-example"]  # the remote part is not checked
    page = rendered(doc)
    link = html_row(page, "v1-address").find(class_="cc-remote-ref").find("a")
    assert link.attrs["href"] == "https://schemas.example.com/address.json"
    urn = html_row(page, "v1-party").find(class_="cc-remote-ref")
    assert urn.find("a") is None and urn.find("code").text() == "urn:example:party"


def test_refs_leaving_the_tree_are_refused_with_a_problem(loader):
    doc = doc_of(loader, "escaping")
    by_pointer = {p.pointer: p for p in doc.problems}
    assert by_pointer["/properties/secret/$ref"].code == "ref-refused"
    assert "outside" in by_pointer["/properties/secret/$ref"].message
    assert by_pointer["/properties/absolute/$ref"].code == "ref-refused"
    assert "does not exist" in by_pointer["/properties/missing/$ref"].message
    assert by_pointer["/properties/bad_pointer/$ref"].code == "unresolvable-ref"
    assert all(p.file == "contracts/payloads/escaping.json" for p in doc.problems)
    assert "outside.json" in constraint(row(doc, "secret"), "$ref")[0]
    assert "A file beside the contracts folder" not in str(render_payload(RENDERER, doc, schema_url="x.json"))


# ---------------------------------------------------------------- combinators


def test_oneof_branches_are_labelled_by_title_or_discriminating_const(loader):
    doc = doc_of(loader, "branches")
    assert row(doc, "confirmed_at", "Confirm").required
    assert row(doc, "denial_reason", 'decision = "deny"').required
    deny_decision = row(doc, "decision", 'decision = "deny"')
    assert constraint(deny_decision, "const") == ('"deny"',)
    assert deny_decision.description == "Which shape follows."  # the branch narrows the parent's field
    assert row(doc, "decision").anchor == "v1-decision"
    assert len({r.anchor for r in doc.fields}) == len(doc.fields)
    assert row(doc, "outcome").type_label == 'one of: kind = "paid", kind = "waived"'
    assert row(doc, "outcome.paid_at", 'kind = "paid"').required
    assert not row(doc, "outcome.reason", 'kind = "waived"').required
    assert [c.values for c in doc.constraints if c.name == "oneOf"] == [("Confirm", 'decision = "deny"')]
    tr = html_row(rendered(doc), row(doc, "confirmed_at", "Confirm").anchor)
    assert tr.find(class_="cc-branch").text() == "Confirm"


def test_oneof_of_plain_types_lists_each_option_with_its_constraints(loader):
    amount = row(doc_of(loader, "branches"), "amount")
    assert amount.type_label == "one of: integer, string"
    assert constraint(amount, "oneOf") == ("integer", 'string (pattern "^[0-9]+$")')


def test_allof_members_are_merged_into_one_object(loader):
    doc = doc_of(loader, "branches")
    assert row(doc, "audit").type_label == "object"
    assert row(doc, "audit.created_by").required and row(doc, "audit.created_at").required
    assert row(doc, "audit.created_at").branch is None


def test_if_then_else_rows_are_labelled_with_the_condition(loader):
    doc = doc_of(loader, "draft07")
    then = row(doc, "postal_code", 'if country = "CA"')
    otherwise = row(doc, "postal_code", 'unless country = "CA"')
    assert constraint(then, "pattern") != constraint(otherwise, "pattern")


def test_dependent_required_and_dependent_schemas(loader):
    doc = doc_of(loader, "odd")
    phone = row(doc, "phone")
    assert phone.required_if == ["email"] and not phone.required
    assert row(doc, "phone_verified", "when phone is present").type_label == "boolean"
    path_cell = cell(html_row(rendered(doc), "v1-phone"), "path")
    assert path_cell.find(class_="cc-required-if").find("code").text() == "email"


# ---------------------------------------------------------------- dialects and odd shapes


def test_draft04_items_list_definitions_exclusive_flags_and_dependencies(loader):
    doc = doc_of(loader, "draft04")
    assert doc.dialect == "draft-04"
    assert row(doc, "point").type_label == "array: [number, number]"
    assert row(doc, "point[0]").type_label == "number" and row(doc, "point[1]").type_label == "number"
    assert constraint(row(doc, "size"), "exclusiveMaximum") == ("true",)
    assert row(doc, "billing_address").required_if == ["credit_card"]
    assert row(doc, "carrier", "when shipping is present").required
    assert row(doc, "shipping.street").type_label == "string"
    assert not doc.problems


def test_draft07_keywords_beside_ref_are_ignored_with_a_warning(loader):
    doc = doc_of(loader, "draft07")
    when = row(doc, "when")
    assert when.description == "Shown: an annotation."
    assert not [c for c in when.constraints if c.name == "maxLength"]
    (warning,) = [p for p in doc.problems if p.code == "ref-siblings-ignored"]
    assert warning.pointer == "/properties/when" and "maxLength" in warning.message


def test_boolean_empty_pattern_and_tuple_schemas_render(loader):
    doc = doc_of(loader, "odd")
    assert row(doc, "always").type_label == "any"
    assert row(doc, "never").type_label == "no value (false schema)"
    assert row(doc, "empty").type_label == "any"
    assert row(doc, "labels./^x-/").type_label == "string"
    assert row(doc, "labels.*").type_label == "integer"
    assert row(doc, "pair").type_label == "array: [string, integer]"
    assert row(doc, "pair[1]").type_label == "integer"
    page = rendered(doc)
    assert html_row(page, "v1-labels./^x-/").find("code").text() == "labels./^x-/"


def test_a_boolean_root_schema_renders(tmp_path):
    schema_dir = tmp_path / "contracts"
    schema_dir.mkdir()
    (schema_dir / "yes.json").write_text("true")
    doc = read_document(SchemaLoader(ContractsTree(schema_dir)), "contracts/yes.json", 1)
    assert doc.fields == [] and doc.type_label == "any"
    assert parse(render_payload(RENDERER, doc, schema_url="yes.json")).find(class_="cc-no-fields") is not None


def test_a_ref_inside_a_subschema_with_its_own_id_resolves_against_that_id(tmp_path):
    """`box`'s `#/$defs/a` is box's own `a` (its `$id` is the base), so the cycle is `a` referring to itself;
    read against the file, it would be the root's `a` and a cycle through both."""
    schema_dir = tmp_path / "contracts"
    schema_dir.mkdir()
    box = {"$id": "urn:example:box", "$defs": {"a": {"$ref": "#/$defs/a"}}}
    schema = {
        "properties": {"p": {"$ref": "#/$defs/a"}},
        "$defs": {"a": {"$ref": "#/$defs/box/$defs/a"}, "box": box},
    }
    (schema_dir / "s.json").write_text(json.dumps(schema))
    doc = read_document(SchemaLoader(ContractsTree(schema_dir)), "contracts/s.json", 1)
    (cycle,) = [p for p in doc.problems if p.code == "ref-cycle"]
    assert cycle.message.startswith("$ref cycle urn:example:box#/$defs/a → urn:example:box#/$defs/a: "), cycle
    # reported on the file read, with no pointer: `/$defs/a` of the file would be the root's `a`
    assert (cycle.file, cycle.pointer) == ("contracts/s.json", None)


def test_duplicate_keys_and_missing_files_are_problems_not_exceptions(loader):
    duplicate = doc_of(loader, "duplicate")
    assert [(p.code, p.pointer) for p in duplicate.problems] == [("duplicate-key", "/type")]
    missing = doc_of(loader, "does-not-exist")
    assert missing.fields == [] and missing.problems[0].code == "unreadable"
    assert render_payload(RENDERER, missing, schema_url="x.json")


# ---------------------------------------------------------------- examples


def test_examples_are_validated_and_shown_as_formatted_json(loader):
    doc = doc_of(loader, "basic")
    (example,) = doc.examples
    assert not example.generated and not example.errors
    assert example.text == json.dumps(example.value, indent=2)
    block = rendered(doc).find(class_="cc-example").find("code")
    assert block.attrs["class"] == "language-json"
    assert json.loads(block.text()) == example.value


def test_an_invalid_example_is_a_problem_naming_file_and_pointer(loader):
    doc = doc_of(loader, "cross_file")
    (problem,) = [p for p in doc.problems if p.code == "invalid-example"]
    assert problem.file == "contracts/payloads/cross_file.json"
    assert problem.pointer == "/examples/0/submission_summary/zip"
    assert problem.severity == Severity.WARNING
    assert "does not match '^[0-9]{5}$'" in problem.message
    errors = rendered(doc).find(class_="cc-example-errors")
    assert "/submission_summary/zip" in errors.text()


def test_formats_are_checked_in_examples(tmp_path):
    schema_dir = tmp_path / "contracts"
    schema_dir.mkdir()
    schema = {
        "type": "object",
        "properties": {"at": {"type": "string", "format": "date-time"}},
        "examples": [{"at": "yesterday"}],
    }
    (schema_dir / "s.json").write_text(json.dumps(schema))
    doc = read_document(SchemaLoader(ContractsTree(schema_dir)), "contracts/s.json", 1)
    assert [p.pointer for p in doc.problems if p.code == "invalid-example"] == ["/examples/0/at"]


def test_a_schema_without_examples_gets_a_valid_generated_one_marked_generated(loader):
    doc = doc_of(loader, "no_examples")
    (example,) = doc.examples
    assert example.generated and example.errors == []
    assert set(example.value) == {
        "id",
        "kind",
        "placed_at",
        "count",
        "price",
        "tags",
        "amount",
        "nickname",
        "flag",
    }
    assert example.value["kind"] == "order" and example.value["count"] == 4
    caption = rendered(doc).find(class_="cc-example--generated").find(class_="cc-example-caption")
    assert "generated" in caption.text()


def test_generated_example_follows_the_first_oneof_branch(loader):
    (example,) = doc_of(loader, "branches").examples
    assert example.generated and example.errors == []
    assert example.value == {"decision": "confirm", "confirmed_at": "2026-01-01T00:00:00Z"}


def test_raw_schema_is_collapsed_and_downloadable(loader):
    doc = doc_of(loader, "basic")
    page = rendered(doc, url="../../schemas/basic.json")
    details = page.find("details", class_="cc-raw-schema")
    assert "open" not in details.attrs
    assert details.find("pre").text() == (FIXTURES / "contracts/payloads/basic.json").read_text()
    download = page.find(class_="cc-download").find("a")
    assert download.attrs["href"] == "../../schemas/basic.json" and download.attrs["download"] == "basic.json"


def test_an_unsafe_download_url_is_dropped(loader):
    page = rendered(doc_of(loader, "basic"), url="javascript:alert(1)")
    assert page.find(class_="cc-download") is None


# ---------------------------------------------------------------- escaping


def test_markup_in_titles_descriptions_enums_and_examples_is_shown_as_text(loader, no_network):
    doc = doc_of(loader, "hostile")
    page = rendered(doc)
    assert page.find_all("script") == []
    for element in page.iter():
        assert not any(name.startswith("on") for name in element.attrs), element
        for name in ("href", "src"):
            assert not element.attrs.get(name, "").strip().lower().startswith("javascript:"), element
    assert page.find("img") is None
    assert "<script>alert('title')</script>" in page.find(class_="cc-payload-title").text()
    tr = html_row(page, "v1-<b>name</b>")
    assert tr.find("b") is None and tr.find("code").text() == "<b>name</b>"
    assert "<script>alert('description')</script>" in cell(tr, "description").text()
    assert '"<img src=x onerror=alert(5)>"' in [c.text() for c in cell(tr, "constraints").find_all("code")]
    example = page.find(class_="cc-example").find("code").text()
    assert "<script>alert('example')</script>" in example
    remote = html_row(page, "v1-link").find(class_="cc-remote-ref")
    assert remote.find("a") is None


# ---------------------------------------------------------------- robustness

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=5,
)
NAMES = st.sampled_from(["a", "b", "c.d", "e f", "<x>", ""])
REFS = st.sampled_from(
    [
        "#",
        "#/$defs/a",
        "#/$defs/b",
        "#/nowhere",
        "#anchor",
        "other.json",
        "../../x.json",
        "https://example.com/s.json",
        "urn:x",
        ":::",
        "#/definitions/a",
    ]
)
KEYWORDS = st.sampled_from(
    [
        "type",
        "format",
        "pattern",
        "minimum",
        "maximum",
        "enum",
        "const",
        "default",
        "examples",
        "title",
        "description",
        "deprecated",
        "x-extra",
        "minLength",
        "multipleOf",
        "required",
        "exclusiveMinimum",
        "not",
        "contains",
        "propertyNames",
        "$id",
        "id",
        "$anchor",
        "$comment",
    ]
)
TYPES = st.sampled_from(["object", "array", "string", "integer", "number", "boolean", "null", "any", 5])
LEAVES = (
    st.booleans()
    | st.just({})
    | st.builds(lambda t: {"type": t}, TYPES | st.lists(TYPES, max_size=3))
    | st.dictionaries(KEYWORDS, JSON_VALUES, max_size=3)
)


def _composite(children):
    return st.one_of(
        st.builds(
            lambda p, r, a: {"type": "object", "properties": p, "required": r, "additionalProperties": a},
            st.dictionaries(NAMES, children, max_size=3),
            st.lists(NAMES, max_size=3),
            children,
        ),
        st.builds(lambda i: {"items": i}, children | st.lists(children, max_size=3)),
        st.builds(lambda p, i: {"prefixItems": p, "items": i}, st.lists(children, max_size=3), children),
        st.builds(
            lambda k, m: {k: m},
            st.sampled_from(["allOf", "anyOf", "oneOf"]),
            st.lists(children, min_size=1, max_size=3),
        ),
        st.builds(lambda i, t, e: {"if": i, "then": t, "else": e}, children, children, children),
        st.builds(
            lambda p: {"patternProperties": p},
            st.dictionaries(st.sampled_from(["^a", "(", "b$"]), children, max_size=2),
        ),
        st.builds(
            lambda r, s, d: {"dependentRequired": r, "dependentSchemas": s, "dependencies": d},
            st.dictionaries(NAMES, st.lists(NAMES, max_size=2), max_size=2),
            st.dictionaries(NAMES, children, max_size=2),
            st.dictionaries(NAMES, children | st.lists(NAMES, max_size=2), max_size=2),
        ),
        st.builds(
            lambda d, r, s: {"$defs": d, "definitions": d, "$ref": r, **s},
            st.dictionaries(st.sampled_from(["a", "b"]), children, max_size=2),
            REFS,
            st.dictionaries(KEYWORDS, JSON_VALUES, max_size=2),
        ),
        st.builds(lambda r: {"$dynamicRef": r, "$recursiveRef": "#"}, REFS),
    )


SCHEMAS = st.recursive(LEAVES, _composite, max_leaves=12)
DIALECTS = st.sampled_from(
    [
        None,
        "http://json-schema.org/draft-04/schema#",
        "http://json-schema.org/draft-06/schema#",
        "http://json-schema.org/draft-07/schema#",
        "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2020-12/schema",
        "https://example.com/unknown-dialect",
        7,
    ]
)


# The same 300 inputs on every run. The panic once seen here under xdist is rpds' (`__eq__ failed!`): a
# `$dynamicRef` loop through `if` reaches the recursion limit inside one of its key comparisons, depending on
# how deep the stack already is. Such a schema is now a problem of its file (tests/hostile/cases/schema-panic,
# tests/test_panics.py); to explore new inputs locally, drop derandomize and database.
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,
)
@given(schema=SCHEMAS, dialect=DIALECTS, examples=st.none() | st.lists(JSON_VALUES, max_size=2) | JSON_VALUES)
def test_odd_schemas_never_make_document_or_render_raise(schema, dialect, examples):
    if isinstance(schema, dict):
        schema = dict(schema)
        if dialect is not None:
            schema["$schema"] = dialect
        if examples is not None:
            schema["examples"] = examples
    original_connect = socket.socket.connect
    socket.socket.connect = _refuse_connection
    try:
        with tempfile.TemporaryDirectory() as folder:
            schema_dir = Path(folder) / "contracts" / "payloads"
            schema_dir.mkdir(parents=True)
            (schema_dir / "fuzz.json").write_text(json.dumps(schema))
            (schema_dir / "other.json").write_text(json.dumps({"$defs": {"a": schema}, "type": "string"}))
            doc = read_document(
                SchemaLoader(ContractsTree(Path(folder) / "contracts")), "contracts/payloads/fuzz.json", 1
            )
            html = render_payload(RENDERER, doc, schema_url="fuzz.json")
    finally:
        socket.socket.connect = original_connect
    assert parse(html).find(class_="cc-payload") is not None
    assert len({r.anchor for r in doc.fields}) == len(doc.fields)


def _refuse_connection(*args, **kwargs):
    raise AssertionError("the schema renderer tried to open a network connection")


def test_self_referencing_allof_chains_terminate(tmp_path):
    schema_dir = tmp_path / "contracts"
    schema_dir.mkdir()
    defs = {f"d{i}": {"allOf": [{"$ref": f"#/$defs/d{i + 1}"}] * 4} for i in range(12)}
    defs["d12"] = {"type": "object", "properties": {"x": {"$ref": "#/$defs/d0"}}}
    (schema_dir / "s.json").write_text(json.dumps({"$ref": "#/$defs/d0", "$defs": defs}))
    doc = read_document(SchemaLoader(ContractsTree(schema_dir)), "contracts/s.json", 1)
    assert render_payload(RENDERER, doc, schema_url="s.json")
    assert any(p.code == "too-many-fields" for p in doc.problems) or len(doc.fields) < 50


# ---------------------------------------------------------------- the bundled corpus

CORPUS = sorted((REPO / "contracts").glob("*/schema/**/*.json"))


@pytest.mark.skipif(not CORPUS, reason="no bundled contracts")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_bundled_schemas_render_with_valid_examples_and_no_problems(path):
    tree = ContractsTree(REPO / "contracts")
    doc = read_document(SchemaLoader(tree), tree.display(path), 1)
    assert [str(p) for p in doc.problems] == []
    assert all(not example.errors for example in doc.examples)
    assert render_payload(RENDERER, doc, schema_url=path.name)
