"""Roles × the admin's place, event and import views, as one table.

Every cell is a real request against the real views: "ok" (the page, 200),
"denied" (Wagtail's answer to staff without the permission: back to the
dashboard with a message), "login" (no admin access at all: to the sign-in page).
Adding a role or a view means adding a row or a column here.
"""
import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Locale
from wagtail_localize.operations import TranslationCreator

from accounts.models import Member
from portal import roles
from services import pending_imports
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

ROLES = ("administrator", "editor", "translator_vi", "translator_ur", "moderator", "counsellor",
         "helpdesk_manager", "anonymous", "member")
GROUPS = {
    "administrator": roles.ADMINISTRATORS, "editor": roles.EDITORS,
    "translator_vi": roles.translator_group_name("vi"), "translator_ur": roles.translator_group_name("ur"),
    "moderator": roles.MODERATORS, "counsellor": roles.COUNSELLORS, "helpdesk_manager": roles.HELPDESK_MANAGERS,
}
EDITORS = {"administrator", "editor"}
TRANSLATORS = {"translator_vi", "translator_ur"}

# view -> roles that get the page; the other staff are denied, anonymous users and members sent to sign in.
TABLE = {
    "places listing": EDITORS | TRANSLATORS,
    "place edit (Korean)": EDITORS,
    "place translation edit (vi)": EDITORS | {"translator_vi"},
    "event listing": EDITORS | TRANSLATORS,
    "event edit (Korean)": EDITORS,
    "event translation edit (vi)": EDITORS | {"translator_vi"},
    "place import upload": EDITORS,
    "event import upload": EDITORS,
    "import confirm": EDITORS,
}


def expected(role, view):
    if role in TABLE[view]:
        return "ok"
    return "login" if role in ("anonymous", "member") else "denied"


def outcome(response):
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        return "login"
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return "denied"
    return f"{response.status_code} {response.get('Location', '')}"


@pytest.fixture
def content(make_place, make_event, regions):
    """A Korean place and event, each sent for translation into Vietnamese (wagtail-localize's Translation)."""
    place = make_place("수원시외국인복지센터", category="foreign-resident-centre", region=regions["KR-41110"])
    event = make_event("한국어 교실", place=place)
    vietnamese = Locale.objects.get(language_code="vi")
    creator = TranslationCreator(user=None, target_locales=[vietnamese])
    creator.create_translations(place)
    creator.create_translations(event)
    return {
        "place": place, "event": event,
        "place_vi": place.get_translation(vietnamese), "event_vi": event.get_translation(vietnamese),
    }


def make_user(role):
    if role == "anonymous":
        return None
    user = User.objects.create_user(username=role, password="not-used-123")
    if role == "member":
        Member.objects.create(user=user, nickname="Lan")
    else:
        user.groups.add(Group.objects.get(name=GROUPS[role]))
    return user


def request(client, view, content, user):
    snippets = "/admin/snippets/services"
    if view == "places listing":
        return client.get(f"{snippets}/place/")
    if view == "place edit (Korean)":
        return client.get(f"{snippets}/place/edit/{content['place'].pk}/")
    if view == "place translation edit (vi)":
        return client.get(f"{snippets}/place/edit/{content['place_vi'].pk}/")
    if view == "event listing":
        return client.get(f"{snippets}/event/")
    if view == "event edit (Korean)":
        return client.get(f"{snippets}/event/edit/{content['event'].pk}/")
    if view == "event translation edit (vi)":
        return client.get(f"{snippets}/event/edit/{content['event_vi'].pk}/")
    if view == "place import upload":
        return client.get("/admin/services/import/places/")
    if view == "event import upload":
        return client.get("/admin/services/import/events/")
    if view == "import confirm":
        # An upload of this user's own, as the preview would have kept it: only the permission decides.
        token = pending_imports.keep(user, "places", "external_id,name,category,latitude,longitude\n") if user else "x"
        return client.post("/admin/services/import/places/confirm/", {"token": token})
    raise AssertionError(view)


@pytest.mark.parametrize("view", TABLE)
@pytest.mark.parametrize("role", ROLES)
def test_role_view_table(client, content, role, view):
    user = make_user(role)
    if user:
        log_in(client, user)
    response = request(client, view, content, user)
    assert outcome(response) == expected(role, view), f"{role} on {view}"


def test_the_table_names_every_role_the_portal_sets_up():
    staff_groups = set(Group.objects.exclude(name__startswith="Translators: ").values_list("name", flat=True))
    assert staff_groups <= set(GROUPS.values())
