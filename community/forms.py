"""The board's forms: parse and check what was typed; the rules live in community.rules/posting.

Every form keeps what was typed when it is shown again with an error (a
file cannot be kept by a browser: the message asks to choose it again).
"""
import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from community import conf, images, posting, reading
from community.constants import ReportReason
from portal import languages
from portal.language_of_parts import LanguageSelect


def new_token():
    return secrets.token_urlsafe(24)


def _validated(check, value):
    """value as check() returns it, or its PostingError as the field's error."""
    try:
        return check(value)
    except posting.PostingError as error:
        raise forms.ValidationError(error.message)


def language_choices():
    return [("", _("Detect automatically"))] + [(language.code, language.native_name) for language in languages.LANGUAGES]


class PostForm(forms.Form):
    """A reply; ThreadForm adds the title and region. `submission` makes a double submission harmless."""

    body = forms.CharField(label=_("Your message"), strip=False, widget=forms.Textarea(attrs={"rows": 8}), help_text=_(
        "Plain text. Leave a blank line between paragraphs; start lines with “- ” or “1. ” for lists; "
        "paste links as they are. Do not share your phone number, address or registration number."))
    language = forms.ChoiceField(label=_("Language of your message"), required=False, choices=language_choices,
                                 widget=LanguageSelect)
    image = forms.FileField(label=_("Photo (optional)"), required=False, help_text=_(
        "JPEG, PNG or WebP. Location and camera details are removed before it is saved."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    image_description = forms.CharField(label=_("Describe the photo for people who cannot see it"), required=False,
                                        max_length=200)
    subscribe = forms.BooleanField(label=_("Email me when someone replies"), required=False)
    submission = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = conf.get("COMMUNITY_MAX_POST_CHARS")
        if not self.is_bound:
            self.initial.setdefault("submission", new_token())

    def clean_body(self):
        return _validated(posting.validate_body, self.cleaned_data["body"])

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        try:
            return images.clean(upload)
        except images.ImageRejected as error:
            raise forms.ValidationError(_("%(reason)s Choose the photo again, or post without it.") % {
                "reason": error})

    def draft(self, interface_language):
        data = self.cleaned_data
        return posting.Draft(
            body=data["body"], title=data.get("title", ""), language=data.get("language", ""),
            region=data.get("region"), image=data.get("image"), image_description=data.get("image_description", ""),
            subscribe=data.get("subscribe", False), token=data["submission"], interface_language=interface_language)


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title: your question in a few words"), strip=True)
    region = forms.ChoiceField(label=_("Region (optional)"), required=False)
    field_order = ["title", "body", "region", "language", "image", "image_description", "subscribe", "submission"]

    def __init__(self, *args, interface_language="ko", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["maxlength"] = conf.get("COMMUNITY_MAX_TITLE_CHARS")
        self.fields["region"].choices = [("", _("Anywhere"))] + reading.region_choices(interface_language)

    def clean_title(self):
        return _validated(posting.validate_title, self.cleaned_data["title"])

    def clean_region(self):
        from services.models import Region

        code = self.cleaned_data.get("region")
        return Region.objects.filter(code=code).first() if code else None


class EditForm(forms.Form):
    """Change a post's text and language (and a thread's title, for its opening post)."""

    title = forms.CharField(label=_("Title"), strip=True)
    body = PostForm.base_fields["body"]
    language = PostForm.base_fields["language"]

    def __init__(self, *args, opening_post=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = conf.get("COMMUNITY_MAX_POST_CHARS")
        if opening_post:
            self.fields["title"].widget.attrs["maxlength"] = conf.get("COMMUNITY_MAX_TITLE_CHARS")
        else:
            del self.fields["title"]

    def clean_title(self):
        return _validated(posting.validate_title, self.cleaned_data["title"])

    def clean_body(self):
        return _validated(posting.validate_body, self.cleaned_data["body"])

    def draft(self, interface_language):
        data = self.cleaned_data
        return posting.Draft(body=data["body"], title=data.get("title", ""), language=data.get("language", ""),
                             interface_language=interface_language)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with this post?"), choices=ReportReason.choices,
                               widget=forms.RadioSelect)
    details = forms.CharField(label=_("Anything moderators should know (optional)"), required=False,
                              max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
