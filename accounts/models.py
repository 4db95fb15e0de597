"""Community members: a public nickname and nothing else that identifies them.

The Django user holds the email (for login and mail only, never shown); the
Member holds what the board shows and the state moderators set.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.nicknames import comparison_key
from portal import languages

class Member(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member")
    nickname = models.CharField(_("nickname"), max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by moderators (community moderation); a suspended member can read but not post.
    suspended_until = models.DateTimeField(null=True, blank=True)
    warnings = models.PositiveIntegerField(default=0)
    # Opt-in email when someone replies to the member's thread (community board).
    notify_replies = models.BooleanField(_("email me when someone replies to my thread"), default=False)
    # The language the portal writes to the member in (accounts.reading_language): set at sign-up and at each
    # sign-in to the interface language they used, or chosen on their account page. Blank for members from
    # before it was kept, whose mails then guess (community.sanctions.member_language) and else use English.
    language = models.CharField(_("language of emails"), max_length=16, blank=True, default="",
                                choices=languages.django_languages())
    # The nickname casefolded (accounts.nicknames.comparison_key; "ß" becomes "ss", so longer), kept by save():
    # makes "Lan" and "lan" one nickname in every script, in the database too.
    # Nullable so that rows written without save() (bulk loads) never collide.
    nickname_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.nickname

    def save(self, *args, **kwargs):
        self.nickname_key = comparison_key(self.nickname)
        if kwargs.get("update_fields") is not None and "nickname" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "nickname_key"}
        super().save(*args, **kwargs)

    def is_suspended(self, now=None):
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())
