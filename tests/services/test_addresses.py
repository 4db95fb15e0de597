"""Addresses in Latin letters: the romanisation, the editor's own form, and where readers and machines see it."""
import pytest
from django.utils import translation

from services.addresses import romanise_address
from services.importer import COLUMNS, import_text
from services.models import Place
from services.search import event_text, place_text

# (Korean, the official English form): road-name and lot addresses of Gyeonggi-do as places write them.
GYEONGGI_ADDRESSES = [
    ("경기도 수원시 영통구 반달로 39", "39 Bandal-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do"),
    ("경기도 수원시 팔달구 효원로 241", "241 Hyowon-ro, Paldal-gu, Suwon-si, Gyeonggi-do"),
    ("경기도 안산시 단원구 중앙대로 921", "921 Jungang-daero, Danwon-gu, Ansan-si, Gyeonggi-do"),
    ("경기도 수원시 팔달구 중앙로12번길 5", "5 Jungang-ro 12beon-gil, Paldal-gu, Suwon-si, Gyeonggi-do"),
    ("경기도 고양시 일산동구 중앙로 1275번길 38-10",
     "38-10 Jungang-ro 1275beon-gil, Ilsandong-gu, Goyang-si, Gyeonggi-do"),
    ("경기도 남양주시 별내면 청학로 68", "68 Cheonghak-ro, Byeollae-myeon, Namyangju-si, Gyeonggi-do"),
    ("경기도 의정부시 시민로 1", "1 Simin-ro, Uijeongbu-si, Gyeonggi-do"),
    ("경기도 김포시 대곶면 대명항1로 1", "1 Daemyeonghang 1-ro, Daegot-myeon, Gimpo-si, Gyeonggi-do"),
    ("경기도 평택시 포승읍 평택항로 95 (만호리)",
     "95 Pyeongtaekhang-ro, Poseung-eup, Pyeongtaek-si, Gyeonggi-do (Manho-ri)"),
    ("경기도 안산시 단원구 원곡로 45, 3층 (원곡동)", "3F, 45 Wongok-ro, Danwon-gu, Ansan-si, Gyeonggi-do (Wongok-dong)"),
    ("경기도 성남시 분당구 황새울로360번길 21, 2층 201호 (서현동, 분당빌딩)",
     "2F 201-ho, 21 Hwangsaeul-ro 360beon-gil, Bundang-gu, Seongnam-si, Gyeonggi-do (Seohyeon-dong, Bundangbilding)"),
    ("경기도 수원시 장안구 경수대로680번길 12 지하1층",
     "B1F, 12 Gyeongsu-daero 680beon-gil, Jangan-gu, Suwon-si, Gyeonggi-do"),
    # Lot addresses: the number before the dong or ri; a mountain lot is "San".
    ("경기도 안산시 단원구 원곡동 123-4", "123-4 Wongok-dong, Danwon-gu, Ansan-si, Gyeonggi-do"),
    ("경기 화성시 향남읍 행정리 123", "123 Haengjeong-ri, Hyangnam-eup, Hwaseong-si, Gyeonggi-do"),
    ("경기도 양평군 양평읍 양근리 산 12-3", "San 12-3 Yanggeun-ri, Yangpyeong-eup, Yangpyeong-gun, Gyeonggi-do"),
    ("경기도 시흥시 정왕동 1234번지", "1234 Jeongwang-dong, Siheung-si, Gyeonggi-do"),
    ("경기도 부천시 원미구 길주로 210, B동 2층", "B-dong 2F, 210 Gilju-ro, Wonmi-gu, Bucheon-si, Gyeonggi-do"),
]


@pytest.mark.parametrize(("korean", "latin"), GYEONGGI_ADDRESSES)
def test_gyeonggi_addresses_read_from_the_door_to_the_province(korean, latin):
    assert romanise_address(korean) == latin


@pytest.mark.parametrize(("korean", "latin"), [
    ("서울특별시 종로구 종로1가 1", "1 Jongno 1-ga, Jongno-gu, Seoul"),
    ("인천광역시 남동구 구월동 1138", "1138 Guwol-dong, Namdong-gu, Incheon"),
    ("세종특별자치시 한누리대로 2130", "2130 Hannuri-daero, Sejong-si"),
    ("서울특별시 중구 세종대로23길 47", "47 Sejong-daero 23-gil, Jung-gu, Seoul"),
])
def test_metropolitan_cities_and_numbered_roads(korean, latin):
    assert romanise_address(korean) == latin


def test_a_name_is_romanised_alone_so_no_sound_change_crosses_its_suffix():
    # Within one word RR writes 반달로 "bandallo"; the name is Bandal, the road Bandal-ro.
    assert romanise_address("경기도 수원시 영통구 반달로 39").split(",")[0] == "39 Bandal-ro"
    assert romanise_address("경기도 안산시 상록구 본오동 1").split(",")[:2] == ["1 Bono-dong", " Sangnok-gu"]
    # ...while the changes inside the name stay: 왕십리 is read wangsimni.
    assert romanise_address("서울특별시 성동구 왕십리로 222") == "222 Wangsimni-ro, Seongdong-gu, Seoul"


def test_what_is_not_hangul_passes_through():
    assert romanise_address("39 Bandal-ro, Yeongtong-gu, Suwon-si") == "39 Bandal-ro, Yeongtong-gu, Suwon-si"
    assert romanise_address("경기도 수원시 영통구 반달로 39, SK V1 타워 3층") == (
        "SK V1 Tawo 3F, 39 Bandal-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do")
    assert romanise_address("") == "" and romanise_address(None) == ""
    # Not an address of units (a landmark): romanised word by word, in its own order.
    assert romanise_address("수원역 앞 광장") == "Suwonyeok Ap Gwangjang"


def test_decomposed_hangul_pasted_from_some_systems_reads_the_same():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "경기도 수원시 영통구 반달로 39")
    assert romanise_address(decomposed) == "39 Bandal-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do"


# The value shown: the editor's, else the romanisation


@pytest.mark.django_db
def test_the_editors_latin_address_wins_and_empty_means_romanised(make_place):
    place = make_place(address="경기도 수원시 영통구 월드컵로 164")
    assert place.address_in_latin == "164 Woldeukeop-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do"
    place.address_romanised = "164 World cup-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do"
    assert place.address_in_latin == "164 World cup-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do"
    place.address_romanised = "  "
    assert place.address_in_latin.startswith("164 Woldeukeop-ro")


@pytest.mark.django_db
def test_an_event_at_a_place_takes_its_latin_address(make_place, make_event):
    place = make_place(address="경기도 수원시 팔달구 효원로 241", address_romanised="241 Hyowon-ro, Suwon")
    event = make_event(place=place)
    assert event.address_romanised == "241 Hyowon-ro, Suwon" and event.address_in_latin == "241 Hyowon-ro, Suwon"
    alone = make_event(address="경기도 안산시 단원구 원곡로 45")
    assert alone.address_in_latin == "45 Wongok-ro, Danwon-gu, Ansan-si, Gyeonggi-do"


# Pages


@pytest.fixture
def hospital(make_place, translate, regions):
    place = make_place("아주대학교병원", 37.280, 127.047, address="경기도 수원시 영통구 월드컵로 164",
                       region=regions["KR-41110"], languages_spoken="ko, vi")
    translate(place, "vi", "Bệnh viện Đại học Ajou")
    translate(place, "ur", "آجو یونیورسٹی ہسپتال")
    return place


LATIN = "164 Woldeukeop-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do"
KOREAN = "경기도 수원시 영통구 월드컵로 164"


def address_element(html):
    return html.split("<address", 1)[1].split("</address>", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "ur"])
def test_a_place_page_shows_the_latin_address_first_then_the_korean_to_show(client, hospital, language):
    response = client.get(f"/{language}/places/{hospital.pk}/", follow=True)
    html = response.content.decode()
    address = address_element(html)
    latin = f'<span class="address-latin" lang="ko-Latn" dir="ltr">{LATIN}</span>'
    korean = f'<span lang="ko" dir="ltr">{KOREAN}</span>'
    assert latin in address and korean in address and address.index(latin) < address.index(korean)
    with translation.override(language):
        label = translation.gettext("In Korean, to show a taxi driver or to type into a Korean map app:")
    assert label in address
    description = html.split('<meta name="description" content="', 1)[1].split('"', 1)[0]
    if language == "ur":  # a description cannot mark a Latin run left to right: a right-to-left one leaves it out
        assert LATIN not in description and description
    else:
        assert description.endswith(f"· {LATIN}")


@pytest.mark.django_db
def test_korean_readers_see_the_korean_address_only(client, hospital):
    html = client.get(f"/ko/places/{hospital.pk}/").content.decode()
    assert f'<address lang="ko" dir="ltr">{KOREAN}</address>' in html
    assert "ko-Latn" not in html and f"· {KOREAN}\"" in html


@pytest.mark.django_db
def test_the_list_and_event_pages_show_both_forms_and_the_editors_wins(client, hospital, make_event, frozen_now):
    Place.objects.filter(translation_key=hospital.translation_key).update(
        address_romanised="164 World cup-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do")
    html = client.get("/ur/places/", {"region": "KR-41110"}).content.decode()
    item = address_element(html.split('<ol class="places">', 1)[1])
    assert 'lang="ko-Latn" dir="ltr">164 World cup-ro, Yeongtong-gu' in item and f'lang="ko" dir="ltr">{KOREAN}' in item
    with translation.override("ur"):
        assert translation.gettext("In Korean:") in item
    hospital.refresh_from_db()
    event = make_event(place=hospital, day=(2026, 6, 20))
    page = client.get(f"/vi/events/{event.pk}/").content.decode()
    assert 'lang="ko-Latn" dir="ltr">164 World cup-ro' in address_element(page)
    listed = client.get("/vi/places/", {"region": "KR-41110"}).content.decode().split('class="places events"', 1)[1]
    assert 'lang="ko-Latn" dir="ltr">164 World cup-ro' in address_element(listed)


# Machines: the APIs, search, the CSV import, the admin


@pytest.mark.django_db
def test_the_apis_give_the_latin_address(client, hospital, make_event, frozen_now):
    place = client.get("/api/v1/places", {"region": "KR-41110", "locale": "vi"}).json()[0]
    assert (place["address"], place["address_romanised"]) == (KOREAN, LATIN)
    make_event(place=hospital, day=(2026, 6, 20))
    event = client.get("/api/v1/events", {"region": "KR-41110", "locale": "vi"}).json()[0]
    assert (event["address"], event["address_romanised"]) == (KOREAN, LATIN)


@pytest.mark.django_db
def test_search_indexes_the_latin_address_outside_korean(hospital, make_event, frozen_now):
    vietnamese = Place.objects.get(translation_key=hospital.translation_key, locale__language_code="vi")
    assert f"{LATIN}\n{KOREAN}" in place_text(vietnamese)
    assert KOREAN in place_text(hospital) and LATIN not in place_text(hospital)
    event = make_event(address="경기도 안산시 단원구 원곡로 45", locale="en")
    assert "45 Wongok-ro, Danwon-gu, Ansan-si, Gyeonggi-do" in event_text(event)


@pytest.mark.django_db
def test_the_csv_column_is_optional_and_a_file_without_it_keeps_the_editors_value(regions):
    row = {"external_id": "ajou", "name": "아주대학교병원", "category": "hospital", "address": KOREAN,
           "address_romanised": "164 World cup-ro, Suwon", "latitude": "37.28", "longitude": "127.047"}
    with_column = ",".join(COLUMNS) + "\n" + ",".join(f'"{row.get(column, "")}"' for column in COLUMNS) + "\n"
    assert import_text(with_column).created == 1
    assert Place.objects.get().address_romanised == "164 World cup-ro, Suwon"
    old_columns = [column for column in COLUMNS if column != "address_romanised"]
    without = ",".join(old_columns) + "\n" + ",".join(f'"{row.get(column, "")}"' for column in old_columns) + "\n"
    report = import_text(without.replace("37.28", "37.281"))
    assert report.errors == [] and report.updated == 1
    assert Place.objects.get().address_romanised == "164 World cup-ro, Suwon"


@pytest.mark.django_db
def test_the_admin_offers_the_field_with_the_romanisation_as_placeholder(admin_client, hospital):
    html = admin_client.get(f"/admin/snippets/services/place/edit/{hospital.pk}/").content.decode()
    assert 'name="address_romanised"' in html and f'placeholder="{LATIN}"' in html
