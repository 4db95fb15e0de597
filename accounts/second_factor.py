"""Who must pass a second factor (a TOTP code) before using the admin, and whether this session has.

Accounts that can read decrypted help-desk cases or take moderation actions,
or could give themselves those permissions, sign in with a password and a
6-digit code from an authenticator app. The codes, the secrets and the
recovery codes are django-allauth's MFA (allauth.mfa: its Authenticator
model, TOTP and recovery codes); passing the step is recorded in the session
the way allauth records it (an "mfa" authentication record), so a staff
member who signed in through the members' login with their code has passed
too, and logging out (which flushes the session) clears it.

SecondFactorMiddleware sends a privileged user whose session has not passed
to the enrolment page (no authenticator yet) or the code page, from every
URL of /admin/ and /django-admin/ except those below.
"""
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

from community.admin_views import MODERATE, SANCTION
from helpdesk.cases import WORK_PERMISSION

PRIVILEGED_PERMISSIONS = (
    WORK_PERMISSION,  # helpdesk.change_case: the inbox and the case pages, decrypted
    "helpdesk.view_case",
    MODERATE,  # community.change_post: approve, hide, delete posts
    SANCTION,  # community.add_moderationaction: warn, suspend members
    "community.change_report",
    # Managing users and groups lets an account give itself any permission above.
    "auth.add_user", "auth.change_user", "auth.add_group", "auth.change_group",
)

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Reachable before the second step: signing in and out, the step itself, and the
# admin's icons and interface translations (no data) that its pages load.
OPEN_VIEWS = {
    "wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite",
    "admin:login", "admin:logout",
    "accounts_second_factor", "accounts_second_factor_enrol",
}


def needs_second_factor(user):
    """True for an active account that can read help-desk cases, moderate, or grant either."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(user.has_perm(permission) for permission in PRIVILEGED_PERMISSIONS)


def has_passed(request):
    """Whether this session's user gave a valid code (here or at the members' login)."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def has_authenticator(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def step_url(user, next_url=None):
    """The code page, or the enrolment page for someone without an authenticator yet."""
    url = reverse("accounts_second_factor" if has_authenticator(user) else "accounts_second_factor_enrol")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorMiddleware:
    """After AuthenticationMiddleware and allauth's AccountMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(ADMIN_PREFIXES) or request.resolver_match.view_name in OPEN_VIEWS:
            return None
        if not needs_second_factor(request.user) or has_passed(request):
            return None
        # Nothing of the view runs: no case is decrypted, no decision is taken.
        next_url = request.get_full_path() if request.method == "GET" else None
        return redirect(step_url(request.user, next_url))
