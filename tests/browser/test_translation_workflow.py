"""The translation path as staff walk it, in Chromium against a real server (its database commits,
so wagtail-localize's on-commit work happens as in production): an editor changes a Korean page and
sends it to Vietnamese and Urdu, each translator machine-translates and publishes, the editor changes
the Korean again, each translator sees exactly what changed and updates it. At every step: what a
reader sees under /vi/ and /ur/, and what the status report says."""
import json
import re

import pytest

from tests.browser.admin_login import sign_in_as

PASSWORD = "a-long-test-password-1"
USERS = {"editor-e2e": "Editors", "vi-e2e": "Translators: Vietnamese", "ur-e2e": "Translators: Urdu"}


@pytest.fixture(scope="module")
def staff(portal_server):
    script = (
        "from django.contrib.auth.models import Group, User\n"
        "from wagtail.users.models import UserProfile\n"
        f"for name, group in {USERS!r}.items():\n"
        f"    user, _ = User.objects.get_or_create(username=name)\n"
        f"    user.set_password({PASSWORD!r}); user.save()\n"
        "    user.groups.add(Group.objects.get(name=group))\n"
        "    profile = UserProfile.get_for_user(user); profile.preferred_language = 'en'; profile.save()\n"
    )
    portal_server["manage"]("shell", "-c", script)
    return USERS


def _page_ids(portal_server, translation_key):
    script = (
        "import json\nfrom wagtail.models import Page\n"
        f"print(json.dumps({{p.locale.language_code: p.id for p in Page.objects.filter(translation_key='{translation_key}')}}))"
    )
    return json.loads(portal_server["manage"]("shell", "-c", script).strip().splitlines()[-1])


def _publish_in_editor(page, value="action-publish"):
    """Wagtail's page editor: open the actions menu and publish (value "minor": as a minor change)."""
    page.locator("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle").first.click()
    page.locator(f"footer button[name='action-publish'][value='{value}']").click()
    page.wait_for_load_state("networkidle")


def _statuses(page, base, source_id):
    page.goto(f"{base}/admin/translation-status/?page={source_id}")
    cells = page.locator("[data-language][data-status]").evaluate_all(
        "cells => cells.map(c => [c.dataset.language, c.dataset.status])")
    return dict(cells)


def _explorer(page, base, parent_id, source_id):
    """The per-language marks on the page's row of the explorer (its parent's listing)."""
    page.goto(f"{base}/admin/pages/{parent_id}/")
    row = page.locator(f"tr:has(a[href$='/admin/pages/{source_id}/edit/'])").first
    marks = row.locator(".translation-mark[data-language][data-status]").evaluate_all(
        "marks => marks.map(m => [m.dataset.language, m.dataset.status])")
    return {code: status for code, status in marks if code in ("vi", "ur")}


def _both(statuses):
    return {code: status for code, status in statuses.items() if code in ("vi", "ur")}


def _reader(phone, url, language):
    reader = phone(locale=language)
    reader.goto(url)
    return reader


def _my_work(page, base, code):
    """The translator's dashboard: {page title: status} of their language's work."""
    page.goto(f"{base}/admin/")
    items = page.locator(f"li[data-language='{code}'][data-status]").evaluate_all(
        "items => items.map(i => [i.innerText, i.dataset.status])")
    return items


def _machine_translate_and_publish(page, base, target_id):
    page.goto(f"{base}/admin/pages/{target_id}/edit/")
    page.get_by_role("button", name=re.compile("Dummy translator", re.I)).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name=re.compile("^Publish", re.I)).first.click()
    page.wait_for_load_state("networkidle")


def _update_changed_segments(page, base, target_id, language, text):
    page.goto(f"{base}/admin/pages/{target_id}/edit/")
    page.get_by_role("link", name=re.compile("See what changed")).click()
    page.wait_for_url(re.compile(r"/admin/translation-changes/\d+/"))
    segments = page.locator(".translation-changes__segment")
    count = segments.count()
    assert count >= 1
    for number in range(1, count + 1):
        segment = page.locator(f"#change-{number}")
        assert segment.locator(".translation-changes__before").get_attribute("lang") == "ko"
        box = segment.locator("textarea")
        assert box.get_attribute("lang") == language
        assert box.get_attribute("dir") == ("rtl" if language == "ur" else "ltr")
        box.fill(f"{text} {number}")
        if number < count:
            segment.get_by_role("link", name="Next change").click()
            assert page.url.endswith(f"#change-{number + 1}")
    page.locator("button[name='publish']").click()
    page.wait_for_load_state("networkidle")


def test_editor_and_translators_in_vi_and_ur(portal_server, phone, staff):
    base = portal_server["url"]
    editor = phone()
    sign_in_as(editor, portal_server, "editor-e2e", PASSWORD)

    # A new Korean article (the importer stands in for the typing of its body).
    line = json.dumps({"key": "arc-e2e", "locale": "ko", "topic": "immigration", "title": "외국인등록 안내",
                       "intro": "요약", "body": "출입국·외국인청에 방문하세요."}, ensure_ascii=False)
    portal_server["manage"]("shell", "-c", f"from home.importer import import_lines\nimport_lines([{line!r}])")
    items = editor.request.get(f"{base}/api/v2/pages/?type=home.ArticlePage&locale=ko&slug=arc-e2e").json()["items"]
    source_id = items[0]["id"]
    parent_id = editor.request.get(f"{base}/api/v2/pages/{source_id}/").json()["meta"]["parent"]["id"]
    korean_url = items[0]["meta"]["html_url"]
    key_script = f"from wagtail.models import Page\nprint(Page.objects.get(pk={source_id}).translation_key)"
    key = portal_server["manage"]("shell", "-c", key_script).strip().splitlines()[-1]
    urls = {code: korean_url.replace("/ko/", f"/{code}/") for code in ("vi", "ur")}

    # The editor writes: a new introduction in Korean, published.
    editor.goto(f"{base}/admin/pages/{source_id}/edit/")
    editor.fill("#id_intro", "외국인등록증(ARC)은 입국 후 90일 안에 신청합니다.")
    _publish_in_editor(editor)

    # ...and sends it for translation into Vietnamese and Urdu.
    editor.goto(f"{base}/admin/localize/submit/page/{source_id}/")
    editor.get_by_label(re.compile("Tiếng Việt")).check()
    editor.get_by_label(re.compile("اردو")).check()
    editor.locator('form button[type="submit"], form input[type="submit"]').last.click()
    editor.wait_for_load_state("networkidle")
    expected = {"vi": "in_progress", "ur": "in_progress"}
    assert _both(_statuses(editor, base, source_id)) == expected
    assert _explorer(editor, base, parent_id, source_id) == expected
    for code, url in urls.items():
        reader = _reader(phone, url, code)
        assert reader.locator(".notice").count() == 1, "sending must not publish: the reader keeps the fallback"
        assert reader.locator("article").get_attribute("lang") != code

    ids = _page_ids(portal_server, key)

    # Each translator machine-translates and publishes.
    for code, user in (("vi", "vi-e2e"), ("ur", "ur-e2e")):
        translator = phone()
        sign_in_as(translator, portal_server, user, PASSWORD)
        assert any("외국인등록 안내" in text and status == "in_progress" for text, status in _my_work(translator, base, code))
        _machine_translate_and_publish(translator, base, ids[code])
        reader = _reader(phone, urls[code], code)
        assert reader.locator(".notice").count() == 0
        assert reader.locator("article").get_attribute("lang") == code
    expected = {"vi": "up_to_date", "ur": "up_to_date"}
    assert _both(_statuses(editor, base, source_id)) == expected
    assert _explorer(editor, base, parent_id, source_id) == expected

    # The editor changes the Korean.
    editor.goto(f"{base}/admin/pages/{source_id}/edit/")
    editor.fill("#id_intro", "외국인등록증(ARC)은 입국 후 90일 안에 온라인으로도 신청할 수 있습니다.")
    _publish_in_editor(editor)
    expected = {"vi": "outdated", "ur": "outdated"}
    assert _both(_statuses(editor, base, source_id)) == expected
    assert _explorer(editor, base, parent_id, source_id) == expected
    for code, url in urls.items():
        reader = _reader(phone, url, code)
        assert "온라인으로도" not in reader.locator("article").inner_text()  # no Korean under vi/ur

    # Each translator sees exactly what changed, steps through it and publishes the update.
    for code, user, text in (("vi", "vi-e2e", "Giới thiệu mới"), ("ur", "ur-e2e", "نیا تعارف")):
        translator = phone()
        sign_in_as(translator, portal_server, user, PASSWORD)
        assert any("외국인등록 안내" in text and status == "outdated" for text, status in _my_work(translator, base, code))
        _update_changed_segments(translator, base, ids[code], code, text)
        reader = _reader(phone, urls[code], code)
        assert f"{text} 1" in reader.locator("article").inner_text()
        if code == "ur":
            assert reader.locator("html").get_attribute("dir") == "rtl"
    expected = {"vi": "up_to_date", "ur": "up_to_date"}
    assert _both(_statuses(editor, base, source_id)) == expected
    assert _explorer(editor, base, parent_id, source_id) == expected

    # A typo fix in Korean, published as a minor change, leaves every translation up to date.
    editor.goto(f"{base}/admin/pages/{source_id}/edit/")
    editor.fill("#id_intro", "외국인등록증(ARC)은 입국 후 90일 안에 온라인으로도 신청할 수 있어요.")
    _publish_in_editor(editor, "minor")
    assert _both(_statuses(editor, base, source_id)) == expected
