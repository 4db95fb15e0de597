"""A reader and an editor, in a real browser at a phone's size."""
import re

import pytest

from tests.browser.admin_login import sign_in_to_admin

pytestmark = pytest.mark.browser


def test_reader_lands_in_browser_language_switches_and_reads(portal_server, phone):
    page = phone(locale="vi-VN")
    base = portal_server["url"]
    page.goto(f"{base}/")
    assert page.url == f"{base}/vi/"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator('.help-quick a[href="tel:119"]').is_visible()  # in the collapsed help-lines row

    page.locator('.cards a[href="/vi/work/"]').click()
    page.wait_for_url(f"{base}/vi/work/")
    page.locator(".cards a").first.click()
    page.wait_for_url(re.compile(r"/vi/work/[a-z-]+/$"))
    assert page.locator("article").get_attribute("lang") == "vi"
    assert page.locator(".notice").count() == 0

    # Switch to Thai from the article: it exists in Thai only for some articles,
    # so switch from the home page, where every language exists.
    page.goto(f"{base}/vi/")
    page.locator(".languages summary").click()
    page.locator('.languages a[hreflang="th"]').click()
    page.wait_for_url(f"{base}/th/")
    page.goto(f"{base}/")
    assert page.url == f"{base}/th/", "the reader's choice is remembered"


def test_reader_sees_the_missing_translation_notice(portal_server, phone):
    page = phone(locale="th-TH")
    page.goto(f"{portal_server['url']}/th/stay-and-visas/")
    fallback = page.locator(".cards a:has(.badge)").first
    fallback.click()
    page.wait_for_selector(".notice")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("article").get_attribute("lang") in {"en", "ko"}
    switcher_languages = page.locator(".languages a").evaluate_all("links => links.map(a => a.hreflang)")
    assert "th" not in switcher_languages


def test_editor_translates_with_the_dummy_translator_and_the_reader_sees_it(portal_server, phone):
    base = portal_server["url"]
    page = phone()
    sign_in_to_admin(page, portal_server)

    # Find the Korean "moving-in report" article's id through the API, as a partner would.
    api = page.request.get(f"{base}/api/v2/pages/?type=home.ArticlePage&locale=ko&slug=moving-in-report").json()
    item = api["items"][0]
    assert "km" not in [t["locale"] for t in item["meta"]["translations"]]

    page.goto(f"{base}/admin/localize/submit/page/{item['id']}/")
    page.locator('input[name="locales"][value]').nth(0)  # the form is server-rendered
    page.get_by_label(re.compile("ខ្មែរ|Khmer")).check()
    page.locator('form button[type="submit"], form input[type="submit"]').last.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))

    page.get_by_role("button", name=re.compile("Dummy translator", re.I)).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name=re.compile("^(Publish|게시)", re.I)).first.click()
    page.wait_for_load_state("networkidle")

    reader = phone(locale="km-KH")
    reader.goto(f"{base}/km/housing/moving-in-report/")
    assert reader.locator(".notice").count() == 0
    assert reader.locator("article").get_attribute("lang") == "km"
