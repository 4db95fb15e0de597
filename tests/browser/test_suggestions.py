"""Search suggestions never open a page by themselves (WCAG 3.2.2): only Enter on a highlighted title or a
tap on one does; otherwise Enter searches. The list follows the ARIA combobox pattern. On a 360 px phone."""
import re

import pytest

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def home(portal_server, phone):
    page = phone("en-US")
    page.set_viewport_size(SMALL_PHONE)
    page.goto(f"{portal_server['url']}/en/")
    return page


def suggestions_for(page, text):
    """Types text into the header's search box and waits for the list to show a title containing it."""
    box = page.locator("#site-search")
    box.press_sequentially(text, delay=40)
    page.locator("[role=listbox] [role=option]", has_text=text).first.wait_for(state="visible", timeout=5000)
    return box


def test_typing_a_suggestions_whole_title_then_enter_searches(home):
    # "Ajou University" is itself a suggestion: on the way to the hospital the old list jumped there.
    box = suggestions_for(home, "Ajou University Hospital")
    home.wait_for_timeout(600)  # time for any list or jump to happen
    assert home.url.endswith("/en/")
    box.press("Enter")
    home.wait_for_url(re.compile(r"/en/search/\?q=Ajou(\+|%20)University(\+|%20)Hospital$"))


def test_arrow_down_and_enter_opens_the_highlighted_suggestion(home):
    box = suggestions_for(home, "Ajou")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    listbox = home.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox" and listbox.get_attribute("aria-label")
    box.press("ArrowDown")
    first = listbox.locator("[role=option]").first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    title = first.inner_text()
    box.press("Enter")
    home.wait_for_url(lambda url: "/search/" not in url and not url.endswith("/en/"))
    assert home.locator("h1").inner_text() == title


def test_escape_closes_the_list_and_keeps_the_text(home):
    box = suggestions_for(home, "Ajou")
    box.press("ArrowDown")
    box.press("Escape")
    assert home.locator("[role=listbox]").is_hidden()
    assert box.get_attribute("aria-expanded") == "false" and box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "Ajou"
    assert home.url.endswith("/en/")


def test_a_tap_on_a_suggestion_opens_it(home):
    suggestions_for(home, "Ajou")
    option = home.locator("[role=option]", has_text="Ajou University Hospital")
    option.tap()
    home.wait_for_url(lambda url: "/search/" not in url and not url.endswith("/en/"))
    assert home.locator("h1").inner_text() == "Ajou University Hospital"
