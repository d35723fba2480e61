"""catalog.json, graph.json and deprecations.json: each valid against its published schema, each versioned,
and a reader validating against 1.0 accepts a later minor version that only adds keys."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import FIXTURES, build_project, make_project

SHOP = FIXTURES / "timeline" / "contracts"  # has deprecations and planned activations
OUTPUTS = {
    "catalog.json": "catalog.schema.json",
    "graph.json": "graph.schema.json",
    "deprecations.json": "deprecations.schema.json",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_project(
        make_project(tmp_path_factory.mktemp("formats"), SHOP, {"build_date": "2026-05-20"})
    ).site


def load(site, name: str):
    return json.loads((site / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("output", OUTPUTS)
def test_each_output_is_valid_against_the_schema_published_beside_it(site, output):
    document, schema = load(site, output), load(site, OUTPUTS[output])
    jsonschema.Draft202012Validator.check_schema(schema)
    assert (document["$schema"], document["format_version"]) == (OUTPUTS[output], "1.0")
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    assert len(json.dumps(document)) > 200  # not an empty shell


MAPS = {"fan", "undeclared_consumers"}  # keyed by domain name: their keys are data, not the format's


def _add_keys(value, depth=0, key=None):
    """What a minor version may do: a new key in every object of the document (not in maps of names)."""
    if isinstance(value, dict):
        grown = {name: _add_keys(item, depth + 1, name) for name, item in value.items()}
        if key not in MAPS:
            grown.setdefault(f"added_in_1_{depth}", {"any": ["thing"]})
        return grown
    if isinstance(value, list):
        return [_add_keys(item, depth + 1) for item in value]
    return value


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_minor_version_that_adds_keys_anywhere_still_validates_against_1_0(site, output):
    document = _add_keys(load(site, output))
    document["format_version"] = "1.3"
    jsonschema.validate(document, load(site, OUTPUTS[output]), cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_new_major_version_or_a_missing_key_is_refused(site, output):
    schema = load(site, OUTPUTS[output])
    document = load(site, output)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {**document, "format_version": "2.0"}, schema, cls=jsonschema.Draft202012Validator
        )
    first_required = schema["required"][2]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {k: v for k, v in document.items() if k != first_required},
            schema,
            cls=jsonschema.Draft202012Validator,
        )


def test_outputs_written_a_piece_at_a_time_read_as_one_json_text(bundled_site):
    """urls.json and fields.json are streamed (a wide corpus made them hundreds of megabytes at once): their
    text is exactly what one `json.dumps` of the whole document makes."""
    site = bundled_site.site
    urls_text = (site / "urls.json").read_text(encoding="utf-8")
    urls_document = json.loads(urls_text)
    assert len(urls_document["urls"]) > 10 and any(urls_document["urls"].values())
    assert urls_text == json.dumps(urls_document, indent=1, ensure_ascii=False) + "\n"

    fields_text = (site / "fields.json").read_text(encoding="utf-8")
    fields_document = json.loads(fields_text)
    assert fields_document["fields"] and fields_document["findings"]
    assert fields_text == json.dumps(fields_document, ensure_ascii=False, separators=(",", ":")) + "\n"
