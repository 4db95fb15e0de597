"""What the reader's places pages show: a region's or a point's places and events, nearest first.

The pages (services.pages) parse the query and render; the rules live here:
how far "near me" reaches, how long a list is, which events are upcoming, how
coordinates are rounded, and the plain data the optional map is drawn from.
Nothing here writes anything: a reader's location is used for one answer and
forgotten.
"""
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import get_language

from portal import languages
from services import nearby, region_labels
from services.language_codes import name_in_reader_language
from services.links import event_url, place_url

NEAR_RADIUS_KM = 25.0  # "near me": what a bus ride reaches
LIST_LIMIT = 100  # a region's list; the category filter narrows a longer one
EVENTS_LIMIT = 20
# Two decimals of a degree is about 1 km: enough to sort what is near, too coarse to find a home.
COORDINATE_DECIMALS = 2


def round_point(latitude, longitude):
    """The point as the server may use it: rounded, whatever precision the browser sent."""
    return round(latitude, COORDINATE_DECIMALS), round(longitude, COORDINATE_DECIMALS)


@dataclass(frozen=True)
class PlaceFilters:
    """What the reader asks of the places besides a category (checkboxes of the places page)."""

    interpretation: bool = False  # an interpreter can be asked for
    language: str = ""  # a portal language code staff speak (the reader's own, on the page)

    def __bool__(self):
        return self.interpretation or bool(self.language)

    def arguments(self):
        """The keyword arguments of nearby.places_near."""
        return {"interpretation": self.interpretation, "speaks": self.language or None}


NO_FILTERS = PlaceFilters()


def offers_language_filter(language_code):
    """"Speaks my language" is offered to readers of every language but Korean, which every place speaks."""
    return language_code != languages.SOURCE_LANGUAGE


@dataclass
class Listing:
    """One answer of the places page: where from, what, and the list in order."""

    origin: tuple  # (latitude, longitude) the distances are measured from
    region: object = None  # services.models.Region when the reader chose one
    near: tuple = None  # the rounded point when the reader shared a location
    category: str = None
    filters: PlaceFilters = NO_FILTERS
    places: list = field(default_factory=list)  # [nearby.NearbyPlace]
    events: list = field(default_factory=list)  # [services.events.EventOccurrence]
    truncated: bool = False  # more places than LIST_LIMIT: the reader should narrow

    @property
    def radius_km(self):
        return NEAR_RADIUS_KM if self.near else None


def _upcoming_events(locale, **where):
    """Upcoming event occurrences; [] if the events module is not installed (a hook, not an error)."""
    try:
        from services import events
    except ImportError:
        return []
    return events.occurrences_near(locale=locale, limit=EVENTS_LIMIT, **where)


def listing_for_region(region, category, locale, filters=NO_FILTERS):
    """A region's places (with the regions under it), nearest its centre first, and its upcoming events.

    Events are listed only when the reader narrowed nothing: a category or a filter asks for places."""
    origin = (region.latitude, region.longitude)
    places = nearby.places_near(*origin, region=region, category=category, locale=locale, limit=LIST_LIMIT + 1,
                                **filters.arguments())
    events = [] if category or filters else _upcoming_events(
        locale, latitude=origin[0], longitude=origin[1], region=region)
    return Listing(origin=origin, region=region, category=category, filters=filters, places=places[:LIST_LIMIT],
                   events=events, truncated=len(places) > LIST_LIMIT)


def listing_near(latitude, longitude, category, locale, filters=NO_FILTERS):
    """Places and upcoming events within NEAR_RADIUS_KM of a (rounded) point, nearest first."""
    origin = round_point(latitude, longitude)
    places = nearby.places_near(*origin, radius_km=NEAR_RADIUS_KM, category=category, locale=locale,
                                limit=LIST_LIMIT + 1, **filters.arguments())
    events = [] if category or filters else _upcoming_events(
        locale, latitude=origin[0], longitude=origin[1], radius_km=NEAR_RADIUS_KM)
    return Listing(origin=origin, near=origin, category=category, filters=filters, places=places[:LIST_LIMIT],
                   events=events, truncated=len(places) > LIST_LIMIT)


def region_groups(regions, language_code):
    """[(province, [its cities and counties])] as RegionOptions (services.region_labels) for the region
    chooser: names in the reader's language, a borrowed one with the lang and dir its element needs.

    Provinces with cities and counties come first (the portal's own province
    has them all), then by code; the cities of a province by name.
    """
    children = {}
    for region in regions:
        if region.parent_id:
            children.setdefault(region.parent_id, []).append(region)
    provinces = [region for region in regions if region.parent_id is None]
    provinces.sort(key=lambda province: (-len(children.get(province.pk, ())), province.code))
    groups = []
    for province in provinces:
        group = region_labels.region_option(province, language_code)
        cities = [region_labels.region_option(city, language_code, around_language=group.language or language_code)
                  for city in children.get(province.pk, [])]
        groups.append((group, sorted(cities, key=lambda city: city.name)))
    return groups


def directions_url(latitude, longitude, name=""):
    """The directions link of a place (settings.DIRECTIONS_URL, OpenStreetMap by default)."""
    return settings.DIRECTIONS_URL.format(latitude=latitude, longitude=longitude, name=quote(name))


def tel_href(phone):
    """A tel: link target from a phone number as written ("031-120", "+82 31 120")."""
    digits = "".join(character for character in phone if character.isdigit() or character in "+-")
    return f"tel:{digits}" if any(character.isdigit() for character in digits) else ""


@dataclass(frozen=True)
class SpokenLanguage:
    """A language a place's staff speak, as a reader sees it: named in the reader's language, with its own name."""

    code: str
    name: str  # in the reader's language ("Vietnamese", "베트남어")
    native_name: str  # in its own ("Tiếng Việt"), shown beside it marked with its lang and dir
    rtl: bool
    # False for the reader's own language ("ภาษาไทย" needs no "ไทย" beside it) and a name written alike.
    shows_native_name: bool = True


def language_names(codes):
    """[SpokenLanguage] of the codes the portal knows, named in the active language (unknown codes left out)."""
    reader = get_language()
    found = []
    for language in filter(None, map(languages.get, codes)):
        name = name_in_reader_language(language.code)
        found.append(SpokenLanguage(language.code, name, language.native_name, language.rtl,
                                    shows_native_name=language.code != reader and language.native_name != name))
    return found


def map_points(listing, language_code):
    """The markers of the list's map, in the list's order: plain data for json_script.

    Events without coordinates are left out; an event repeating several times
    in the window is one marker at its first occurrence.
    """
    points = [_place_point(item.place, language_code) for item in listing.places]
    seen = set()
    for occurrence in listing.events:
        event = occurrence.event
        if event.pk in seen or event.latitude is None or event.longitude is None:
            continue
        seen.add(event.pk)
        points.append({"kind": "event", "lat": event.latitude, "lon": event.longitude, "name": event.title,
                       "lang": event.locale.language_code, "url": event_url(event, language_code)})
    return points


def _place_point(place, language_code):
    return {"kind": "place", "lat": place.latitude, "lon": place.longitude, "name": place.name,
            "lang": place.locale.language_code, "url": place_url(place, language_code)}


def place_points(place, language_code):
    """The one marker of a place page's small map."""
    return [_place_point(place, language_code)]
