"""Urdu in wagtail-localize's translation editor is written right-to-left, Korean beside it left-to-right."""
import re

import pytest

from tests.browser.admin_login import sign_in_to_admin

pytestmark = pytest.mark.browser

SEGMENT = ".js-translation-editor li:has(> p + div)"  # source text, then the translation


def test_urdu_segments_are_right_to_left(portal_server, phone):
    base = portal_server["url"]
    page = phone()
    sign_in_to_admin(page, portal_server)
    articles = page.request.get(f"{base}/api/v2/pages/?type=home.ArticlePage&locale=ko&limit=50").json()["items"]
    korean = next(item for item in articles if "ur" not in [t["locale"] for t in item["meta"]["translations"]])

    page.goto(f"{base}/admin/localize/submit/page/{korean['id']}/")
    page.get_by_label(re.compile("اردو")).check()
    page.locator('form button[type="submit"], form input[type="submit"]').last.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))

    segment = page.locator(SEGMENT).first
    segment.locator("button").first.click()  # "Translate": React swaps the preview for a textarea
    field = segment.locator("textarea")
    field.fill("شناختی کارڈ (ID) 2026")
    assert (field.get_attribute("lang"), field.get_attribute("dir")) == ("ur", "rtl")
    source = segment.locator("> p").first
    assert (source.get_attribute("lang"), source.get_attribute("dir")) == ("ko", "ltr")

    segment.locator("button").last.click()  # "Save": React renders the saved text as a preview
    preview = segment.locator("> div > p")
    preview.filter(has_text="(ID) 2026").wait_for()
    assert (preview.get_attribute("lang"), preview.get_attribute("dir")) == ("ur", "rtl")
