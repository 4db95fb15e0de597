"""The reader's pages of places and events: /<lang>/places/, /<lang>/places/<pk>/, /<lang>/events/<pk>/.

Thin views: read the query, call services.listing (or load one place or
event), render. The list is the page and needs no JavaScript; the map and
"near me" are added by static/js/places.js.

None of these pages goes into the whole-page cache (portal.page_cache caches
only responses marked portal_cacheable): the places page depends on the
region cookie, a "near me" answer must not be kept anywhere, and place and
event edits do not start a new cache generation, so a cached copy could show
an outdated phone number. Each page is a few indexed queries. They say
"open now" or "closed now" (services.place_hours), so a browser may keep them
OPEN_NOW_MAX_AGE seconds at most.

A reader's location (?near=) is rounded again here, used for one answer and
never written to the database, a log or a cookie.
"""
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal import languages
from portal.api import BadRequest
from services import categories, listing, maps, nearby
from services.links import event_url, place_url
from services.models import Place, Region
from services.untranslated import readable
from services.views import parse_near

OPEN_NOW_MAX_AGE = 300  # seconds: how stale an "open now" a browser may show
REGION_COOKIE = "portal_region"  # only a region code such as "KR-41110"
REGION_COOKIE_AGE = 60 * 60 * 24 * 365
CHECKED = {"1", "on", "true", "yes"}  # a checkbox's value (the form sends 1)
PLACE_EVENTS_LIMIT = 5
EVENT_OCCURRENCES_LIMIT = 5


def _reader_language():
    return translation.get_language() or languages.SOURCE_LANGUAGE


def _switcher(path_for_language):
    """The language switcher's links: every portal language (the page's words are all translated)."""
    return [(language, path_for_language(language.code)) for language in languages.LANGUAGES]


def _places_path(language_code, query=""):
    with translation.override(language_code):
        path = reverse("places")
    return f"{path}?{query}" if query else path


def _parse_places_query(request, regions_by_code):
    """(region, near, category, error) from the query string, or from the region cookie.

    Invalid values are dropped and explained (error), so the form keeps
    everything else the reader chose. A region in the query wins over a shared
    location (the reader picked it after "near me"); the cookie counts only
    when the query names neither.
    """
    params = request.GET
    errors = []
    category = params.get("category", "")
    if category and not categories.get(category):
        errors.append(_("This category is not in the list. Choose one from the list."))
        category = ""
    near = None
    if params.get("near"):
        try:
            near = listing.round_point(*parse_near(params["near"]))
        except BadRequest:
            errors.append(_("Your location could not be read. Try “Near me” again, or choose your region."))
    region = None
    code = params.get("region", "")
    if code:
        region = regions_by_code.get(code)
        if region is None:
            errors.append(_("This region is not in the list. Choose your region from the list."))
    elif not params.get("near"):
        region = regions_by_code.get(request.COOKIES.get(REGION_COOKIE, ""))  # remembered; ignored if stale
    return region, near, category, " ".join(errors)


def _parse_filters(params, language):
    """The checkboxes: interpretation=1, and my_language=1 (staff speak the page's language).

    my_language follows the page: the same link opened in another language asks
    for that one. Korean pages do not offer it (staff in Korea speak Korean), so
    it is ignored there rather than narrowing the list invisibly.
    """
    speaks = language if params.get("my_language") in CHECKED and listing.offers_language_filter(language) else ""
    return listing.PlaceFilters(interpretation=params.get("interpretation") in CHECKED, language=speaks)


@require_GET
def places(request):
    """The entry and the list: choose a region or share a location; the list nearest first."""
    language = _reader_language()
    regions = list(Region.objects.all())
    regions_by_code = {region.code: region for region in regions}
    region, near, category, error = _parse_places_query(request, regions_by_code)
    filters = _parse_filters(request.GET, language)

    found = None
    if not error and region is not None:
        found = listing.listing_for_region(region, category or None, language, filters)
    elif not error and near is not None:
        found = listing.listing_near(*near, category or None, language, filters)

    queried_region = region if request.GET.get("region") else None
    query = _clean_query(queried_region, near, category, filters)
    context = {
        "region_groups": listing.region_groups(regions, language),
        "category_choices": categories.CHOICES,
        "selected_region": region,
        "selected_category": category,
        "filters": filters,
        "offer_language_filter": listing.offers_language_filter(language),
        "reader_language": languages.get(language),
        "without_choices": (_without_choices(queried_region, near, category, filters)
                            if found and not found.places else []),
        "near": None if region else near,  # a chosen region wins over a shared location
        "listing": found,
        "calendar_url": _calendar_url(found.region) if found and found.events else "",
        "error": error,
        "map_points": listing.map_points(found, language) if found and (found.places or found.events) else None,
        "map": maps.map_settings(),
        "translations": _switcher(lambda code: _places_path(code, query)),
    }
    response = render(request, "services/places.html", context, status=400 if error else 200)
    if context["map_points"]:
        maps.allow_tiles(response)
    if near is not None or "near" in request.GET:
        # The reader's location: not in the browser's cache or any shared one either.
        patch_cache_control(response, no_store=True, private=True)
    else:
        patch_cache_control(response, private=True, max_age=OPEN_NOW_MAX_AGE)
        patch_vary_headers(response, ("Cookie",))
    if found and found.region and request.GET.get("region") and request.COOKIES.get(REGION_COOKIE) != region.code:
        _remember_region(request, response, region)
    return response


def _clean_query(region, near, category, filters=listing.NO_FILTERS):
    """The query of the same answer, for the other languages' links: validated values only, the point rounded.

    A region from the cookie is left out: the cookie brings it back in any language.
    """
    pairs = [("region", region.code if region else ""),
             ("near", f"{near[0]},{near[1]}" if near and not region else ""), ("category", category),
             ("interpretation", "1" if filters.interpretation else ""),
             ("my_language", "1" if filters.language else "")]
    return urlencode([(key, value) for key, value in pairs if value])


def _without_choices(region, near, category, filters):
    """[(what the reader chose, the places link without it)] for a list that came back empty:
    the reader sees which choice to drop, and drops it in one tap."""
    choices = []
    if category:
        choices.append((categories.get(category).label, _clean_query(region, near, "", filters)))
    if filters.interpretation:
        choices.append((_("Interpretation available"),
                        _clean_query(region, near, category, replace(filters, interpretation=False))))
    if filters.language:
        choices.append((_("Speaks my language"), _clean_query(region, near, category, replace(filters, language=""))))
    language = _reader_language()
    return [(label, _places_path(language, query)) for label, query in choices]


def _remember_region(request, response, region):
    response.set_cookie(
        REGION_COOKIE, region.code, max_age=REGION_COOKIE_AGE, httponly=True, samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False) or request.is_secure(),
    )


def _best_version(obj, model, language):
    """The version of a translatable object to show a reader: theirs, else their fallback's, else this one.

    A copy sent for translation is never it: its URL redirects to the version shown
    instead, with the fallback notice, as when the translation does not exist."""
    versions = readable(model.objects).filter(translation_key=obj.translation_key).select_related("locale")
    best = nearby.best_versions(versions, language)
    return best[0] if best else obj


def _events_module():
    try:
        from services import events
    except ImportError:
        return None
    return events


@require_GET
def place_detail(request, pk):
    """Everything about one place, its upcoming events and a small map on demand."""
    language = _reader_language()
    place = get_object_or_404(Place.objects.select_related("locale", "region"), pk=pk)
    shown = _best_version(place, Place, language)
    if shown.pk != place.pk:
        return redirect(place_url(shown, language))
    events = _events_module()
    context = {
        "place": place,
        "content_language": languages.get(place.locale.language_code),
        "fallback": place.locale.language_code != language,
        "events": events.upcoming_for_place(place, language, PLACE_EVENTS_LIMIT) if events else [],
        "map_points": listing.place_points(place, language),
        "map": maps.map_settings(),
        "places_url": _places_path(language, f"region={place.region.code}" if place.region else ""),
        "translations": _switcher(lambda code: place_url(place, code)),
    }
    response = render(request, "services/place_detail.html", context)
    patch_cache_control(response, private=True, max_age=OPEN_NOW_MAX_AGE)
    return maps.allow_tiles(response)


@require_GET
def event_detail(request, pk):
    """One event: what, when (in the event's time zone), where, cost, languages, registration."""
    events = _events_module()
    if events is None:
        raise Http404
    from services.models import Event

    language = _reader_language()
    event = get_object_or_404(Event.objects.select_related("locale", "place", "region"), pk=pk)
    shown = _best_version(event, Event, language)
    if shown.pk != event.pk:
        return redirect(event_url(shown, language))
    now = timezone.now()
    occurrences = event.occurrences(now, now + timedelta(days=events.MAX_WINDOW_DAYS))[:EVENT_OCCURRENCES_LIMIT]
    context = {
        "event": event,
        "content_language": languages.get(event.locale.language_code),
        "fallback": event.locale.language_code != language,
        "occurrences": occurrences,
        "event_place": _best_version(event.place, Place, language) if event.place_id else None,
        "calendar_url": _calendar_url(event.region),
        "translations": _switcher(lambda code: event_url(event, code)),
    }
    return render(request, "services/event_detail.html", context)


def _calendar_url(region):
    """The iCal feed of a region's events (services.event_views), or "" without a region or a feed."""
    if region is None:
        return ""
    try:
        return reverse("region_events_feed", kwargs={"region_code": region.code})
    except NoReverseMatch:  # the events feed is not installed
        return ""
