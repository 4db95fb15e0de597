"""The public open-data page: monthly tables, small counts withheld, CSV, cache, labels, bad input."""
import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from helpdesk import open_data
from helpdesk.models import Case
from tests.helpdesk import jeonnam_seed as seed

pytestmark = pytest.mark.django_db

URL = "/en/help/statistics/"
RANGE = {"from": "2024-01", "to": "2024-02"}
LANGUAGE_ORDER = ("ko", "en", "vi", "zh-hans", "th", "km", "ne", "id", "uz", "fil", "ru", "ja", "si", "ur")


@pytest.fixture
def cases():
    """January 2024: vi 40 (Yeongam), ko 12 and zh-hans 7 (Mokpo), ur 2 (no region, healthcare);
    February 2024: vi 30 (Yeongam), ko 6 (Mokpo). Every other case is about work."""
    regions = seed.create_regions()
    yeongam, mokpo = regions["KR-46830"], regions["KR-46110"]
    groups = [
        (datetime.date(2024, 1, 1), "vi", yeongam, "employment", 40),
        (datetime.date(2024, 1, 1), "ko", mokpo, "employment", 12),
        (datetime.date(2024, 1, 1), "zh-hans", mokpo, "employment", 7),
        (datetime.date(2024, 1, 1), "ur", None, "healthcare", 2),
        (datetime.date(2024, 2, 1), "vi", yeongam, "employment", 30),
        (datetime.date(2024, 2, 1), "ko", mokpo, "employment", 6),
    ]
    made = []
    for month, language, region, topic, count in groups:
        for index in range(count):
            created = datetime.datetime.combine(month + datetime.timedelta(days=index % 28), datetime.time(10),
                                                tzinfo=seed.SEOUL)
            made.append(Case(code=f"{language}{month:%m}{index}", created_at=created, language=language,
                             region=region, topic=topic))
    Case.objects.bulk_create(made)
    return regions


def table(html, dimension):
    """{row label: [cells]} and the totals row of one table of the page."""
    section = html.split(f'id="stats-{dimension}"')[1].split("</section>")[0]
    rows = {}
    for label, cells in re.findall(r"<tr><th scope=\"row\"[^>]*>(.*?)</th>(.*?)</tr>", section, re.S):
        rows[label] = re.findall(r"<td>(.*?)</td>", cells)
    return rows


def test_the_tables_withhold_small_counts_and_what_would_reveal_them(client, cases):
    response = client.get(URL, RANGE)
    assert response.status_code == 200
    html = response.content.decode()
    languages = table(html, "language")
    assert languages["Tiếng Việt"] == ["40", "30"]
    assert languages["한국어"] == ["12", "6"]
    assert languages["اردو"] == ["&lt;5", "0"]  # 2 cases: withheld
    assert languages["简体中文"] == ["x", "0"]  # 7 would give the 2 away (61 − 40 − 12 − 7): withheld too
    assert languages["All cases"] == ["61", "36"]
    regions = table(html, "region")
    assert regions == {"Mokpo": ["x", "6"], "Yeongam": ["40", "30"], "Region not given": ["&lt;5", "0"],
                       "All cases": ["61", "36"]}
    topics = table(html, "topic")
    assert topics["Work &amp; labour rights"] == ["x", "36"] and topics["Healthcare"] == ["&lt;5", "0"]
    assert 'lang="ur" dir="auto">اردو</th>' in html


def test_no_total_over_the_months_is_published(client, cases):
    """Totals of two ranges one month apart would give that month's withheld cells."""
    html = client.get(URL, RANGE).content.decode()
    assert all(len(cells) == 2 for cells in table(html, "language").values())


def test_a_month_reads_the_same_in_every_range(client, cases):
    both = table(client.get(URL, RANGE).content.decode(), "language")
    january = table(client.get(URL, {"from": "2024-01", "to": "2024-01"}).content.decode(), "language")
    assert january == {label: cells[:1] for label, cells in both.items()}


def test_the_threshold_is_a_setting(client, cases, settings):
    settings.HELPDESK_SUPPRESS_BELOW = 10
    languages = table(client.get(URL, RANGE).content.decode(), "language")
    assert languages["한국어"][1] == "&lt;10" and languages["Tiếng Việt"] == ["40", "x"]


def test_csv_is_the_same_table(client, cases):
    response = client.get("/en/help/statistics/language.csv", RANGE)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0] == ["language", "Name", "2024-01", "2024-02"]
    assert [row[0] for row in rows[1:-1]] == list(LANGUAGE_ORDER)
    by_code = {row[0]: row[2:] for row in rows[1:]}
    assert by_code["ur"] == ["<5", "0"] and by_code["zh-hans"] == ["x", "0"] and by_code["vi"] == ["40", "30"]
    assert rows[-1] == ["total", "All cases", "61", "36"]
    regions = list(csv.reader(io.StringIO(client.get("/en/help/statistics/region.csv", RANGE).content.decode().lstrip("\ufeff"))))
    assert regions[1:] == [["KR-46110", "Mokpo", "x", "6"], ["KR-46830", "Yeongam", "40", "30"],
                           ["", "Region not given", "<5", "0"], ["total", "All cases", "61", "36"]]
    assert client.get("/en/help/statistics/people.csv", RANGE).status_code == 404


def test_labels_are_in_the_readers_language(client, cases):
    html = client.get("/ko/help/statistics/", RANGE).content.decode()
    assert "영암군" in table(html, "region") and "일자리 및 노동권" in table(html, "topic")
    assert "Tiếng Việt" in table(html, "language")  # languages in their own names


def test_only_complete_months_are_offered(client, cases):
    Case.objects.create(code="NOW", language="vi", topic="housing", created_at=timezone.now())
    html = client.get(URL).content.decode()
    this_month = open_data.current_month().strftime("%Y-%m")
    assert f'value="{this_month}"' not in html
    last_month = (open_data.current_month() - datetime.timedelta(days=1)).strftime("%Y-%m")
    assert f'<option value="{last_month}" selected>' in html  # the default range ends with it


@pytest.mark.parametrize("query, message", [
    ({"from": "2024-02", "to": "2024-01"}, "The first month must not come after the last month."),
    ({"from": "1999-01", "to": "2024-01"}, "Choose months from January 2024 to"),
    ({"from": "January", "to": "2024-01"}, "Choose months from January 2024 to"),
])
def test_a_bad_range_is_explained(client, cases, query, message):
    response = client.get(URL, query)
    assert response.status_code == 400 and message in response.content.decode()
    assert "Cases by language" in response.content.decode()  # the default months are shown instead
    assert client.get("/en/help/statistics/language.csv", query).status_code == 400


def test_without_cases_the_page_says_so(client):
    response = client.get(URL)
    assert response.status_code == 200 and "There are no statistics yet" in response.content.decode()


def test_tables_are_cached(cases, django_assert_num_queries):
    first = open_data.tables(datetime.date(2024, 1, 1), datetime.date(2024, 2, 1))
    with django_assert_num_queries(0):
        assert open_data.tables(datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)) == first


def test_the_page_is_served_from_the_page_cache(client, cases, django_assert_num_queries):
    client.get(URL, RANGE)
    with django_assert_num_queries(0):
        assert client.get(URL, RANGE).status_code == 200
