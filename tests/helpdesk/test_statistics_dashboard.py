"""The managers' dashboard: its menu entry, what it shows, its CSV exports and its constant cost."""
import csv
import io
import xml.etree.ElementTree as ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.models import Case
from tests.helpdesk import jeonnam_seed as seed
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

URL = "/admin/helpdesk/statistics/"
SEED_RANGE = {"start": "2024-01-01", "end": "2024-02-29"}

# Who may see the dashboard and its CSV files: rows of the role × view table in test_permissions.py.


def test_a_korean_admin_reads_korean_region_names(client, make_user):
    seed.load()
    log_in(client, make_user("manager"))
    html = client.get(URL, SEED_RANGE).content.decode()
    assert "영암군" in html and "전라남도" in html and "Tiếng Việt" in html


def test_the_menu_offers_the_dashboard_to_managers_only(client, make_user):
    log_in(client, make_user("manager"))
    assert URL in client.get("/admin/").content.decode()
    log_in(client, make_user("counsellor"))
    assert URL not in client.get("/admin/").content.decode()


@pytest.fixture
def manager(client, make_user):
    """A help-desk manager whose admin speaks English (the default admin language is Korean)."""
    from wagtail.users.models import UserProfile

    user = make_user("manager")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    log_in(client, user)
    return client


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_dashboard_shows_the_seed_tables_with_charts(manager):
    seed.load()
    html = manager.get(URL, SEED_RANGE).content.decode()
    assert "899" in html and "Vietnamese (Tiếng Việt)" in html and "Yeongam" in html
    charts = [ElementTree.fromstring(svg + "</svg>") for svg in _svgs(html)]
    assert len(charts) == 6  # month, language, region, topic, channel, who asked (the summary is a table)
    assert all(chart.get("role") == "img" for chart in charts)


def _svgs(html):
    """The charts' SVG (not the admin's icons)."""
    start = '<svg xmlns="http://www.w3.org/2000/svg" class="chart"'
    return [start + part.split("</svg>")[0] for part in html.split(start)[1:]]


def test_csv_exports_equal_the_seed(manager):
    seed.load()
    language = read_csv(manager.get(URL + "language.csv", SEED_RANGE))
    assert language[0] == ["Code", "Language", "Cases", "Share"]
    assert {row[0]: int(row[2]) for row in language[1:]} == {**{code: 0 for code in _all_languages()}, **seed.LANGUAGES}
    months = read_csv(manager.get(URL + "month.csv", SEED_RANGE))
    assert months[1:] == [["2024-01", "412", *months[1][2:]], ["2024-02", "487", *months[2][2:]]]
    regions = read_csv(manager.get(URL + "region.csv", SEED_RANGE))
    assert ["KR-46", "Jeollanam-do", "", "", "884", "98.3 %"] in regions
    assert ["KR-46", "Jeollanam-do", "KR-46830", "Yeongam", "300", "33.4 %"] in regions
    assert ["KR-46", "Jeollanam-do", "KR-46", "Jeollanam-do (city or county not given)", "15", "1.7 %"] in regions
    assert ["", "Region not given", "", "", "15", "1.7 %"] in regions
    summary = {row[0]: row[3] for row in read_csv(manager.get(URL + "summary.csv", SEED_RANGE))[1:]}
    assert summary == {"cases": "899", "referred": "45", "referral_rate": str(round(45 / 899, 4)), "answered": "850",
                       "median_seconds_to_first_answer": "25530", "p90_seconds_to_first_answer": "45906"}
    assert manager.get(URL + "nonsense.csv").status_code == 404


def _all_languages():
    from portal import languages

    return languages.CODES


def test_exports_hold_no_personal_data(manager, open_case):
    case, code = open_case(name="Nguyen Van A", contact_value="010-9876-5432",
                           question="Chủ không trả lương cho tôi ba tháng.")
    start = case.created_at.date().isoformat()
    exported = "".join(manager.get(f"{URL}{name}.csv", {"start": start, "end": start}).content.decode()
                       for name in ("summary", "month", "language", "region", "topic", "channel", "resident_type"))
    assert "1" in exported
    for secret in ("Nguyen", "9876", "lương", case.code, code):
        assert secret not in exported


def test_the_default_is_the_last_twelve_months(manager):
    html = manager.get(URL).content.decode()
    assert 'name="start"' in html and "Cases by month" in html
    assert html.count('<rect x="') >= 12  # a bar (maybe of zero height) for each month


def test_bad_dates_are_explained_and_kept(manager):
    response = manager.get(URL, {"start": "2024-03-01", "end": "2024-01-31", "language": "vi"})
    html = response.content.decode()
    assert "The last day must not come before the first day." in html
    assert 'value="2024-03-01"' in html and 'value="2024-01-31"' in html
    assert '<option value="vi" selected>' in html
    assert manager.get(URL + "month.csv", {"start": "nonsense", "end": "2024-01-31"}).status_code == 400


def test_the_page_costs_the_same_queries_with_more_cases(manager):
    seed.load()

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert manager.get(URL, SEED_RANGE).status_code == 200
        return len(context.captured_queries)

    before = queries()
    Case.objects.bulk_create(
        Case(code=f"X{index}", created_at=seed.created_times()[index], language="uz", topic="welfare",
             first_answered_at=seed.created_times()[index + 1])
        for index in range(500)
    )
    assert queries() == before
