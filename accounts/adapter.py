"""How allauth fits the portal: opaque usernames, hashed client keys, language-aware redirects.

- Members log in with their email; Django's User still needs a unique
  username, so it gets an opaque random one that says nothing about the
  person (allauth's default would copy the start of the email address).
- allauth keys its rate limits by the client's IP in the cache; here that
  key is portal.ratelimit's keyed hash, so no raw IP is ever stored.
- Each sign-in keeps the interface language it happened in as the
  member's language (accounts.reading_language), so mails follow the
  language they read the portal in.
- After logging out, the reader lands on the home page of their language,
  which shows no messages: a "signed out" note would wait there and
  surprise them on their next visit to the account pages, so none is kept.
"""
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.utils import translation

from accounts import reading_language
from portal import languages
from portal.ratelimit import client_id


def opaque_username():
    """A username nobody can read anything into; retried in the rare case it exists."""
    users = get_user_model().objects
    while True:
        username = f"member-{secrets.token_hex(6)}"
        if not users.filter(username=username).exists():
            return username


def user_display(user):
    """What allauth shows (and writes in mails) for a user: the public nickname, never the email."""
    member = getattr(user, "member", None)
    return member.nickname if member is not None else ""


class PortalAccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        if not user.username:
            user.username = opaque_username()

    def login(self, request, user):
        super().login(request, user)
        reading_language.remember(getattr(user, "member", None), reading_language.interface_language())

    def get_client_ip(self, request):
        return client_id(request)

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template == "account/messages/logged_out.txt":
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def get_logout_redirect_url(self, request):
        language = languages.get(translation.get_language()) or languages.get(languages.SOURCE_LANGUAGE)
        return f"/{language.code}/"
