"""Scripts with tall stacks of marks keep their taller lines in the help-line row too (portal.css sets them per
language; the row's own tight lines must not undo that)."""
import pytest

pytestmark = pytest.mark.browser

RATIO = """selector => { const style = getComputedStyle(document.querySelector(selector));
  return parseFloat(style.lineHeight) / parseFloat(style.fontSize); }"""


@pytest.mark.parametrize("language, expected", [("km", 1.9), ("si", 1.9), ("ur", 2.1), ("en", 1.25)])
def test_help_lines_keep_the_line_height_their_script_needs(portal_server, phone, language, expected):
    page = phone()
    page.goto(f"{portal_server['url']}/{language}/")
    page.locator(".help-lines summary").click()
    assert page.evaluate(RATIO, ".help-lines details a") == pytest.approx(expected, abs=0.01)
    assert page.evaluate(RATIO, ".help-lines summary") == pytest.approx(expected, abs=0.01)
