"""The resident's forms: asking a question and opening a case with its code.

Every error is attached to the field it is about, in the reader's language,
and the form is shown again with everything typed (but the honeypot).
"""
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from helpdesk import codes, crypto
from helpdesk.constants import MESSENGERS, ContactMethod, ResidentType
from portal import languages, topics
from portal.language_of_parts import LanguageSelect
from services.models import Region

MAX_QUESTION = 5000
MAX_NAME = 100
MAX_CONTACT = 200


def region_choices(language):
    """Cities and counties grouped under their province, in the reader's language; provinces selectable too."""
    regions = list(Region.objects.only("id", "code", "kind", "parent_id", "names"))
    by_parent = {}
    for region in regions:
        by_parent.setdefault(region.parent_id, []).append(region)
    choices = [("", _("Prefer not to say"))]
    for province in sorted(by_parent.get(None, []), key=lambda r: r.name_in(language)):
        children = sorted(by_parent.get(province.pk, []), key=lambda r: r.name_in(language))
        name = province.name_in(language)
        choices.append((name, [(province.code, _("%(province)s (anywhere)") % {"province": name})]
                        + [(child.code, child.name_in(language)) for child in children]))
    return choices


def language_choices():
    return [(language.code, language.native_name) for language in languages.LANGUAGES]


class AskForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is your question about?"))
    region = forms.ChoiceField(label=_("Where do you live?"), required=False)
    language = forms.ChoiceField(label=_("Language for the answer"), widget=LanguageSelect)
    question = forms.CharField(
        label=_("Your question"), max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_QUESTION}),
        error_messages={"required": _("Write your question."),
                        "max_length": _("Your question is too long: at most %(limit_value)d characters, it has %(show_value)d.")},
    )
    contact_method = forms.ChoiceField(
        label=_("How can we reach you?"), choices=ContactMethod.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we can reach you, or “No contact”.")},
    )
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}))
    email = forms.EmailField(label=_("Email address"), required=False, max_length=MAX_CONTACT,
                             error_messages={"invalid": _("Enter an email address like name@example.com.")})
    messenger = forms.ChoiceField(label=_("Messenger app"), required=False)
    messenger_id = forms.CharField(label=_("Your ID in that app"), required=False, max_length=MAX_CONTACT)
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=MAX_NAME,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    resident_type = forms.ChoiceField(label=_("You are… (optional, for our statistics)"), required=False,
                                      widget=forms.RadioSelect)
    consent = forms.BooleanField(
        label=_("I agree that the help desk keeps what I wrote here, as explained above, to answer me."),
        error_messages={"required": _("Tick the box to agree, or we cannot keep your question and answer it.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden); bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, language=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        language = language or translation.get_language()
        self.fields["question"].help_text = _(
            "Write in any language, up to %(max)d characters. You do not need to give your name.") % {"max": MAX_QUESTION}
        self.fields["topic"].choices = [("", _("Choose a topic"))] + [(key, label) for key, label in topics.CHOICES]
        self.fields["region"].choices = region_choices(language)
        self.fields["language"].choices = language_choices()
        self.fields["language"].initial = language if languages.get(language) else languages.SOURCE_LANGUAGE
        self.fields["messenger"].choices = [("", _("Choose an app"))] + list(MESSENGERS)
        self.fields["resident_type"].choices = [("", _("Prefer not to say"))] + list(ResidentType.choices)
        self.fields["resident_type"].initial = ""

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not 8 <= len(crypto.normalise_phone(phone)) <= 15:
            raise forms.ValidationError(_("Enter a phone number with 8 to 15 digits, like 010-1234-5678."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your question could not be sent. Check the form and send it again."))
        method = cleaned.get("contact_method")
        if method == ContactMethod.PHONE and not cleaned.get("phone") and not self.has_error("phone"):
            self.add_error("phone", _("Enter the number we should call, or choose another way."))
        elif method == ContactMethod.EMAIL and not cleaned.get("email") and not self.has_error("email"):
            self.add_error("email", _("Enter your email address, or choose another way."))
        elif method == ContactMethod.MESSENGER:
            if not cleaned.get("messenger"):
                self.add_error("messenger", _("Choose the app we should write to."))
            if not cleaned.get("messenger_id", "").strip():
                self.add_error("messenger_id", _("Enter your ID in that app."))
        return cleaned

    def case_fields(self):
        """Arguments for helpdesk.cases.open_case from the cleaned data."""
        data = self.cleaned_data
        method = data["contact_method"]
        value = {ContactMethod.PHONE: data["phone"], ContactMethod.EMAIL: data["email"],
                 ContactMethod.MESSENGER: data["messenger_id"].strip()}.get(method, "")
        region = Region.objects.filter(code=data["region"]).first() if data["region"] else None
        return {
            "language": data["language"], "topic": data["topic"], "region": region, "question": data["question"],
            "contact_method": method, "contact_value": value,
            "messenger": data["messenger"] if method == ContactMethod.MESSENGER else "",
            "name": data["name"].strip(), "resident_type": data["resident_type"] or ResidentType.OTHER,
        }


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your case code"), max_length=40,
        help_text=_("16 letters and numbers, like 7KQM-XR4P-C9DH-W3TF. Spaces and dashes do not matter."),
        # dir="ltr": the code reads left to right in an Urdu page too, as it was printed.
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                      "dir": "ltr"}),
        error_messages={"required": _("Enter the case code you were given.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not codes.normalise(code):
            raise forms.ValidationError(_("A case code has 16 letters and numbers, like 7KQM-XR4P-C9DH-W3TF. Check what you typed."))
        return code
