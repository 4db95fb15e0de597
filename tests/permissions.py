"""What "allowed" means in the role × view tables (tests/test_roles.py, tests/helpdesk/, tests/community/),
and how staff sign in for them (log_in).
"""
import re


def admin_allowed(response):
    """A GET answered 200, or a redirect that is neither to the login page nor back to the admin's front door."""
    if response.status_code == 200 and response.request["REQUEST_METHOD"] == "GET":
        return True
    if response.status_code == 302:
        location = response["Location"]
        return not (location.startswith("/admin/login/") or location.rstrip("/") == "/admin")
    return False


SECOND_FACTOR_URL = "/admin/second-factor/"


def log_in(client, user):
    """Sign `user` in as a real session does: the password step, then, for staff who need one, the second factor.

    The second factor goes through the code page (accounts.second_factor_views.verify)
    with one of the user's recovery codes, each good once, so a test may sign the same
    user in several times within one TOTP time step. Users without an authenticator
    get one first, as enrolment would give them.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.second_factor import needs_second_factor

    client.force_login(user)
    if not needs_second_factor(user):
        return client
    authenticators = Authenticator.objects.filter(user=user)
    if not authenticators.filter(type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    recovery = authenticators.filter(type=Authenticator.Type.RECOVERY_CODES).first()
    codes = recovery.wrap().get_unused_codes() if recovery else []
    if not codes:
        authenticators.filter(type=Authenticator.Type.RECOVERY_CODES).delete()
        codes = RecoveryCodes.activate(user).get_unused_codes()
    page = client.get(SECOND_FACTOR_URL).content.decode()  # the form, and its CSRF token for strict clients
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(SECOND_FACTOR_URL, {"code": codes[0], "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and not response["Location"].startswith(SECOND_FACTOR_URL), response
    return client


def before_second_factor(client):
    """A new session of the client's user, signed in with the password only (anonymous stays anonymous)."""
    from django.contrib.auth import get_user_model

    fresh = client.__class__()
    user_id = client.session.get("_auth_user_id")
    if user_id:
        fresh.force_login(get_user_model().objects.get(pk=user_id))
    return fresh


def staff_user(username, *groups, admin_language="en"):
    """A staff member in the named groups, reading the admin in `admin_language` (the tests read English)."""
    from django.contrib.auth.models import Group, User
    from wagtail.users.models import UserProfile

    user = User.objects.create_user(username=username, password="not-used-123")
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = admin_language
    profile.save()
    return user
