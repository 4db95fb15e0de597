"""The staff's second factor: who is asked, enrolment, the code page, its throttle, and what stays shut until then.

Codes are computed from the secret the enrolment page shows, as an
authenticator app would (RFC 6238, allauth's implementation).
"""
import re
import time

import pytest
import time_machine
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from wagtail.users.models import UserProfile

from accounts.second_factor import needs_second_factor
from portal import roles
from portal.middleware import ADMIN_POLICY
from tests.accounts.conftest import PASSWORD
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

VERIFY, ENROL = "/admin/second-factor/", "/admin/second-factor/enrol/"

GROUPS = {
    "editor": roles.EDITORS,
    "translator_vi": roles.translator_group_name("vi"),
    "moderator": roles.MODERATORS,
    "counsellor": roles.COUNSELLORS,
    "manager": roles.HELPDESK_MANAGERS,
    "administrator": roles.ADMINISTRATORS,
}
# role -> asked for a second factor (it can read cases, moderate, or manage users)
WHO_IS_ASKED = {
    "anonymous": False,
    "member": False,
    "editor": False,
    "translator_vi": False,
    "moderator": True,
    "counsellor": True,
    "manager": True,
    "administrator": True,
    "superuser": True,
    "inactive superuser": False,
}


def make_user(role):
    if role == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    if "superuser" in role:
        return User.objects.create_superuser(role.replace(" ", "-"), password=PASSWORD, is_active=role == "superuser")
    user = User.objects.create_user(username=role, password=PASSWORD, is_staff=True)
    if role in GROUPS:
        user.groups.add(Group.objects.get(name=GROUPS[role]))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin in English, so the tests read the English texts
    profile.save()
    return user


def code_for(secret, at=None):
    """The 6-digit code an authenticator app shows for `secret` now (or at the time `at`)."""
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def sign_in(user, address="203.0.113.5"):
    """The admin's real login form, password only."""
    client = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    return client


def enrolled(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.mark.parametrize("role", WHO_IS_ASKED)
def test_who_is_asked_for_a_second_factor(role):
    assert needs_second_factor(make_user(role)) is WHO_IS_ASKED[role]


@pytest.mark.parametrize("role", ["editor", "translator_vi"])
def test_editors_and_translators_are_not_asked(role):
    client = sign_in(make_user(role))
    assert client.get("/admin/").status_code == 200
    assert client.get(VERIFY).status_code == 302  # nothing to do there


def test_a_new_privileged_user_enrols_with_the_secret_shown_then_gets_recovery_codes():
    user = make_user("counsellor")
    client = sign_in(user)
    response = client.get("/admin/helpdesk/")
    assert response.status_code == 302 and response["Location"] == f"{ENROL}?next=%2Fadmin%2Fhelpdesk%2F"

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "Set up two-step sign-in" in html
    secret = re.search(r'data-secret="([A-Z2-7]+)"', html).group(1)
    assert f"otpauth://totp/counsellor?secret={secret}&amp;issuer=" in html
    assert "<svg" in html and "<?xml" not in html  # the QR code inline, nothing loaded from elsewhere
    assert page["Content-Security-Policy"] == ADMIN_POLICY
    assert client.get(ENROL).content.decode().count(secret) >= 2  # a reload shows the same secret

    wrong = client.post(ENROL, {"code": "000000" if code_for(secret) != "000000" else "111111", "next": "/admin/helpdesk/"})
    assert "Wrong code." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()

    done = client.post(ENROL, {"code": code_for(secret), "next": "/admin/helpdesk/"})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert done.status_code == 200 and len(codes) == 10
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {"totp", "recovery_codes"}
    assert 'href="/admin/helpdesk/"' in done.content.decode()
    assert client.get("/admin/helpdesk/").status_code == 200


def test_the_code_page_lets_the_right_code_in_once():
    user = make_user("moderator")
    secret = enrolled(user)
    client = sign_in(user)
    assert client.get("/admin/community/")["Location"] == f"{VERIFY}?next=%2Fadmin%2Fcommunity%2F"
    assert client.get(ENROL)["Location"].startswith(VERIFY)  # already enrolled: no second secret
    assert "Enter the 6-digit code" in client.get(VERIFY).content.decode()

    with time_machine.travel(time.time(), tick=False):
        code = code_for(secret)
        response = client.post(VERIFY, {"code": code, "next": "/admin/community/"})
        assert response.status_code == 302 and response["Location"] == "/admin/community/"
        assert client.get("/admin/community/").status_code == 200
        # The same code, seen over a shoulder, does not open a second session.
        thief = sign_in(user, address="198.51.100.66")
        assert "Wrong code." in thief.post(VERIFY, {"code": code}).content.decode()
        assert thief.get("/admin/community/").status_code == 302


def test_a_recovery_code_works_once_instead_of_the_app():
    user = make_user("manager")
    client = sign_in(user)
    secret = re.search(r'data-secret="(\w+)"', client.get(ENROL).content.decode()).group(1)
    codes = re.findall(r"<li><code>(\w+)</code></li>", client.post(ENROL, {"code": code_for(secret)}).content.decode())

    lost_phone = sign_in(user, address="203.0.113.6")
    assert lost_phone.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert lost_phone.get("/admin/helpdesk/").status_code == 200
    again = sign_in(user, address="203.0.113.7")
    assert "Wrong code." in again.post(VERIFY, {"code": codes[0]}).content.decode()


def test_wrong_codes_lock_the_code_page_like_passwords():
    user = make_user("administrator")
    secret = enrolled(user)
    per_account = [rate for rate in allauth_ratelimit.parse_rates(settings.LOGIN_FAILED_RATE) if rate.per == "key"][0]
    client = sign_in(user)
    with time_machine.travel(time.time(), tick=False) as traveller:
        wrong = "000000" if code_for(secret) != "000000" else "111111"
        for _ in range(per_account.amount):
            assert "Wrong code." in client.post(VERIFY, {"code": wrong}).content.decode()
        locked = client.post(VERIFY, {"code": code_for(secret)})
        assert f"Too many failed attempts. Try again in {int(per_account.duration // 60)} min." in locked.content.decode()
        # Another session of the same account, from elsewhere, waits too.
        elsewhere = sign_in(user, address="198.51.100.20")
        assert "Too many failed attempts." in elsewhere.post(VERIFY, {"code": code_for(secret)}).content.decode()
        assert client.get("/admin/").status_code == 302

        traveller.shift(per_account.duration + 30)
        assert client.post(VERIFY, {"code": code_for(secret)}).status_code == 302
        assert client.get("/admin/").status_code == 200


def test_signing_out_ends_the_second_factor_too():
    user = make_user("moderator")
    client = log_in(Client(), user)
    assert client.get("/admin/community/").status_code == 200
    client.post("/admin/logout/")
    client.force_login(user)  # the password again, in the same browser
    assert client.get("/admin/community/")["Location"].startswith(VERIFY)


def test_the_step_passed_at_the_members_login_counts_in_the_admin():
    """A counsellor with an email can sign in at /<language>/account/login/; allauth asks for the code there."""
    from allauth.account.models import EmailAddress

    user = make_user("counsellor")
    user.email = "counsellor@example.org"
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    secret = enrolled(user)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/en/account/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]
    assert client.get("/admin/helpdesk/").status_code == 302  # not signed in yet
    assert client.post(response["Location"], {"code": code_for(secret)}).status_code == 302
    assert client.get("/admin/helpdesk/").status_code == 200


def test_the_django_admin_asks_for_the_second_factor_too():
    user = make_user("superuser")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/django-admin/login/", {"username": user.username, "password": PASSWORD, "next": "/django-admin/"})
    assert response.status_code == 302
    assert client.get("/django-admin/")["Location"] == f"{ENROL}?next=%2Fdjango-admin%2F"
    assert client.get("/django-admin/mfa/authenticator/").status_code == 302


def test_the_pages_open_before_the_second_step_exist():
    """A renamed view must not silently drop out of (or into) the open list."""
    from django.urls import reverse

    from accounts.second_factor import OPEN_VIEWS

    assert all(reverse(name).startswith(("/admin/", "/django-admin/")) for name in OPEN_VIEWS)


def test_the_shared_test_helper_passes_the_real_code_page():
    user = make_user("counsellor")
    client = log_in(Client(), user)
    assert client.get("/admin/helpdesk/").status_code == 200
    assert log_in(Client(), user).get("/admin/helpdesk/").status_code == 200  # twice within one time step
    assert Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes().__len__() == 8


# --- nothing behind the admin before the second step --------------------------------

def _sample(pattern_text, ids):
    """Concrete paths for a route or regex, one per id for its integer parts."""
    text = re.sub(r"^\^|\$$", "", pattern_text).replace("^", "").replace(r"\.", ".")
    text = re.sub(r"\(\?P<\w+>(\w+)(\|[^)]*)?\)", r"\1", text)  # a choice: its first word
    text = re.sub(r"\(\?P<\w+>\\d\+\)", "<int:id>", text)
    text = re.sub(r"\(\?P<\w+>[^)]*\)|\.\*", "x", text)
    text = re.sub(r"<(str|slug|path):\w+>", "x", text)
    text = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", text)
    return {re.sub(r"<int:\w+>", str(id), text) for id in ids}


def _admin_paths(ids):
    from django.urls import URLResolver, get_resolver
    from django.urls.resolvers import RegexPattern, RoutePattern

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern.pattern, RoutePattern):
                part = pattern.pattern._route
            elif isinstance(pattern.pattern, RegexPattern):
                part = pattern.pattern._regex
            else:
                continue  # the readers' language prefix: not the admin
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + re.sub(r"^\^", "", part))
            else:
                yield prefix + part

    return sorted({path for route in walk(get_resolver().url_patterns, "/") if route.startswith(("/admin/", "/django-admin/"))
                   for path in _sample(route, ids)})


# Every admin URL for the account that can do everything; their own areas for the others.
@pytest.mark.parametrize("role, area, at_least", [
    ("superuser", "/", 300), ("counsellor", "/admin/helpdesk/", 10), ("moderator", "/admin/community/", 10),
])
def test_without_the_second_factor_no_admin_url_shows_a_case_or_takes_a_decision(role, area, at_least):
    from django.urls import Resolver404, resolve

    from accounts.second_factor import OPEN_VIEWS
    from community.constants import Status
    from community.models import ModerationAction
    from helpdesk import cases
    from helpdesk.models import CaseAccess
    from tests.accounts.conftest import make_member
    from tests.community.conftest import make_thread

    case, _code = cases.open_case(language="vi", topic="employment", question="Công ty không trả lương ba tháng.",
                                  contact_method="phone", contact_value="010-1234-5678", name="Nguyen Van A")
    author = make_member("lan@example.org", "Lan").member
    post = make_thread(author, status=Status.PENDING).posts.get()
    user = make_user(role)
    enrolled(user)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)  # the password step only

    checked = 0
    for path in [path for path in _admin_paths({case.pk, post.pk, author.pk}) if path.startswith(area)]:
        try:
            view_name = resolve(path).view_name
        except Resolver404:
            continue
        if view_name in OPEN_VIEWS:
            continue
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302 and response["Location"].startswith(VERIFY), (path, response)
            assert b"Nguyen Van A" not in response.content and b"1234" not in response.content
        checked += 1
    assert checked >= at_least, checked  # every view of the area, not a handful
    assert not CaseAccess.objects.filter(user=user).exists()  # no case was opened
    post.refresh_from_db()
    assert post.status == Status.PENDING and not ModerationAction.objects.exists()


@pytest.mark.parametrize("path", ["/vi/account/2fa/", "/vi/account/2fa/totp/activate/", "/vi/account/2fa/recovery-codes/"])
def test_members_get_none_of_allauths_authenticator_pages(client, path):
    # Not ours, not translated into the readers' languages: staff enrol in the admin instead.
    assert client.get(path).status_code == 404
