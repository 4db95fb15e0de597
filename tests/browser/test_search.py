"""A reader on a phone searches in their language, with and without JavaScript."""
import re

import pytest

pytestmark = pytest.mark.browser


def test_reader_searches_without_diacritics_and_opens_the_answer(portal_server, phone):
    page = phone("vi-VN")
    page.goto(f"{portal_server['url']}/vi/")
    page.fill("#site-search", "luong toi thieu")
    page.locator(".search-box button").click()
    page.wait_for_url(re.compile(r"/vi/search/\?q="))
    first = page.locator("ol.results li a").first
    assert "Lương tối thiểu năm 2026" in first.inner_text()
    assert first.locator("mark").count() >= 1
    first.click()
    page.wait_for_url("**/vi/work/minimum-wage/")
    assert page.locator("h1").inner_text() == "Lương tối thiểu năm 2026"


def test_suggestions_appear_as_the_reader_types(portal_server, phone):
    page = phone("en-US")
    page.goto(f"{portal_server['url']}/en/search/")
    page.locator("#search-q").press_sequentially("Minimum", delay=30)
    options = page.locator("[role=listbox] [role=option]")
    options.first.wait_for(state="visible", timeout=5000)
    assert any("Minimum wage" in options.nth(i).inner_text() for i in range(options.count()))


def test_search_works_with_javascript_off(portal_server, browser):
    from tests.browser.conftest import PHONE

    context = browser.new_context(viewport=PHONE, locale="ko-KR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{portal_server['url']}/ko/search/?q=%EB%B3%91%EC%9B%90%EC%97%90%EC%84%9C")  # 병원에서
        assert page.locator("ol.results li").count() >= 1
        assert page.locator("[role=listbox]").count() == 0  # nothing the script would add
    finally:
        context.close()
