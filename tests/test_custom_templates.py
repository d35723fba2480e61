"""`custom_templates` replaces any template of the catalog, the payload partials of event pages included."""

from conftest import FIXTURES


def event_page(built, event: str) -> str:
    return (built.site / "events" / event / "index.html").read_text(encoding="utf-8")


def test_an_overridden_payload_partial_is_the_one_an_event_page_shows(build_site, tmp_path):
    templates = tmp_path / "overrides"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "payload.html.j2").write_text(
        '<div class="house-payload">House payload of {{ doc.path }}: {{ doc.fields|length }} fields</div>\n'
    )
    (templates / "domains_index.md.j2").write_text("# House domains\n")

    built = build_site(FIXTURES / "mini" / "contracts", {"custom_templates": str(templates)})

    page = event_page(built, "widget.created")
    assert (
        'class="house-payload"' in page
        and "House payload of contracts/alpha/schema/payloads/widget.created-v2.json" in page
    )
    assert "cc-payload-summary" not in page  # the packaged partial is not used beside it
    assert "House domains" in (built.site / "domains" / "index.html").read_text(encoding="utf-8")


def test_an_overridden_partial_included_by_the_payload_partial_is_used_too(build_site, tmp_path):
    templates = tmp_path / "overrides"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "payload_raw.html.j2").write_text(
        '<p class="house-raw">Schema file {{ file_name }}</p>\n'
    )

    page = event_page(
        build_site(FIXTURES / "mini" / "contracts", {"custom_templates": str(templates)}), "widget.created"
    )

    # the rest of the packaged partial stays
    assert 'class="house-raw"' in page and "cc-payload-summary" in page
