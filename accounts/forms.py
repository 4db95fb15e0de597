"""Forms members fill in: log-in, sign-up (with a nickname), password, nickname, notifications, account deletion."""
from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm, LoginForm, SignupForm
from allauth.core import context, ratelimit
from django import forms
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import nicknames, personal_data, reading_language
from accounts.models import Member
from portal import form_errors
from portal.language_of_parts import LanguageSelect

# allauth rate-limit action (ACCOUNT_RATE_LIMITS) counting accounts created per client.
ACCOUNTS_CREATED = "accounts_created"


def _nickname_help():
    return gettext(
        "Other members see only this name, never your email. %(min)d to %(max)d letters, digits, spaces, - or _. "
        "Do not use your real name, phone number or email."
    ) % {"min": nicknames.MIN_LENGTH, "max": nicknames.MAX_LENGTH}


# Translated when shown, in the reader's language (not once at import).
NICKNAME_HELP = lazy(_nickname_help, str)()


def nickname_field():
    return forms.CharField(
        label=_("Nickname"),
        help_text=NICKNAME_HELP,
        max_length=nicknames.MAX_LENGTH * 2,  # room for spaces the normaliser removes
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "autocapitalize": "none", "spellcheck": "false"}),
    )


def clean_nickname(value, member=None):
    """The normalised nickname, or a ValidationError saying why not."""
    nickname = nicknames.validate_nickname(value)
    if nicknames.is_taken(nickname, exclude_member=member):
        raise forms.ValidationError(_("This nickname is already taken. Please choose another."), code="taken")
    return nickname


class MemberSignupForm(SignupForm):
    """allauth's email + password sign-up, plus the public nickname, saved in one transaction."""

    field_order = ["nickname", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nickname"] = nickname_field()
        self.order_fields(self.field_order)

    def clean_nickname(self):
        return clean_nickname(self.cleaned_data["nickname"])

    def clean(self):
        cleaned_data = super().clean()
        # Counted only for sign-ups that would succeed: a typo is not an account.
        if not self.errors and not ratelimit.consume(context.request, action=ACCOUNTS_CREATED):
            raise forms.ValidationError(
                _("Too many accounts were created from your network today. Please try again tomorrow."),
                code="signup_cap",
            )
        return cleaned_data

    def custom_signup(self, request, user):
        Member.objects.create(user=user, nickname=self.cleaned_data["nickname"],
                              language=reading_language.interface_language())

    def save(self, request):
        # User, member and email address exist together or not at all.
        with transaction.atomic():
            return super().save(request)


class MemberLoginForm(LoginForm):
    """allauth's log-in, with "Forgot your password?" as a link of its own (account/login.html) rather than the
    password's description, and a refused log-in marked on both fields it may be about."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs["autocomplete"] = "username"  # what password managers fill in
        self.fields["password"].help_text = ""

    def full_clean(self):
        super().full_clean()
        form_errors.tie_fields_to_form_errors(self, "login", "password")


class MemberChangePasswordForm(ChangePasswordForm):
    """The reset link sits beside the current password (account/password_change.html), not inside its description."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].help_text = ""


class NicknameForm(forms.Form):
    nickname = nickname_field()

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_nickname(self):
        return clean_nickname(self.cleaned_data["nickname"], member=self.member)


class NotificationForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["notify_replies", "language"]
        labels = {"notify_replies": _("Email me when someone replies to my thread"),
                  "language": _("Language of the emails we send you")}
        widgets = {"language": LanguageSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No empty option that would look like a language; a post without one keeps the member's.
        language = self.fields["language"]
        language.choices = [(code, name) for code, name in language.choices if code]
        if not self.instance.language:  # a member from before languages were kept: offer the one being read
            self.initial["language"] = reading_language.interface_language() or reading_language.MAIL_FALLBACK

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    posts = forms.ChoiceField(
        label=_("What should happen to what you wrote?"),
        choices=[
            (personal_data.DELETE, _("Delete my posts and replies")),
            (personal_data.ANONYMISE, _("Keep them, shown as written by a former member")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what should happen to what you wrote.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through allauth, so wrong passwords count towards the login lockout.
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password
