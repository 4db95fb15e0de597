"""Places in the portal search, and translations that keep the source's facts."""
import pytest
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import TranslationSource

from search import registry
from search.models import IndexEntry
from services.models import SYNCHRONISED_FIELDS, Place

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_elasticsearch")]


@pytest.fixture
def hospital(make_place, translate, regions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        place = make_place("아주대학교병원", 37.280, 127.047, description="권역응급의료센터가 있는 대학병원",
                           region=regions["KR-41110"], phone="1688-6114", external_id="ajou")
        translate(place, "en", "Ajou University Hospital", "A university hospital with an emergency centre.")
    return place


def test_place_is_a_registered_search_type():
    with translation.override("en"):
        assert str(registry.get("place").label) == "Place"


def test_a_place_is_found_by_the_search_api_with_its_geo_point(client, hospital):
    data = client.get("/api/v1/search", {"q": "Ajou hospital", "locale": "en", "type": "place"}).json()
    assert [(r["type"], r["title"], r["locale"], r["topic"]) for r in data["results"]] == [
        ("place", "Ajou University Hospital", "en", "healthcare")]
    korean = client.get("/api/v1/search", {"q": "아주대학교병원", "locale": "ko", "type": "place"}).json()
    assert [r["title"] for r in korean["results"]] == ["아주대학교병원"]
    entry = IndexEntry.objects.get(type="place", locale="en")
    assert (entry.latitude, entry.longitude) == (37.280, 127.047)


def test_a_place_leaves_the_index_when_deleted(hospital, django_capture_on_commit_callbacks):
    english = Place.objects.get(translation_key=hospital.translation_key, locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        english.delete()
    assert set(IndexEntry.objects.filter(type="place").values_list("locale", flat=True)) == {"ko"}


def test_only_name_and_description_are_translated():
    fields = {field.field_name: field for field in get_translatable_fields(Place)}
    assert {name for name, field in fields.items() if isinstance(field, TranslatableField)} == {"name", "description"}
    for name in SYNCHRONISED_FIELDS:
        assert isinstance(fields[name], SynchronizedField) and not fields[name].overridable, name


def test_a_translation_made_with_wagtail_localize_keeps_the_facts(make_place, regions):
    place = make_place("수원출입국·외국인사무소", 37.249, 127.071, category="immigration-office",
                       phone="1345", region=regions["KR-41110"], by_appointment=True)
    source, _created = TranslationSource.get_or_create_from_instance(place)
    translated, _created = source.create_or_update_translation(Locale.objects.get(language_code="vi"), fallback=True)
    assert translated.translation_key == place.translation_key
    assert (translated.latitude, translated.longitude, translated.phone, translated.region_id, translated.by_appointment) == (
        37.249, 127.071, "1345", regions["KR-41110"].pk, True)


def test_changed_facts_reach_every_translation_and_the_index(hospital, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hospital.latitude, hospital.phone = 37.281, "031-219-5114"
        hospital.save()
    english = Place.objects.get(translation_key=hospital.translation_key, locale__language_code="en")
    assert (english.latitude, english.phone, english.name) == (37.281, "031-219-5114", "Ajou University Hospital")
    assert IndexEntry.objects.get(type="place", locale="en").latitude == 37.281


def test_a_translation_cannot_drift_from_its_source(hospital):
    english = Place.objects.get(translation_key=hospital.translation_key, locale__language_code="en")
    english.latitude, english.category = 0.0, "pharmacy"
    english.save()
    english.refresh_from_db()
    assert (english.latitude, english.category) == (37.280, "hospital")
