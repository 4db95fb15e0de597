"""manage.py import_places: broken rows reported by line, good rows kept, a re-run changes nothing."""
from io import StringIO

import pytest
from django.core.management import call_command

from services.importer import COLUMNS, import_file
from services.models import Place
from services.regions import DATA_FILE

pytestmark = pytest.mark.django_db

# The columns of files written before address_romanised existed: they must import as they always did
# (test_addresses.py imports files with it).
FILE_COLUMNS = [column for column in COLUMNS if column != "address_romanised"]
HEADER = ",".join(FILE_COLUMNS)
GOOD = "ajou,ko,아주대학교병원,대학병원,hospital,수원시 영통구 월드컵로 164,37.280,127.047,KR-41110,1688-6114,,,no,no,\"ko,en\",yes,no,yes"
ROWS = [
    GOOD,
    "no-name,ko,,,hospital,,37.2,127.0,,,,,,,,,,",  # line 3: missing name
    "bad-coordinates,ko,병원,,hospital,,37.2,east,,,,,,,,,,",  # line 4
    "far-away,ko,병원,,hospital,,137.2,127.0,,,,,,,,,,",  # line 5: out of range
    "zoo,ko,동물원,,zoo,,37.2,127.0,,,,,,,,,,",  # line 6: unknown category
    "atlantis,ko,병원,,hospital,,37.2,127.0,KR-99999,,,,,,,,,",  # line 7: unknown region
    'multi,ko,다문화가족지원센터,"여러 줄\n설명",multicultural-family-centre,,37.3,126.8,KR-41270,,,,,,,,,',  # lines 8-9
    "ajou,en,Ajou University Hospital,A university hospital,,,,,,,,,,,,,,",  # line 10: translation
    "orphan,en,Orphan,,,,,,,,,,,,,,,",  # line 11: no Korean row
    "bad-flag,ko,병원,,hospital,,37.2,127.0,,,,,maybe,,,,,",  # line 12
    "bad-language,ko,병원,,hospital,,37.2,127.0,,,,,,,klingon,,,",  # line 13
]


@pytest.fixture
def csv_file(tmp_path, regions):
    path = tmp_path / "places.csv"
    path.write_text("\ufeff" + "\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")  # with a BOM
    return path


def test_bad_rows_are_reported_by_line_and_good_rows_kept(csv_file):
    report = import_file(csv_file)
    lines = {line: reason for line, reason in report.errors}
    assert sorted(lines) == [3, 4, 5, 6, 7, 11, 12, 13]
    assert "missing name" in lines[3]
    assert "bad coordinates" in lines[4] and "bad coordinates" in lines[5]
    assert "unknown category" in lines[6]
    assert "unknown region" in lines[7]
    assert "no Korean row" in lines[11]
    assert "yes or no" in lines[12]
    assert "klingon" in lines[13]
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    ajou = Place.objects.get(external_id="ajou", locale__language_code="ko")
    assert (ajou.latitude, ajou.longitude, ajou.region.code) == (37.28, 127.047, "KR-41110")
    assert ajou.languages_list == ["ko", "en"] and ajou.interpretation_available and ajou.barrier_free
    english = Place.objects.get(external_id="ajou", locale__language_code="en")
    assert english.translation_key == ajou.translation_key
    assert (english.name, english.latitude, english.phone) == ("Ajou University Hospital", 37.28, "1688-6114")
    assert Place.objects.get(external_id="multi").description == "여러 줄\n설명"


def test_a_second_run_changes_nothing(csv_file):
    import_file(csv_file)
    again = import_file(csv_file)
    assert (again.created, again.updated, again.unchanged, len(again.errors)) == (0, 0, 3, 8)
    assert Place.objects.count() == 3


def test_a_changed_row_updates_in_place(csv_file, tmp_path):
    import_file(csv_file)
    changed = tmp_path / "changed.csv"  # no BOM this time
    changed.write_text(HEADER + "\n" + GOOD.replace("1688-6114", "031-219-5114") + "\n", encoding="utf-8")
    report = import_file(changed)
    assert (report.created, report.updated) == (0, 1)
    # The translation follows its source's facts at once.
    assert set(Place.objects.filter(external_id="ajou").values_list("phone", flat=True)) == {"031-219-5114"}


def test_missing_columns_stop_at_the_header(tmp_path, regions):
    path = tmp_path / "places.csv"
    path.write_text("name,category\n병원,hospital\n", encoding="utf-8")
    report = import_file(path)
    assert report.errors == [(1, "missing columns: external_id, latitude, longitude")]


def test_the_command_prints_lines_and_a_summary(csv_file):
    out, err = StringIO(), StringIO()
    call_command("import_places", str(csv_file), stdout=out, stderr=err)
    assert "line 3: missing name" in err.getvalue()
    assert "3 created, 0 updated, 0 unchanged, 8 skipped" in out.getvalue()


def test_the_sample_file_imports_cleanly(regions):
    report = import_file(DATA_FILE.parent / "places-sample.csv")
    assert report.errors == [] and report.created == 4


# Rows the CSV reader cannot read, quotes left open, control characters


def row(external_id, name="병원", description="", **extra):
    values = {"external_id": external_id, "locale": "ko", "name": name, "description": description,
              "category": "hospital", "latitude": "37.2", "longitude": "127.0", **extra}
    return ",".join(values.get(column, "") for column in FILE_COLUMNS)


def write(tmp_path, *rows):
    path = tmp_path / "places.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run_command(path):
    out, err = StringIO(), StringIO()
    call_command("import_places", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_value_over_the_csv_limit_is_reported_and_the_rows_after_it_imported(tmp_path, regions):
    path = write(tmp_path, row("before"), row("huge", description="가" * 140_000), row("after"), GOOD)
    out, err = run_command(path)
    assert "line 3: a value is longer than 128 KB" in err
    assert "4 rows: 3 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert set(Place.objects.values_list("external_id", flat=True)) == {"before", "after", "ajou"}


@pytest.mark.parametrize("broken", [
    row("open-name", name='"병원'),  # a quote left open in a one-line column
    row("open-description", description='"설명'),  # in a column that may span lines
    row("open-at-the-end", phone='"031'),
])
def test_a_quote_left_open_is_reported_at_its_line_and_the_next_rows_imported(tmp_path, regions, broken):
    path = write(tmp_path, row("before"), broken, row("after"), GOOD, row("last"))
    report = import_file(path)
    assert [line for line, _reason in report.errors] == [3]
    assert "quote" in report.errors[0][1] and "never closed" in report.errors[0][1]
    assert set(Place.objects.values_list("external_id", flat=True)) == {"before", "after", "ajou", "last"}


def test_a_quote_left_open_on_the_last_row_is_reported(tmp_path, regions):
    report = import_file(write(tmp_path, row("before"), row("last", name='"병원')))
    assert report.errors == [(3, "a quote is opened and never closed: the file ends inside it")]
    assert report.created == 1


def test_a_multi_line_description_in_quotes_is_still_one_value(tmp_path, regions):
    report = import_file(write(tmp_path, row("multi", description='"첫 줄\n\n둘째, 줄"'), row("after")))
    assert report.errors == [] and report.created == 2
    assert Place.objects.get(external_id="multi").description == "첫 줄\n\n둘째, 줄"


@pytest.mark.parametrize("column, value", [("name", "병\x00원"), ("phone", "031\x07"), ("description", "설명\x00"),
                                           ("external_id", "id\x1b")])
def test_control_characters_are_refused_with_the_line(tmp_path, regions, column, value):
    fields = {"name": "병원", "description": "", column: value}
    external_id = fields.pop("external_id", "ctrl")
    report = import_file(write(tmp_path, row("before"), row(external_id, **fields), row("after")))
    assert [(line, "control character" in reason) for line, reason in report.errors] == [(3, True)]
    assert report.created == 2


def test_tabs_and_line_breaks_are_kept_where_text_has_lines(tmp_path, regions):
    hours = '"Mo-Fr\t09:00-18:00;\nPH off"'
    report = import_file(write(tmp_path, row("tabs", description='"월\t화\n수"', opening_hours=hours)))
    assert report.errors == [] and Place.objects.get().description == "월\t화\n수"


# Opening hours


def test_bad_opening_hours_refuse_the_row_with_its_line_and_the_reason(tmp_path, regions):
    report = import_file(write(tmp_path, row("good", opening_hours='"Mo-Fr 09:00-18:00; PH off"'),
                               row("day", opening_hours="Mn 09:00-18:00"),
                               row("korean", opening_hours="평일 09:00-18:00"),
                               row("hours", opening_hours="Mo-Fr 9-18"), row("none")))
    assert report.errors == [
        (3, "bad opening_hours: Unknown day “Mn”: use Mo, Tu, We, Th, Fr, Sa, Su or PH."),
        (4, "bad opening_hours: Unknown day “평일”: use Mo, Tu, We, Th, Fr, Sa, Su or PH."),
        (5, "bad opening_hours: Hours must be like 09:00-18:00, not “9-18”."),
    ]
    assert report.created == 2
    assert Place.objects.get(external_id="good").opening_hours == "Mo-Fr 09:00-18:00; PH off"
    assert Place.objects.get(external_id="none").opening_hours == ""


def test_the_reason_is_translated_part_by_part_where_it_is_shown(tmp_path, regions):
    from django.utils import translation

    from services.import_reasons import translated

    report = import_file(write(tmp_path, row("day", opening_hours="Mn 09:00-18:00")))
    reason = report.errors[0][1]
    assert (reason.params["reason"].message, reason.params["reason"].params) == (
        "Unknown day “%(day)s”: use Mo, Tu, We, Th, Fr, Sa, Su or PH.", {"day": "Mn"})
    with translation.override("en"):
        assert translated(reason) == str(reason)


def test_the_command_reports_bad_hours(tmp_path, regions):
    out, err = run_command(write(tmp_path, row("week", opening_hours="week 01-10 Mo 09:00-12:00")))
    assert "line 2: bad opening_hours: “week” is not supported" in err and "1 skipped" in out


def test_a_quote_left_open_before_more_than_128_kb_is_named_as_such(tmp_path, regions):
    rows = [row("open", name='"병원'), *(row(f"r{number}", description="가" * 1000) for number in range(150))]
    report = import_file(write(tmp_path, *rows))
    assert report.errors[0] == (2, "a quote opened on this line is never closed: it took in the lines after it")
    assert report.created == 150
