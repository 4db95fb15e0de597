"""'Keep my case code on this phone' on a 360×740 phone (issue 12).

A resident asks a question, ticks the box beside the code, goes to "Read my answer", finds the
code filled in and opens the case without typing; then forgets the code and finds the field empty,
also after reloading. The code never appears in a URL or a cookie.
"""
import re

from playwright.sync_api import expect

SMALL_PHONE = {"width": 360, "height": 740}
CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")


def test_a_kept_code_is_filled_in_opens_the_case_and_can_be_forgotten(portal_server, phone):
    base = portal_server["url"]
    page = phone(locale="vi-VN")
    page.set_viewport_size(SMALL_PHONE)
    visited = []
    page.on("request", lambda request: visited.append(request.url))

    page.goto(f"{base}/vi/help/ask/")
    page.select_option("#id_topic", index=1)
    page.fill("#id_question", "Tôi muốn gia hạn thẻ cư trú thì làm thế nào?")
    page.select_option("#id_language", "vi")
    page.locator("input[name=contact_method]").last.check()
    page.check("#id_consent")
    page.locator(".helpdesk-form button[type=submit]").click()

    code = CODE.search(page.locator(".case-code").inner_text()).group(0)
    keep = page.locator("#keep-case-code")
    expect(keep).to_be_visible()  # the deferred script shows it
    assert not keep.is_checked()  # nothing is kept unasked
    box = keep.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert page.evaluate("localStorage.length") == 0
    page.locator("label[for=keep-case-code]").click()  # the label ticks it too
    assert keep.is_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]

    page.goto(f"{base}/vi/help/case/")
    forget = page.locator("[data-forget-case-code]")
    expect(forget).to_be_visible()
    field = page.locator("#id_code")
    assert field.input_value() == code
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]

    page.locator(".helpdesk-form button[type=submit]").click()  # no typing
    expect(page.locator(".case-status")).to_be_visible()
    assert page.url.rstrip("/").endswith("/vi/help/case")

    page.goto(f"{base}/vi/help/case/")
    expect(forget).to_be_visible()
    assert page.locator("#id_code").input_value() == code
    forget.click()
    expect(page.locator("#id_code")).to_have_value("")
    expect(forget).to_be_hidden()
    assert page.evaluate("localStorage.length") == 0

    page.reload(wait_until="load")  # deferred scripts have run by the load event
    assert page.locator("#id_code").input_value() == ""
    assert not page.locator("[data-saved-case-code]").is_visible()

    assert not any(code in url or code.replace("-", "") in url for url in visited)
    assert not any(code in cookie["value"] for cookie in page.context.cookies())
