"""A reader on a phone finds places: by region and category, by location, with and without JavaScript and the map.

The server has the demo places (load_demo). Map tiles never come from the
network: Playwright answers every tile request with a PNG of our own, and
counts them.
"""
import importlib.util
import re
from pathlib import Path

import pytest

from tests.browser.admin_login import sign_in_to_admin
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

TILE_PATTERN = re.compile(r"^https://tile\.openstreetmap\.org/")
# A real PNG from Leaflet's own files stands in for every tile.
TILE_PNG = (Path(importlib.util.find_spec("leaflet").origin).parent / "static" / "leaflet" / "images"
            / "layers.png").read_bytes()


def distances_in_km(page):
    texts = page.locator("ol.places:not(.events) .distance").all_inner_texts()
    return [float(text.split()[0].replace(",", "")) / (1000 if text.endswith(" m") else 1) for text in texts]


def keep_offline(page, portal_url):
    """Tiles get the local PNG (counted); anything else not from the portal is refused."""
    tiles = []

    def handle(route):
        url = route.request.url
        if TILE_PATTERN.match(url):
            tiles.append(url)
            route.fulfill(status=200, content_type="image/png", body=TILE_PNG)
        elif url.startswith(portal_url):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", handle)
    return tiles


def test_reader_chooses_a_region_filters_hospitals_and_opens_one_to_call(portal_server, phone):
    page = phone("en-US")
    page.goto(f"{portal_server['url']}/en/")
    page.get_by_role("main").get_by_role("link", name=re.compile("Places near you")).click()  # the home page card
    page.wait_for_url("**/en/places/")
    page.select_option("#place-region", "KR-41110")  # Suwon
    page.select_option("#place-category", "hospital")
    page.get_by_role("button", name="Show places").click()
    page.wait_for_url(re.compile(r"/en/places/\?region=KR-41110&category=hospital"))
    assert page.locator("h1").inner_text() == "Places in Suwon"
    items = page.locator("ol.places:not(.events) > li")
    assert items.count() >= 2
    categories = page.locator("ol.places:not(.events) .place-meta").all_inner_texts()
    assert all(text.startswith("Hospital ·") for text in categories), categories
    distances = distances_in_km(page)
    assert distances == sorted(distances)
    callable_ = items.filter(has=page.locator('a[href^="tel:"]')).first  # not every place lists a phone
    name = callable_.locator("h3 a").inner_text()
    callable_.locator("h3 a").click()
    page.wait_for_url(re.compile(r"/en/places/\d+/$"))
    assert page.locator("h1").inner_text() == name
    call = page.locator('main a[href^="tel:"]').first
    assert call.is_visible() and call.bounding_box()["height"] >= 24
    assert page.locator('main a[href^="https://www.openstreetmap.org/directions?to="]').count() == 1


def test_the_list_works_with_javascript_off(portal_server, browser):
    context = browser.new_context(viewport=PHONE, locale="ko-KR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{portal_server['url']}/ko/places/")
        assert not page.locator("#near-me").is_visible()  # needs JavaScript: not offered
        page.select_option("#place-region", "KR-41110")
        page.select_option("#place-category", "hospital")
        page.locator(".place-filter button[type=submit]").click()
        page.wait_for_url(re.compile(r"region=KR-41110"))
        assert page.locator("ol.places:not(.events) > li").count() >= 2
        assert not page.locator("#show-map").is_visible()
        assert page.locator("ol.places a[href^='tel:']").count() >= 1
    finally:
        context.close()


def test_tiles_load_only_after_show_map_is_tapped(portal_server, phone):
    page = phone("en-US")
    tiles = keep_offline(page, portal_server["url"])
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    scripts = []
    page.on("request", lambda request: scripts.append(request.url) if "leaflet" in request.url else None)
    page.goto(f"{portal_server['url']}/en/places/?region=KR-41110")
    page.wait_for_load_state("networkidle")
    assert tiles == [] and scripts == []  # nothing of the map yet
    place_names = page.locator("ol.places:not(.events) > li h3 a").all_inner_texts()
    page.get_by_role("button", name="Show map").click()
    page.locator(".leaflet-tile-loaded").first.wait_for(timeout=15000)
    assert tiles and all(TILE_PATTERN.match(url) for url in tiles)
    # Places at one spot share a pin (its first number and "+"): every listed place is on the map once.
    names = page.locator(".map-pin-place .visually-hidden > span").all_inner_texts()
    assert sorted(set(names) & set(place_names)) == sorted(place_names)
    assert page.locator(".map-pin-place .map-pin-number").first.inner_text().rstrip("+") == "1"
    assert not [text for text in problems if "Content Security Policy" in text], problems
    page.locator(".map-pin-place").first.click()
    popup_link = page.locator(".leaflet-popup-content a").first
    popup_link.wait_for()
    assert popup_link.inner_text() == page.locator("ol.places:not(.events) > li h3 a").first.inner_text()


def test_near_me_sends_only_a_rounded_location_when_tapped(portal_server, browser):
    context = browser.new_context(viewport=PHONE, locale="en-US", permissions=["geolocation"],
                                  geolocation={"latitude": 37.264123, "longitude": 127.029531})
    try:
        page = context.new_page()
        page.goto(f"{portal_server['url']}/en/places/")
        page.select_option("#place-category", "hospital")
        page.get_by_role("button", name="Near me").click()
        page.wait_for_url(re.compile(r"near="))
        assert re.search(r"near=37\.26%2C127\.03&category=hospital$", page.url), page.url
        assert page.locator("h1").inner_text() == "Places near your location"
        distances = distances_in_km(page)
        assert distances and distances == sorted(distances)
    finally:
        context.close()


def test_a_refused_location_leaves_the_region_choice_with_a_message(portal_server, browser):
    context = browser.new_context(viewport=PHONE, locale="en-US", permissions=[])
    try:
        page = context.new_page()
        page.goto(f"{portal_server['url']}/en/places/")
        page.get_by_role("button", name="Near me").click()
        status = page.locator("#near-me-status")
        status.filter(has_text="Choose your region").wait_for(timeout=15000)
        assert page.url.endswith("/en/places/")
        assert page.locator("#place-region").is_visible()
    finally:
        context.close()


def test_an_editor_places_the_pin_by_clicking_the_admin_map(portal_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        base = portal_server["url"]
        tiles = keep_offline(page, base)
        sign_in_to_admin(page, portal_server)
        place = page.request.get(f"{base}/api/v1/places?region=KR-41110&locale=ko&limit=1").json()[0]
        page.goto(f"{base}/admin/snippets/services/place/edit/{place['id']}/")
        box = page.locator("[data-pin-map]")
        box.scroll_into_view_if_needed()
        page.locator("[data-pin-map] .leaflet-marker-icon").wait_for()  # the pin at the saved coordinates
        before = (page.input_value("#id_latitude"), page.input_value("#id_longitude"))
        area = box.bounding_box()
        page.mouse.click(area["x"] + area["width"] * 0.8, area["y"] + area["height"] * 0.3)
        after = (page.input_value("#id_latitude"), page.input_value("#id_longitude"))
        assert after != before and all(re.fullmatch(r"-?\d+\.\d{6}", value) for value in after)
        assert float(after[0]) > float(before[0]) and float(after[1]) > float(before[1])  # up and to the right
        assert tiles  # the map drew its tiles (served locally)
    finally:
        context.close()  # nothing saved: the demo place keeps its coordinates
