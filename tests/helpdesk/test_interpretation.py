"""Three-way interpretation: never dropped silently when logged, counted in the dashboard with small counts
withheld, and a dashboard that shows staff labels, never internal names."""
import csv
import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from helpdesk import cases, statistics, stats_interpretation
from helpdesk.models import Case
from tests.helpdesk import jeonnam_seed as seed
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

SEOUL = seed.SEOUL
URL = "/admin/helpdesk/statistics/"
JULY = {"start": "2024-07-01", "end": "2024-07-31"}
INTERNAL_NAME = re.compile(r"\b[a-z]+(_[a-z]+){2,}\b")
ERROR = "You chose an interpreter's language: tick “Three-way interpretation” or clear the language."


# Logging a call --------------------------------------------------------------------------------------------

def call(**overrides):
    return {
        "channel": "phone", "language": "uz", "interpreter_language": "uz", "topic": "employment",
        "resident_type": "foreign_worker", "question": "Ish haqim uch oydan beri to'lanmagan",
        "contact_method": "phone", "contact_value": "010 4444 5555", "messenger": "", "name": "Aziz",
        "assign_to_me": "on", **overrides,  # "interpretation" left out: the box unticked
    }


def test_an_interpreter_language_with_the_box_unticked_is_refused_with_everything_kept(client, counsellor):
    log_in(client, counsellor)  # the admin speaks Korean, the default
    response = client.post("/admin/helpdesk/log/", call())
    html = response.content.decode()
    assert response.status_code == 400 and not Case.objects.exists()
    with translation.override("ko"):
        error = gettext(ERROR)
    assert error in html.replace("&#x27;", "'").replace("&quot;", '"')
    form = response.context["form"]
    assert list(form.errors) == ["interpreter_language"]
    assert form["interpreter_language"].value() == "uz" and not form["interpretation"].value()
    for kept in ("Ish haqim uch oydan beri", "010 4444 5555", "Aziz"):
        assert kept in html
    assert '<option value="uz" selected>' in html


def test_ticking_the_box_then_logs_both(client, counsellor):
    log_in(client, counsellor)
    response = client.post("/admin/helpdesk/log/", call(interpretation="on"))
    assert response.status_code == 200
    assert Case.objects.values_list("interpretation", "interpreter_language").get() == (True, "uz")


def test_clearing_the_language_logs_no_interpretation(client, counsellor):
    log_in(client, counsellor)
    assert client.post("/admin/helpdesk/log/", call(interpreter_language="")).status_code == 200
    assert Case.objects.values_list("interpretation", "interpreter_language").get() == (False, "")


def test_the_domain_function_refuses_it_too(open_case):
    from django.utils import translation

    with pytest.raises(cases.CaseError) as refused:
        open_case(interpretation=False, interpreter_language="vi")
    with translation.override("en"):
        assert str(refused.value) == ERROR and not Case.objects.exists()


# The interpretation figure ---------------------------------------------------------------------------------

def make_cases(spec, day=datetime.datetime(2024, 7, 10, 10, 0, tzinfo=SEOUL), **fields):
    """spec: {interpreter's language or None (no interpretation): number of cases}, created on `day`."""
    made = [
        Case(code=f"I{day:%m%d}{language or 'none'}{index}", created_at=day + datetime.timedelta(minutes=index),
             interpretation=language is not None, interpreter_language=language or "",
             **{"language": "vi", "topic": "employment", **fields})
        for language, count in spec.items() for index in range(count)
    ]
    Case.objects.bulk_create(made)


@pytest.fixture
def manager(client, make_user):
    user = make_user("manager")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return log_in(client, user)


def read_csv(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def interpretation_rows(manager, params):
    """{code: [label, cases, share]} of the dashboard's interpretation CSV."""
    rows = read_csv(manager.get(URL + "interpretation.csv", params))
    assert rows[0] == ["Code", "Interpreter's language", "Cases", "Share of all cases"]
    return {row[0]: row[1:] for row in rows[1:]}


def test_the_figure_counts_interpreted_cases_by_interpreter_language(manager, open_case):
    make_cases({"vi": 20, "ne": 7, None: 13})
    make_cases({"vi": 4}, day=datetime.datetime(2024, 8, 1, 0, 0, tzinfo=SEOUL))  # August, Seoul time: not counted
    make_cases({"vi": 9}, day=datetime.datetime(2024, 7, 11, 9, 0, tzinfo=SEOUL), language="th")

    assert stats_interpretation.counts(statistics.Filters(datetime.date(2024, 7, 1), datetime.date(2024, 8, 1))) \
        == {"vi": 29, "ne": 7}
    rows = interpretation_rows(manager, JULY)
    assert rows["vi"] == ["Vietnamese (Tiếng Việt)", "29", "59.2 %"]  # of the 49 July cases
    assert rows["ne"] == ["Nepali (नेपाली)", "7", "14.3 %"]
    assert rows["uz"][1:] == ["0", "0.0 %"]
    assert rows["total"] == ["Cases with three-way interpretation", "36", "73.5 %"]
    assert list(rows)[:3] == ["ko", "en", "vi"]  # a fixed order, not by count: it would order withheld cells

    # The dashboard's filters apply: the Thai-speaking residents' nine cases only.
    assert interpretation_rows(manager, {**JULY, "language": "th"})["total"][1:] == ["9", "100.0 %"]

    html = manager.get(URL, JULY).content.decode()
    section = html.split('id="table-interpretation"')[1].split("</section>")[0]
    assert "<td>Vietnamese (Tiếng Việt)</td><td>29</td><td>59.2 %</td>" in section
    assert "<td>Cases with three-way interpretation</td><td>36</td><td>73.5 %</td>" in section
    assert "<svg" not in section  # no chart: a bar would show a withheld count's size


def test_cases_without_a_recorded_interpreter_language_have_a_row_of_their_own(manager):
    make_cases({"": 6, "ru": 5})
    rows = interpretation_rows(manager, JULY)
    assert rows[""] == ["Interpreter's language not recorded", "6", "54.5 %"]
    assert rows["total"][1] == "11"


def test_small_counts_are_withheld_below_the_threshold(manager, settings):
    settings.HELPDESK_SUPPRESS_BELOW = 5
    make_cases({"vi": 20, "ne": 3, None: 50})
    rows = interpretation_rows(manager, JULY)
    # 3 is withheld; the 20 too, or the total (23) minus 20 would give the 3 away.
    assert rows["ne"][1:] == ["<5", "—"] and rows["vi"][1:] == ["x", "—"]
    assert rows["total"][1:] == ["23", "31.5 %"]
    html = manager.get(URL, JULY).content.decode()
    section = html.split('id="table-interpretation"')[1].split("</section>")[0]
    assert "<td>&lt;5</td>" in section and ">3<" not in section and ">20<" not in section
    assert "fewer than 5 cases are shown as “&lt;5”" in section


def test_a_total_below_the_threshold_is_withheld_and_a_threshold_of_one_withholds_nothing(manager, settings):
    make_cases({"km": 2, None: 30})
    settings.HELPDESK_SUPPRESS_BELOW = 5
    rows = interpretation_rows(manager, JULY)
    assert rows["km"][1:] == ["<5", "—"] and rows["total"][1:] == ["<5", "—"]
    settings.HELPDESK_SUPPRESS_BELOW = 1
    rows = interpretation_rows(manager, JULY)
    assert rows["km"][1:] == ["2", "6.2 %"] and rows["total"][1:] == ["2", "6.2 %"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_the_figure_reads_only_its_index_and_sorts_nothing(db):
    make_cases({"vi": 30, "ne": 10, None: 200})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE helpdesk_case")
    with CaptureQueriesContext(connection) as context:
        stats_interpretation.counts(statistics.Filters(datetime.date(2024, 7, 1), datetime.date(2024, 8, 1),
                                                       language="vi", region_ids=(1, 2)))
    [query] = context.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "COVERING INDEX helpdesk_case_stats_interpret" in plan and "TEMP B-TREE" not in plan, plan


# No internal names on the dashboard ------------------------------------------------------------------------

class VisibleText(HTMLParser):
    """The text a reader sees or hears: text outside scripts and styles, and the attributes read out."""

    HIDDEN = {"script", "style", "template"}
    READ_OUT = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.hidden, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN
        self.parts += [value for name, value in attrs if name in self.READ_OUT and value]

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.parametrize("admin_language", ["en", "ko"])
def test_the_dashboard_shows_labels_never_internal_names(client, make_user, admin_language):
    seed.load()
    make_cases({"vi": 12, "": 6}, day=datetime.datetime(2024, 2, 10, 10, 0, tzinfo=SEOUL))
    user = make_user("manager")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = admin_language
    profile.save()
    log_in(client, user)
    html = client.get(URL, {"start": "2024-01-01", "end": "2024-02-29"}).content.decode()
    text = visible_text(html)
    assert "917" in text and "Tiếng Việt" in text
    assert [match.group(0) for match in INTERNAL_NAME.finditer(text)] == []
    for internal in ("median_seconds_to_first_answer", "referral_rate", "foreign_worker", "korean_national"):
        assert internal not in text
    with translation.override(admin_language):
        assert gettext("Time to first answer, median") in text and gettext("Foreign worker") in text


def test_csv_headers_are_labels_and_the_codes_stay_for_programs(manager):
    seed.load()
    for name in ("summary", "month", "language", "region", "topic", "channel", "resident_type", "interpretation"):
        header = read_csv(manager.get(f"{URL}{name}.csv", {"start": "2024-01-01", "end": "2024-02-29"}))[0]
        assert not any(INTERNAL_NAME.search(column) or "_" in column for column in header), (name, header)
    summary = read_csv(manager.get(URL + "summary.csv", {"start": "2024-01-01", "end": "2024-02-29"}))
    assert ["median_seconds_to_first_answer", "Time to first answer, median"] == summary[5][:2]
