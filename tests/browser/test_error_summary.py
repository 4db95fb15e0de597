"""A form sent with mistakes: the error summary takes focus on arrival, and its links move focus to the field."""
import pytest

pytestmark = pytest.mark.browser


def test_the_summary_takes_focus_and_leads_to_the_field(portal_server, phone):
    page = phone("en-US")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{portal_server['url']}/en/help/ask/")
    page.locator("#id_question").fill("Where do I renew my visa?")
    page.locator(".helpdesk-form button[type=submit]").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Error: ")
    page.wait_for_function("document.activeElement && document.activeElement.hasAttribute('data-error-summary')")
    page.locator("[data-error-summary] a[href='#id_consent']").click()
    assert page.evaluate("document.activeElement.id") == "id_consent"
    # The field's label is in view too, not scrolled off above the field.
    assert page.locator("label[for=id_consent]").is_visible()
    assert page.evaluate("document.querySelector('label[for=id_consent]').getBoundingClientRect().top") >= 0
    assert page.locator("#id_question").input_value() == "Where do I renew my visa?"
