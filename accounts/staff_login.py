"""The staff's username + password sign-in (Wagtail's /admin/login/, Django's /django-admin/login/), throttled.

- StaffLoginBackend replaces Django's ModelBackend: while the client or the
  username is locked (accounts.login_throttle) it refuses, even the right
  password. Its signature takes a username and a password only, so Django
  never asks it about allauth's member logins (by email), which allauth
  throttles itself: no failure is counted twice.
- Failures are counted on Django's user_login_failed signal, which fires
  once when every backend said no; a successful sign-in clears the
  account's count (user_logged_in).
- The two login forms say "try again in N min." instead of "wrong password"
  to someone who is locked out.
"""
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from wagtail.admin.forms.auth import LoginForm

from accounts.login_throttle import PASSWORDS, locked_message

# Set on the request by the backend: the username tried, and how long it is locked (seconds).
ATTEMPT = "_staff_login_username"
LOCKED = "_staff_login_locked_for"


class StaffLoginBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None):
        if username is None or password is None:
            return None
        if request is not None:
            setattr(request, ATTEMPT, username)
        locked_for = PASSWORDS.locked_for(request, username)
        if locked_for:
            if request is not None:
                setattr(request, LOCKED, locked_for)
            raise PermissionDenied  # stops Django from asking the other backends
        return super().authenticate(request, username=username, password=password)


@receiver(user_login_failed, dispatch_uid="accounts.staff_login.count_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    username = getattr(request, ATTEMPT, None)
    # Refusals while locked are not counted: the lock ends when it said it would.
    if username is not None and not getattr(request, LOCKED, 0):
        PASSWORDS.fail(request, username)


@receiver(user_logged_in, dispatch_uid="accounts.staff_login.clear_failures")
def clear_failures(sender, request, user, **kwargs):
    username = getattr(request, ATTEMPT, None)
    if username is not None:
        PASSWORDS.succeed(username)


class LockedOutMessage:
    """For a login form: the lock and its remaining time instead of "wrong password"."""

    def get_invalid_login_error(self):
        locked_for = getattr(self.request, LOCKED, 0)
        if locked_for:
            return ValidationError(locked_message(locked_for), code="locked")
        return super().get_invalid_login_error()


class StaffLoginForm(LockedOutMessage, LoginForm):
    """Wagtail's login form (settings.WAGTAILADMIN_USER_LOGIN_FORM)."""


class AdminSiteLoginForm(LockedOutMessage, AdminAuthenticationForm):
    """Django admin's login form (admin.site.login_form, set in AccountsConfig.ready)."""
