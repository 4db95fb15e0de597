"""Roles × help-desk views, as one table: who may ask, read, work cases, keep partners, see reports.

Every cell runs the real view. For the changes (answer, status, assign,
referral, add partner) the table also checks that a refused request changed
nothing and an allowed one did. The purge is a management command (cron),
not a view: no role reaches it through the web.
"""
import pytest
from django.contrib.auth.models import Group, User

from helpdesk.models import Answer, Case, Partner, Referral
from portal import roles
from tests.permissions import admin_allowed, before_second_factor, log_in

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "editor", "counsellor", "manager", "administrator")
HELPDESK_STAFF = {"counsellor", "manager", "administrator"}
EVERYONE = set(ROLES)

# view -> roles allowed
TABLE = {
    "ask form": EVERYONE,
    "case status page": EVERYONE,
    "admin inbox": HELPDESK_STAFF,
    "case page": HELPDESK_STAFF,
    "log a call": HELPDESK_STAFF,
    "answer": HELPDESK_STAFF,
    "status change": HELPDESK_STAFF,
    "assign": HELPDESK_STAFF,
    "referrals": HELPDESK_STAFF,
    "partner directory": HELPDESK_STAFF,
    "add partner": {"manager", "administrator"},
    "questions without an article": {"editor", "counsellor", "manager", "administrator"},
    "statistics dashboard": {"manager", "administrator"},
    "statistics CSV export": {"manager", "administrator"},
    "public statistics": EVERYONE,
    # The second sign-in step, right after the password (tests/accounts/test_second_factor.py).
    "second factor: enrol": HELPDESK_STAFF,
    "second factor: code": HELPDESK_STAFF,
}

GROUPS = {
    "editor": roles.EDITORS,
    "counsellor": roles.COUNSELLORS,
    "manager": roles.HELPDESK_MANAGERS,
    "administrator": roles.ADMINISTRATORS,
}


def _user(role):
    if role == "anonymous":
        return None
    user = User.objects.create_user(username=role, password="x-" + role)
    if role in GROUPS:
        user.groups.add(Group.objects.get(name=GROUPS[role]))
    return user


@pytest.fixture
def case(open_case):
    return open_case()[0]


def _request(client, view, case, partner):
    base = f"/admin/helpdesk/cases/{case.pk}/"
    return {
        "ask form": lambda: client.get("/vi/help/ask/"),
        "case status page": lambda: client.get("/vi/help/case/"),
        "admin inbox": lambda: client.get("/admin/helpdesk/"),
        "case page": lambda: client.get(base),
        "log a call": lambda: client.get("/admin/helpdesk/log/"),
        "answer": lambda: client.post(base + "answer/", {"text": "An answer"}),
        "status change": lambda: client.post(base + "status/", {"status": "in_progress"}),
        "assign": lambda: client.post(base + "assign/", {"me": "1"}),
        "referrals": lambda: client.post(base + "refer/", {"partner": partner.pk}),
        "partner directory": lambda: client.get("/admin/snippets/helpdesk/partner/"),
        "add partner": lambda: client.post("/admin/snippets/helpdesk/partner/add/", {
            "name": "Gwangju Legal Aid", "kind": "lawyer", "phone": "", "email": "", "languages": "ko, en", "active": "on"}),
        "questions without an article": lambda: client.get("/admin/helpdesk/article-gaps/"),
        "statistics dashboard": lambda: client.get("/admin/helpdesk/statistics/"),
        "statistics CSV export": lambda: client.get("/admin/helpdesk/statistics/language.csv"),
        "public statistics": lambda: client.get("/vi/help/statistics/"),
        "second factor: enrol": lambda: before_second_factor(client).get("/admin/second-factor/enrol/"),
        "second factor: code": lambda: before_second_factor(client).get("/admin/second-factor/"),
    }[view]()


# What an allowed change leaves behind (and a refused one must not).
EFFECTS = {
    "answer": lambda case: Answer.objects.filter(case=case).exists(),
    "status change": lambda case: Case.objects.get(pk=case.pk).status == "in_progress",
    "assign": lambda case: Case.objects.get(pk=case.pk).assigned_to_id is not None,
    "referrals": lambda case: Referral.objects.filter(case=case).exists(),
    "add partner": lambda case: Partner.objects.filter(name="Gwangju Legal Aid").exists(),
}


@pytest.mark.parametrize("view", TABLE)
@pytest.mark.parametrize("role", ROLES)
def test_role_view_table(client, case, partner, role, view):
    user = _user(role)
    if user:
        log_in(client, user)
    response = _request(client, view, case, partner)
    expected = role in TABLE[view]
    assert admin_allowed(response) is expected, f"{role} on {view}: {response.status_code} {response.get('Location', '')}"
    if view in EFFECTS:
        assert EFFECTS[view](case) is expected, f"{role} on {view}: effect"


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_and_administrators_may_see_statistics(role):
    user = _user(role)
    allowed = bool(user) and user.has_perm("helpdesk.view_helpdesk_statistics")
    assert allowed is (role in {"manager", "administrator"})


def test_setup_roles_is_idempotent_for_the_help_desk_groups():
    counsellors = Group.objects.get(name=roles.COUNSELLORS)
    before = sorted(counsellors.permissions.values_list("codename", flat=True))
    roles.setup_roles()
    assert sorted(counsellors.permissions.values_list("codename", flat=True)) == before
    assert "delete_partner" not in before and "change_case" in before
