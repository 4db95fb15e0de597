"""The second step of the staff's sign-in, under /admin/second-factor/: enrol an authenticator app, then give its code.

Built on allauth's MFA: the secret waits in the session until a first code
confirms it (allauth's get_totp_secret), then becomes a TOTP Authenticator;
ten recovery codes are made at the same time and shown once. Passing the
step is allauth's post_authentication (an "mfa" record in the session).
Wrong codes are throttled like passwords (accounts.login_throttle).
"""
import re

from allauth.mfa.adapter import get_adapter
from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, clear_totp_secret, get_totp_secret, validate_totp_code
from django import forms
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from accounts.login_throttle import SECOND_FACTOR_CODES, locked_message
from accounts.second_factor import has_authenticator, has_passed, needs_second_factor, step_url


class CodeForm(forms.Form):
    """One code, checked by `check(code)` (which returns what the code unlocked, or None)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, request, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.check = request, check

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        user = self.request.user
        locked_for = SECOND_FACTOR_CODES.locked_for(self.request, user.pk)
        if locked_for:
            raise forms.ValidationError(locked_message(locked_for), code="locked")
        self.unlocked = self.check(code)
        if not self.unlocked:
            SECOND_FACTOR_CODES.fail(self.request, user.pk)
            raise forms.ValidationError(_("Wrong code. Enter the code your app shows now."), code="wrong")
        SECOND_FACTOR_CODES.succeed(user.pk)
        return code


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


def _matching_authenticator(user, code):
    """The TOTP or recovery-code authenticator this code is valid for (each code once), or None."""
    for authenticator in Authenticator.objects.filter(
        user=user, type__in=(Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)
    ):
        if authenticator.wrap().validate_code(code):
            return authenticator
    return None


@never_cache
def verify(request):
    """The 6-digit code (or a recovery code) of a user who has an authenticator."""
    next_url = _next_url(request)
    if not needs_second_factor(request.user) or has_passed(request):
        return redirect(next_url)
    if not has_authenticator(request.user):
        return redirect(step_url(request.user, next_url))
    form = CodeForm(request.POST or None, request=request, check=lambda code: _matching_authenticator(request.user, code))
    if request.method == "POST" and form.is_valid():
        post_authentication(request, form.unlocked)
        return redirect(next_url)
    return render(request, "accounts/second_factor/verify.html", {"form": form, "next": next_url})


def _enrol(request, secret):
    """Make the user's TOTP authenticator and recovery codes; None if another request just did."""
    try:
        with transaction.atomic():
            totp = TOTP.activate(request.user, secret).instance
            recovery_codes = RecoveryCodes.activate(request.user)
    except IntegrityError:  # the same form sent twice
        return None
    clear_totp_secret(request)
    post_authentication(request, totp)
    return recovery_codes.get_unused_codes()


def _qr_code(url):
    """allauth's QR code as inline SVG, without the XML declaration that HTML does not need."""
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", get_adapter().build_totp_svg(url))


@never_cache
def enrol(request):
    """First sign-in of a privileged user: scan or type the secret, confirm with a code."""
    next_url = _next_url(request)
    if not needs_second_factor(request.user) or has_passed(request):
        return redirect(next_url)
    if has_authenticator(request.user):
        return redirect(step_url(request.user, next_url))
    secret = get_totp_secret()  # kept in the session until confirmed, so a reload shows the same one
    form = CodeForm(request.POST or None, request=request, check=lambda code: validate_totp_code(secret, code))
    if request.method == "POST" and form.is_valid():
        codes = _enrol(request, secret)
        if codes is None:
            return redirect(step_url(request.user, next_url))
        return render(request, "accounts/second_factor/recovery_codes.html", {"codes": codes, "next": next_url})
    url = get_adapter().build_totp_url(request.user, secret)
    return render(request, "accounts/second_factor/enrol.html", {
        "form": form, "next": next_url, "secret": secret, "secret_groups": re.findall(".{1,4}", secret),
        "otpauth_url": url, "qr_code": _qr_code(url),
    })
