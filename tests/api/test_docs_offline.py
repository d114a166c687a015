"""The API's documentation page works on an intranet with no internet: every asset is served locally."""

import re

from django.contrib.staticfiles import finders


def asset_addresses(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_the_api_docs_page_references_no_external_host(world, client_for):
    response = client_for(world.county_officer).get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    external = [a for a in asset_addresses(html) if re.match(r"^(https?:)?//", a)]
    assert external == [], external
    assert not re.search(r"(https?:)?//(cdn|unpkg|fastly)\.", html)


def test_the_swagger_assets_the_docs_page_names_are_found_locally(world, client_for):
    html = client_for(world.county_officer).get("/api/v1/docs").content.decode()
    for address in asset_addresses(html):
        assert address.startswith("/static/"), address
        assert finders.find(address.removeprefix("/static/")), address
