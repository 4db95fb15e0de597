"""The first screen of a 360×740 phone is content, in Vietnamese, Khmer and Urdu (issue 12).

For each language: the home page, one demo article, the help-desk form and the page that
shows the case code: the site name once, the help lines one row that opens, the article's
title high up, tap targets of at least 24×24 px (44 px tall for primary actions), nothing
wider than the screen, the case code on one line and the consent box beside its label.
"""
import json
import urllib.request

import pytest

SMALL_PHONE = {"width": 360, "height": 740}

# Every visible control's box, except links inside running text (WCAG 2.5.8's inline
# exception: an inline <a> whose parent is a paragraph or list item) and what is moved
# off screen or hidden from people on purpose (the skip link until focused, the honeypot field).
TARGETS = """() => [...document.querySelectorAll('a, button, input, select, textarea, summary')].flatMap(el => {
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  if (!el.getClientRects().length || style.visibility === 'hidden' || box.right <= 0 || box.left >= innerWidth || box.bottom <= 0) return [];
  if (el.closest('[aria-hidden="true"]')) return [];
  if (el.tagName === 'A' && ['P', 'LI'].includes(el.parentElement.tagName) && style.display === 'inline') return [];
  return [{what: el.outerHTML.slice(0, 120), width: box.width, height: box.height}];
})"""

# The site name in visible text nodes of the first screen (above the fold).
SITE_NAME_COUNT = """(name) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let count = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!node.textContent.includes(name) || !parent.getClientRects().length) continue;
    const box = parent.getBoundingClientRect();
    if (box.top < innerHeight && box.right > 0 && getComputedStyle(parent).visibility !== 'hidden') count += 1;
  }
  return count;
}"""


def _open(phone, code):
    page = phone(locale=code)
    page.set_viewport_size(SMALL_PHONE)
    return page


def _goto(page, url):
    response = page.goto(url)
    assert response.status == 200, url


def _assert_fits_and_targets(page, primary=()):
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"], page.url
    small = [t for t in page.evaluate(TARGETS) if t["width"] < 24 or t["height"] < 24]
    assert small == [], page.url
    for selector in (".help-lines summary", ".search-box button", *primary):
        box = page.locator(selector).first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (page.url, selector, box)


def _assert_header(page, site_name):
    assert page.evaluate(SITE_NAME_COUNT, site_name) == 1, page.url
    summary = page.locator(".help-lines summary")
    assert summary.bounding_box()["height"] <= 56
    quick = page.locator(".help-quick a[href='tel:1345']")
    assert quick.is_visible() and quick.bounding_box()["height"] <= 56
    listed = page.locator(".help-lines details a[href='tel:1366']")
    assert not listed.is_visible()
    summary.click()  # no JavaScript of ours: <details> opens by itself
    assert listed.is_visible() and page.locator(".help-lines details a[href^='tel:']").count() == 6


def _article_url(base, code):
    with urllib.request.urlopen(f"{base}/api/v2/pages/?type=home.ArticlePage&locale={code}&limit=1") as response:
        return json.load(response)["items"][0]["meta"]["html_url"]


@pytest.mark.parametrize("code", ["vi", "km", "ur"])
def test_first_screen_on_a_small_phone(portal_server, phone, code):
    base = portal_server["url"]
    page = _open(phone, code)

    _goto(page, f"{base}/{code}/")
    site_name = page.title().rsplit(" · ", 1)[1]
    assert page.locator("h1").inner_text().strip() == site_name  # the home page's title is the site name
    _assert_header(page, site_name)
    _assert_fits_and_targets(page)

    _goto(page, _article_url(base, code))
    assert page.locator("article h1").bounding_box()["y"] < 400
    _assert_header(page, site_name)
    _assert_fits_and_targets(page)

    _goto(page, f"{base}/{code}/help/ask/")
    checkbox, label = page.locator("#id_consent").bounding_box(), page.locator("label[for=id_consent]").bounding_box()
    assert checkbox["y"] < label["y"] + label["height"] and label["y"] < checkbox["y"] + checkbox["height"]
    _assert_fits_and_targets(page, primary=(".helpdesk-form button[type=submit]",))

    # Ask a question: the page that follows shows the case code, which must not break.
    page.select_option("#id_topic", index=1)
    page.fill("#id_question", "Where do I renew my residence card?")
    page.select_option("#id_language", code)
    page.locator("input[name=contact_method]").last.check()
    page.check("#id_consent")
    page.locator(".helpdesk-form button[type=submit]").click()
    code_box = page.locator(".case-code")
    assert code_box.evaluate("el => getComputedStyle(el).whiteSpace") == "nowrap"
    assert len(code_box.inner_text().strip()) >= 8
    _assert_fits_and_targets(page)
