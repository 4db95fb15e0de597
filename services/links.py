"""Links to the reader's pages of places and events, in a given language.

Search results, the APIs and the iCal feed all link here, so the URL shape
lives in one place (services/urls.py page_urlpatterns).
"""
from django.urls import reverse
from django.utils import translation


def place_url(place, language_code=None):
    with translation.override(language_code or place.locale.language_code):
        return reverse("place_detail", kwargs={"pk": place.pk})


def event_url(event, language_code=None):
    with translation.override(language_code or event.locale.language_code):
        return reverse("event_detail", kwargs={"pk": event.pk})
