"""The counsellors' forms in the Wagtail admin: inbox filters, logging a call, working a case."""
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from helpdesk import cases
from helpdesk.constants import MESSENGERS, Channel, ContactMethod, ResidentType, Status
from helpdesk.forms import MAX_CONTACT, MAX_NAME, MAX_QUESTION, language_choices
from helpdesk.models import Partner, Referral
from portal import topics
from services.models import Region

MAX_ANSWER = 20000


class InboxFilterForm(forms.Form):
    """GET filters of the inbox; anything unknown falls back to the default rather than failing."""

    OPEN = "open"
    ANY = "any"
    MINE, UNASSIGNED, ALL = "mine", "unassigned", "all"

    status = forms.ChoiceField(required=False, label=pgettext_lazy("help-desk case", "Status"))
    assigned = forms.ChoiceField(required=False, label=_("Assigned to"), choices=[
        (ALL, _("Everyone's")), (MINE, _("Mine")), (UNASSIGNED, _("Unassigned"))])
    language = forms.ChoiceField(required=False, label=_("Language"))
    topic = forms.ChoiceField(required=False, label=_("Topic"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(self.OPEN, _("Open (not resolved or closed)")), (self.ANY, _("Any status"))] + list(Status.choices)
        self.fields["language"].choices = [("", _("All languages"))] + language_choices()
        self.fields["topic"].choices = [("", _("All topics"))] + list(topics.CHOICES)

    def filters(self):
        """The chosen filters as a dict (defaults for anything invalid)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or self.OPEN,
            "assigned": data.get("assigned") or self.ALL,
            "language": data.get("language") or "",
            "topic": data.get("topic") or "",
        }


class LogCaseForm(forms.Form):
    """A call, walk-in or message logged by a counsellor as a case."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    language = forms.ChoiceField(label=_("Language of the resident"))
    interpretation = forms.BooleanField(label=_("Three-way interpretation"), required=False)
    interpreter_language = forms.ChoiceField(label=_("Interpreter's language"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=topics.CHOICES)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    resident_type = forms.ChoiceField(label=_("Resident type"), choices=ResidentType.choices, initial=ResidentType.OTHER)
    question = forms.CharField(label=_("Question"), max_length=MAX_QUESTION, widget=forms.Textarea(attrs={"rows": 6}))
    contact_method = forms.ChoiceField(label=_("How to answer the resident"), choices=ContactMethod.choices,
                                       initial=ContactMethod.PHONE)
    contact_value = forms.CharField(label=_("Phone number, e-mail or messenger ID"), required=False, max_length=MAX_CONTACT)
    messenger = forms.ChoiceField(label=_("Messenger app"), required=False, choices=[("", "—")] + list(MESSENGERS))
    name = forms.CharField(label=_("Name (only if the resident wants to give it)"), required=False, max_length=MAX_NAME)
    assign_to_me = forms.BooleanField(label=_("Assign to me"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["interpreter_language"].choices = [("", "—")] + language_choices()

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        needs_value = method in (ContactMethod.PHONE, ContactMethod.EMAIL, ContactMethod.MESSENGER)
        if needs_value and not cleaned.get("contact_value", "").strip():
            self.add_error("contact_value", _("Enter how to reach the resident, or choose “No contact”."))
        if method == ContactMethod.EMAIL and cleaned.get("contact_value"):
            try:
                forms.EmailField().clean(cleaned["contact_value"].strip())
            except forms.ValidationError:
                self.add_error("contact_value", _("Enter a valid e-mail address."))
        if method == ContactMethod.MESSENGER and not cleaned.get("messenger"):
            self.add_error("messenger", _("Choose the messenger app."))
        if cleaned.get("interpretation") and not cleaned.get("interpreter_language"):
            self.add_error("interpreter_language", _("Choose the interpreter's language."))
        if cleaned.get("interpreter_language") and not cleaned.get("interpretation"):
            # Ask rather than guess. Ticking the box for the counsellor could count an interpretation that never
            # happened (the box may have been unticked on purpose, the language left behind); dropping the
            # language loses what they chose. The form comes back with everything entered, and they decide.
            self.add_error("interpreter_language", cases.INTERPRETER_WITHOUT_INTERPRETATION)
        return cleaned

    def case_fields(self, user):
        data = self.cleaned_data
        return {
            "channel": data["channel"], "language": data["language"], "topic": data["topic"], "region": data["region"],
            "resident_type": data["resident_type"], "question": data["question"],
            "contact_method": data["contact_method"], "contact_value": data["contact_value"].strip(),
            "messenger": data["messenger"] if data["contact_method"] == ContactMethod.MESSENGER else "",
            "name": data["name"].strip(), "interpretation": data["interpretation"],
            "interpreter_language": data["interpreter_language"],
            "actor": user, "assigned_to": user if data["assign_to_me"] else None,
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)


class AssignForm(forms.Form):
    counsellor = forms.ModelChoiceField(label=_("Counsellor"), queryset=None, required=False,
                                        empty_label=_("Nobody (unassigned)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = cases.counsellors()


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Written in the language the resident chose. The resident sees it on their case page."))
    told_resident = forms.BooleanField(
        label=_("I already told the resident this answer (by phone, messenger or in person)"), required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Only counsellors see notes."))


class ReferralForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.filter(active=True))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Referral.Outcome.choices)
