"""The moderators' forms: a reason for each decision, the length of a suspension, the audit log's filters."""
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from community import moderation_queue, sanctions
from community.constants import ActionKind
from community.models import ModerationAction

REASON_HELP = _("Kept in the moderation log. For a warning or a suspension it is also sent to the member.")


class DecisionForm(forms.Form):
    """Approve, hide or delete a post: the reason is optional (it goes in the log)."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Kept in the moderation log."))


class WarnForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=REASON_HELP)
    notify = forms.BooleanField(label=_("Email the member about it (in their language)"), required=False, initial=True)


class SuspendForm(WarnForm):
    days = forms.IntegerField(label=_("Days"), required=False, min_value=1, max_value=sanctions.MAX_DAYS, initial=7)
    indefinitely = forms.BooleanField(label=_("Until further notice (no end date)"), required=False)

    field_order = ["days", "indefinitely", "reason", "notify"]

    def clean(self):
        data = super().clean()
        if not data.get("indefinitely") and data.get("days") is None and "days" not in self.errors:
            self.add_error("days", _("Give the number of days, or choose “until further notice”."))
        return data

    def days_or_none(self):
        return None if self.cleaned_data["indefinitely"] else self.cleaned_data["days"]


class UnsuspendForm(WarnForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text=REASON_HELP)


def _moderator_choices():
    """Everyone who appears in the log as a moderator, and the board itself."""
    ids = ModerationAction.objects.filter(moderator__isnull=False).values("moderator_id")
    users = get_user_model().objects.filter(pk__in=ids).order_by("username")
    return [("", _("Everyone")), (moderation_queue.AUTOMATIC, _("Automatic (the board)"))] + [
        (str(user.pk), user.get_full_name() or user.get_username()) for user in users]


class AuditLogFilterForm(forms.Form):
    moderator = forms.ChoiceField(label=_("Moderator"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All actions")), *ActionKind.choices])
    member = forms.CharField(label=_("Member (nickname)"), required=False, max_length=40)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderator"].choices = _moderator_choices()

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self):
        """The filters for moderation_queue.audit_log; none of them when the form has errors."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in ("moderator", "action", "member", "since", "until")}
