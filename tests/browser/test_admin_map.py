"""The admin's pin map in a real browser, offline: it says that its tiles did not load, and
Leaflet's controls stay under the place chooser's modal (issue 20)."""
import pytest

from tests.browser.admin_login import sign_in_to_admin

pytestmark = pytest.mark.browser


def test_offline_the_map_says_so_and_its_zoom_buttons_stay_under_the_chooser(portal_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        base = portal_server["url"]
        # Offline: every request that is not to the portal fails, the tiles' included.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        sign_in_to_admin(page, portal_server)
        page.goto(f"{base}/admin/snippets/services/event/add/?locale=ko")
        status = page.locator("#id_latitude-map-status")
        status.scroll_into_view_if_needed()
        page.wait_for_function("document.getElementById('id_latitude-map-status').textContent !== ''")
        assert status.get_attribute("role") == "status"
        assert status.inner_text() == status.get_attribute("data-failed")

        zoom = page.locator("[data-pin-map] .leaflet-control-zoom-in")
        zoom.wait_for()
        zoom.evaluate("element => element.scrollIntoView({block: 'center'})")
        box = zoom.bounding_box()
        centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
        on_top = """([x, y]) => {
            const element = document.elementFromPoint(x, y);
            return {inModal: Boolean(element.closest('.modal')),
                    zoomButton: Boolean(element.closest('.leaflet-control-zoom-in'))};
        }"""
        assert page.evaluate(on_top, centre) == {"inModal": False, "zoomButton": True}  # visible there
        page.locator("#id_place-chooser [data-chooser-action-choose]").click()
        page.locator(".modal [data-chooser-modal-search] input[name=q]").wait_for()
        # Drawn on top where the zoom button is: a part of the modal, not Leaflet's control.
        assert page.evaluate(on_top, centre) == {"inModal": True, "zoomButton": False}
    finally:
        context.close()
