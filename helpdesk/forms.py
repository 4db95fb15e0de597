"""The resident's forms: asking a question and opening a case with its code.

Every error is attached to the field it is about, in the reader's language,
and the form is shown again with everything typed (but the honeypot).
"""
from django import forms
from django.utils import translation
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from helpdesk import codes, crypto
from helpdesk.constants import MESSENGERS, ContactMethod, ResidentType
from portal import languages, topics
from portal.language_of_parts import LanguageSelect
from services import region_labels
from services.models import Region
from services.region_labels import NamedIn, RegionSelect

MAX_QUESTION = 5000
MAX_NAME = 100
MAX_CONTACT = 200


def region_choices(language):
    """Cities and counties grouped under their province, in the reader's language; provinces selectable too.
    Labels are NamedIn, so RegionSelect marks a name borrowed from another language."""
    regions = list(Region.objects.only("id", "code", "kind", "parent_id", "names"))
    by_parent = {}
    for region in regions:
        by_parent.setdefault(region.parent_id, []).append(region)
    choices = [("", _("Prefer not to say"))]
    for province in sorted(by_parent.get(None, []), key=lambda r: r.name_in(language)):
        children = sorted(by_parent.get(province.pk, []), key=lambda r: r.name_in(language))
        group = NamedIn(*province.name_with_language(language), language)
        anywhere = _("%(province)s (anywhere)") % {"province": region_labels.text(province, language)}
        choices.append((group, [(province.code, NamedIn(anywhere, language, language))]
                        + [(child.code, NamedIn(*child.name_with_language(language), language)) for child in children]))
    return choices


def language_choices():
    return [(language.code, language.native_name) for language in languages.LANGUAGES]


class AppNameSelect(forms.Select):
    """The messenger apps by their own names (KakaoTalk, Zalo), the same in every language: marked as
    Latin-script names (lang="en" dir="ltr"), so an Urdu page neither reads them with the Urdu voice nor
    turns them around. "Choose an app" and "Other" are translated and keep the page's language."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value in APP_NAMES:
            option["attrs"] = {**option["attrs"], "lang": "en", "dir": "ltr"}
        return option


APP_NAMES = {code for code, label in MESSENGERS if isinstance(label, str)}  # not the translated "Other"


# The contact fields a way of being reached needs.
CONTACT_FIELDS = {"phone": ContactMethod.PHONE, "email": ContactMethod.EMAIL,
                  "messenger": ContactMethod.MESSENGER, "messenger_id": ContactMethod.MESSENGER}


class AskForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is your question about?"),
                              error_messages={"required": _("Choose what your question is about.")})
    region = forms.ChoiceField(label=_("Where do you live?"), required=False, widget=RegionSelect)
    language = forms.ChoiceField(label=_("Language for the answer"), widget=LanguageSelect,
                                 error_messages={"required": _("Choose the language for the answer.")})
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
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                             error_messages={"invalid": _("Enter an email address like name@example.com.")})
    messenger = forms.ChoiceField(label=_("Messenger app"), required=False, widget=AppNameSelect)
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
        # Said before any error: these are needed only for one way of being reached (checked in clean()).
        for name, method in CONTACT_FIELDS.items():
            self.fields[name].help_text = _("Required if you choose “%(choice)s”.") % {"choice": method.label}

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


# The example is a code, not words in any language (lang="zxx"), and reads left to right in Urdu too.
EXAMPLE_CODE = mark_safe('<bdi lang="zxx" dir="ltr">7KQM-XR4P-C9DH-W3TF</bdi>')


def _with_example_code(message):
    return mark_safe(conditional_escape(str(message)) % {"example": EXAMPLE_CODE})


# Lazy, so that the help text is in the language of the request that shows it.
with_example_code = lazy(_with_example_code, SafeString)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your case code"), max_length=40,
        help_text=with_example_code(_("16 letters and numbers, like %(example)s. Spaces and dashes do not matter.")),
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
            raise forms.ValidationError(with_example_code(
                _("A case code has 16 letters and numbers, like %(example)s. Check what you typed.")))
        return code
