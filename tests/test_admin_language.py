"""The admin in the staff member's language: L, then English, never Korean nobody asked for.

Also: every portal language is an admin language (Urdu right-to-left), languages are named
"native (English)" to staff, and the admin asks no third party for anything (no Gravatar).
"""
import json
import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, override
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from home.models import ArticlePage
from portal import languages
from tests.conftest import article
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\uac00-\ud7a3]")
WAGTAIL_ADMIN_LOCALE = Path(wagtail.__file__).parent / "admin" / "locale"


def _admin(client, user, language):
    """`user` signed in (once per client), with `language` as the admin language from now on."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    if client.session.get("_auth_user_id") != str(user.pk):
        log_in(client, user)
    return client


def _text(response):
    """The page as a person reads it: JSON-escaped text in the sidebar's props decoded."""
    html = response.content.decode()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda found: chr(int(found.group(1), 16)), html)


def _translated(code):
    path = WAGTAIL_ADMIN_LOCALE / code / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr and not e.msgid_plural and not e.msgctxt and "fuzzy" not in e.flags}


def _wagtail_gaps(code):
    """Wagtail admin strings its Korean catalog translates and its catalog for `code` does not
    (nor the portal's): before the fix, exactly the ones shown in Korean."""
    portal = {e.msgid for e in polib.pofile(str(settings.BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"))}
    theirs = _translated(code)
    return [msgid for msgid in _translated("ko") if msgid not in theirs and msgid not in portal and "%" not in msgid]


@pytest.mark.parametrize("code", ["vi", "ur"])
def test_what_wagtail_lacks_in_a_language_is_english_not_korean(code):
    gaps = _wagtail_gaps(code)
    assert "Reports" in gaps  # the example: "리포트" in a Vietnamese admin
    with override(code):
        # Another app (Django, allauth) may translate some of them; none may come out Korean.
        assert [msgid for msgid in gaps if HANGUL.search(gettext(msgid))] == []
        assert gettext("Reports") == "Reports"
    with override("ko"):
        assert gettext("Reports") == "리포트"  # Korean stays Korean


def test_the_javascript_catalogs_fall_back_to_english(client, admin_user):
    _admin(client, admin_user, "vi")
    for url in ("/admin/jsi18n/", reverse("wagtail_localize:javascript_catalog")):
        assert not HANGUL.search(_text(client.get(url))), url
    _admin(client, admin_user, "ko")
    assert HANGUL.search(_text(client.get(reverse("wagtail_localize:javascript_catalog"))))


def test_a_vietnamese_admin_sees_no_korean_interface(client, admin_user):
    _admin(client, admin_user, "ko")
    assert "리포트" in _text(client.get("/admin/"))
    _admin(client, admin_user, "vi")
    text = _text(client.get("/admin/"))
    assert '<html lang="vi"' in text and "Reports" in text
    for korean in ("리포트", "도움말", "프로필", "워크플로우", "상황이 오락가락하다"):
        assert korean not in text


def test_the_reports_menu_follows_each_admin_whoever_came_first(client, admin_user):
    from wagtail.admin.menu import reports_menu

    reports_menu.__dict__.pop("registered_menu_items", None)  # built again, by a Korean admin
    _admin(client, admin_user, "ko")
    client.get("/admin/")
    _admin(client, admin_user, "en")
    text = _text(client.get("/admin/"))
    assert '"label": "Translations"' in text and "번역" not in text


def test_chooser_titles_follow_the_admin_language(client, admin_user):
    from services.models import Place

    url = reverse(Place.snippet_viewset.chooser_viewset.get_url_name("choose"))
    _admin(client, admin_user, "en")
    html = json.loads(client.get(url).content)["html"]
    assert "선택" not in html and re.search(r">\s*Choose\s*<span", html)
    _admin(client, admin_user, "ko")
    assert re.search(r">\s*선택\s*<span", json.loads(client.get(url).content)["html"])


@pytest.mark.parametrize("code", [c for c in languages.CODES if c != "en"])
def test_a_translator_meets_wagtail_localize_in_their_language(client, admin_user, code):
    """The submit form, the editor's header and buttons (its React catalog) are in the portal's
    languages, which wagtail-localize mostly lacks (locale/*/django.po and djangojs.po)."""
    with override(code):
        for msgid in ("Translate this page", "Locales", "Translation of %(instance)s into %(locale)s"):
            assert gettext(msgid) != msgid, msgid
    _admin(client, admin_user, code)
    catalog = _text(client.get(reverse("wagtail_localize:javascript_catalog")))
    for msgid in ("Publish in ", "Uses %s version", "Save", "Translate"):
        assert re.search(r'"%s": "(?!%s")' % (re.escape(msgid), re.escape(msgid)), catalog), msgid


def test_snippet_widgets_and_breadcrumbs_made_once_follow_each_admin():
    """Wagtail builds a snippet viewset's form (its chooser widgets) and breadcrumbs once, in the
    language active then: made in Korean, they must still read in English for an English admin."""
    from services.models import Region

    with override("ko"):
        widget = Region.snippet_viewset.chooser_viewset.widget_class()
        crumbs = Region.snippet_viewset.breadcrumbs_items
    with override("en"):
        assert [str(widget.choose_one_text), str(widget.choose_another_text)] == ["Choose region", "Choose another region"]
        assert str(crumbs[0]["label"]) == "Home"
    with override("ko"):
        assert str(widget.choose_one_text) == "지역 선택"


def test_every_portal_language_is_an_admin_language_and_urdu_is_right_to_left(client, admin_user):
    assert [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == list(languages.CODES)
    _admin(client, admin_user, "en")
    assert 'value="ur"' in client.get("/admin/account/").content.decode()
    _admin(client, admin_user, "ur")
    html = client.get("/admin/").content.decode()
    assert re.search(r'<html lang="ur" dir="rtl"', html)


def test_languages_are_named_natively_then_in_english(client, admin_user, import_jsonl):
    assert Locale.objects.get(language_code="vi").get_display_name() == "Tiếng Việt (Vietnamese)"
    assert Locale.objects.get(language_code="en").get_display_name() == "English"
    import_jsonl(article())  # in Korean only, so every language can be ticked
    korean = ArticlePage.objects.get(slug="unpaid-wages-demo", locale__language_code="ko")
    _admin(client, admin_user, "en")
    form = client.get(reverse("wagtail_localize:submit_page_translation", args=[korean.id])).content.decode()
    dashboard = client.get("/admin/").content.decode()
    for html in (form, dashboard):
        assert "Tiếng Việt (Vietnamese)" in html and "اردو (Urdu)" in html


def test_the_translation_editor_gets_the_direction_script(client, admin_user):
    _admin(client, admin_user, "en")
    home = Page.objects.get(depth=2, locale__language_code="ko")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[home.id])).content.decode()
    assert re.search(r'<script src="/static/js/translation-editor-direction\.js[^"]*" data-rtl-languages="ur">', html)


# Absolute URLs in the admin that are only links a person may follow, never loaded by the page.
LINK_ONLY_HOSTS = {"guide.wagtail.org", "www.enable-javascript.com"}
LOADING_ATTRIBUTE = re.compile(r'\b(?:src|srcset|poster|data-src)="([^"]*)"|<link\b[^>]*\bhref="([^"]*)"|url\(([^)]*)\)', re.I)


def test_the_admin_asks_no_third_party_for_anything(client, admin_user):
    _admin(client, admin_user, "en")
    home = Page.objects.get(depth=2, locale__language_code="ko")
    for url in ("/admin/", "/admin/account/", "/admin/users/", "/admin/pages/", f"/admin/pages/{home.id}/edit/",
                reverse("wagtail_localize:submit_page_translation", args=[home.id])):
        text = _text(client.get(url))
        assert "gravatar" not in text.lower(), url
        # URLs that are a value (of an attribute, or in the sidebar's JSON), not words in a help text
        hosts = {host.lower() for host in re.findall(r"""(?:=\s*["']|":\s*")(?:https?:)?//([^/"'\s<>&\\]+)""", text)}
        assert hosts <= LINK_ONLY_HOSTS | {"testserver"}, (url, hosts)
        loaded = [next(filter(None, found)) for found in LOADING_ATTRIBUTE.findall(text)]
        assert not [address for address in loaded if re.match(r"\s*['\"]?(https?:)?//", address)], url


def test_public_pages_keep_their_language(client):
    assert '<html lang="vi"' in client.get("/vi/").content.decode()
    korean = client.get("/ko/").content.decode()
    with override("ko"):
        assert gettext("Skip to content") in korean
