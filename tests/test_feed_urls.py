"""With `site_url` set, every link of feed.xml is absolute: feed readers do not resolve relative ones."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
from conftest import FIXTURES, build_project, make_project

SHOP = FIXTURES / "timeline" / "contracts"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://docs.example.org/platform/"


def test_feed_links_are_absolute_under_site_url_and_lead_to_built_anchors(tmp_path):
    built = build_project(make_project(tmp_path, SHOP, extra_config={"site_url": SITE_URL}), strict=True)
    feed = ET.parse(built.site / "feed.xml").getroot()
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert f"{SITE_URL}feed.xml" in links and f"{SITE_URL}timeline/" in links
    assert len(links) > 3 and all(link.startswith(SITE_URL) for link in links)
    for link in links:
        path, _, anchor = link.removeprefix(SITE_URL).partition("#")
        target = built.site / path / "index.html" if path.endswith("/") else built.site / path
        assert target.is_file(), link
        if anchor:
            assert BeautifulSoup(target.read_text(), "html.parser").find(id=anchor), link


def test_without_site_url_feed_links_stay_site_relative(tmp_path):
    built = build_project(make_project(tmp_path, SHOP))
    feed = ET.parse(built.site / "feed.xml").getroot()
    assert feed.find(f"{ATOM}link").get("href") == "feed.xml"
