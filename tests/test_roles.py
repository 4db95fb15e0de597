"""Roles × admin views, as one table: who may see, edit and publish what.

Adding a role or a view means adding a row or a column here; every cell is
exercised against the real admin views.
"""
import pytest
from django.contrib.auth.models import Group, User
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from home.models import ArticlePage, TopicIndexPage
from portal import roles
from tests.conftest import article
from tests.permissions import admin_allowed, before_second_factor, log_in

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "editor", "translator_vi", "translator_th", "moderator", "administrator")

# view name -> roles allowed
TABLE = {
    "admin home": {"editor", "translator_vi", "translator_th", "moderator", "administrator"},
    "edit Korean article": {"editor", "administrator"},
    "edit Vietnamese article": {"translator_vi", "administrator"},
    "add Korean article": {"editor", "administrator"},
    "add Vietnamese topic child": {"translator_vi", "administrator"},
    "publish Korean article": {"editor", "administrator"},
    "publish Vietnamese article": {"translator_vi", "administrator"},
    "submit for translation": {"editor", "administrator"},
    "translation status report": {"editor", "translator_vi", "translator_th", "administrator"},
    "users": {"administrator"},
    "search synonyms": {"editor", "administrator"},
    "add search synonym": {"editor", "administrator"},
    "promoted search results": {"editor", "administrator"},
    "places": {"editor", "administrator", "translator_vi", "translator_th"},
    "members": {"administrator"},
    "events": {"editor", "administrator", "translator_vi", "translator_th"},
    # The second sign-in step, right after the password (tests/accounts/test_second_factor.py).
    "second factor: enrol": {"moderator", "administrator"},
    "second factor: code": {"moderator", "administrator"},
}


@pytest.fixture
def pages(import_jsonl):
    import_jsonl(article(key="role-test", body="본문."), article(key="role-test", locale="vi", body="Nội dung."))
    korean = ArticlePage.objects.get(slug="role-test", locale__language_code="ko")
    vietnamese = ArticlePage.objects.get(slug="role-test", locale__language_code="vi")
    return {"ko": korean, "vi": vietnamese, "vi_topic": TopicIndexPage.objects.get(topic="employment", locale__language_code="vi")}


def _user(role):
    if role == "anonymous":
        return None
    group = {
        "editor": roles.EDITORS,
        "translator_vi": roles.translator_group_name("vi"),
        "translator_th": roles.translator_group_name("th"),
        "moderator": roles.MODERATORS,
        "administrator": roles.ADMINISTRATORS,
    }[role]
    user = User.objects.create_user(username=role, password="x-" + role)
    user.groups.add(Group.objects.get(name=group))
    return user


def _publish(client, page):
    """Submit the real edit form, unchanged, with the publish action."""
    from django.contrib.auth.models import User as U

    admin = U.objects.create_superuser(username=f"form-reader-{page.id}", password="x")
    reader = client.__class__()
    log_in(reader, admin)
    data = querydict_from_html(reader.get(f"/admin/pages/{page.id}/edit/").content.decode(), form_id="page-edit-form")
    data = data.copy()
    # The StreamField editor is drawn by JavaScript, so its fields are not in the HTML.
    body = nested_form_data({"body": streamfield([("text", rich_text(page.body[0].value.source))])})
    for name, value in body.items():
        data[name] = value
    data["action-publish"] = "action-publish"
    return client.post(f"/admin/pages/{page.id}/edit/", data)


def _request(client, view, pages):
    ko, vi = pages["ko"], pages["vi"]
    if view == "admin home":
        return client.get("/admin/")
    if view == "edit Korean article":
        return client.get(f"/admin/pages/{ko.id}/edit/")
    if view == "edit Vietnamese article":
        return client.get(f"/admin/pages/{vi.id}/edit/")
    if view == "add Korean article":
        return client.get(f"/admin/pages/add/home/articlepage/{ko.get_parent().id}/")
    if view == "add Vietnamese topic child":
        return client.get(f"/admin/pages/add/home/articlepage/{pages['vi_topic'].id}/")
    if view == "publish Korean article":
        return _publish(client, ko)
    if view == "publish Vietnamese article":
        return _publish(client, vi)
    if view == "submit for translation":
        return client.get(f"/admin/localize/submit/page/{ko.id}/")
    if view == "translation status report":
        return client.get("/admin/translation-status/")
    if view == "users":
        return client.get("/admin/users/")
    if view == "search synonyms":
        return client.get("/admin/snippets/portal_search/synonymgroup/")
    if view == "add search synonym":
        return client.post("/admin/snippets/portal_search/synonymgroup/add/", {"locale": "ko", "terms": "알바, 아르바이트"})
    if view == "promoted search results":
        return client.get("/admin/searchpicks/")
    if view == "places":
        return client.get("/admin/snippets/services/place/")
    if view == "members":
        return client.get("/admin/snippets/accounts/member/")
    if view == "events":
        return client.get("/admin/snippets/services/event/")
    if view == "second factor: enrol":
        return before_second_factor(client).get("/admin/second-factor/enrol/")
    if view == "second factor: code":
        return before_second_factor(client).get("/admin/second-factor/")
    raise AssertionError(view)


@pytest.mark.parametrize("view", TABLE)
@pytest.mark.parametrize("role", ROLES)
def test_role_view_table(client, pages, role, view):
    user = _user(role)
    if user:
        log_in(client, user)
    response = _request(client, view, pages)
    expected = role in TABLE[view]
    assert admin_allowed(response) is expected, f"{role} on {view}: {response.status_code} {response.get('Location', '')}"


def test_publishing_really_publishes(client, pages):
    log_in(client, _user("translator_vi"))
    vietnamese = pages["vi"]
    revisions = vietnamese.revisions.count()
    _publish(client, vietnamese)
    assert vietnamese.revisions.count() == revisions + 1


def test_setup_roles_is_idempotent_and_resets_wagtails_defaults():
    editors = Group.objects.get(name=roles.EDITORS)
    before = sorted(editors.page_permissions.values_list("page_id", "permission__codename"))
    roles.setup_roles()
    assert sorted(editors.page_permissions.values_list("page_id", "permission__codename")) == before
    assert {page.depth for page in [p.page for p in editors.page_permissions.all()]} == {2}
    assert not Group.objects.get(name=roles.MODERATORS).page_permissions.exists()
