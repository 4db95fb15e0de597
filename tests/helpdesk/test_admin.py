"""The counsellors' inbox, suggested articles, "no article" and the editors' report."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk import cases
from helpdesk.constants import Status
from helpdesk.models import Case
from tests.conftest import article
from tests.permissions import log_in

pytestmark = pytest.mark.django_db


def inbox_codes(client, **params):
    response = client.get("/admin/helpdesk/", params)
    assert response.status_code == 200
    return [case.code for case in response.context["page"].cases]


def test_the_inbox_filters_by_language_status_assignment_and_topic(client, open_case, counsellor, make_user):
    colleague = make_user("counsellor", "colleague")
    vi_new, _ = open_case(language="vi", topic="employment")
    th_mine, _ = open_case(language="th", topic="housing", assigned_to=counsellor)
    vi_theirs, _ = open_case(language="vi", topic="housing", assigned_to=colleague)
    closed, _ = open_case(language="vi")
    cases.change_status(closed, Status.CLOSED, counsellor)
    log_in(client, counsellor)
    assert inbox_codes(client) == [vi_theirs.code, th_mine.code, vi_new.code]  # open ones, newest first
    assert inbox_codes(client, language="th") == [th_mine.code]
    assert inbox_codes(client, assigned="mine") == [th_mine.code]
    assert inbox_codes(client, assigned="unassigned") == [vi_new.code]
    assert inbox_codes(client, topic="housing", language="vi") == [vi_theirs.code]
    assert inbox_codes(client, status="closed") == [closed.code]
    assert len(inbox_codes(client, status="any")) == 4
    assert inbox_codes(client, status="bogus", language="xx") == [vi_theirs.code, th_mine.code, vi_new.code]


def test_the_inbox_shows_no_personal_data_and_decrypts_nothing(client, open_case, counsellor):
    open_case(name="Hidden Name", contact_value="010-7777-8888", question="Hidden question text")
    log_in(client, counsellor)
    html = client.get("/admin/helpdesk/").content.decode()
    for private in ("Hidden Name", "010-7777-8888", "Hidden question"):
        assert private not in html


def _inbox_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/helpdesk/", {"status": "any"}).status_code == 200
    return len(queries)


def test_the_inbox_costs_the_same_number_of_queries_for_few_and_many_cases(client, open_case, counsellor, region):
    log_in(client, counsellor)
    open_case(region=region, assigned_to=counsellor)
    few = _inbox_queries(client)
    for index in range(60):
        open_case(region=region, assigned_to=counsellor if index % 2 else None, topic="housing")
    assert _inbox_queries(client) == few
    second_page = client.get("/admin/helpdesk/", {"status": "any", "p": "2"}).context["page"]
    assert second_page.has_previous and not second_page.has_next and len(second_page.cases) == 11


@pytest.fixture
def hospital_article(import_jsonl, django_capture_on_commit_callbacks, settings):
    settings.ELASTICSEARCH_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        import_jsonl(
            article(key="hospital-guide", locale="ko", topic="healthcare", title="외국인 병원 이용 안내",
                    body="병원에 갈 때는 외국인등록증과 건강보험증을 가져가세요."),
            article(key="hospital-guide", locale="en", topic="healthcare", title="Going to a hospital",
                    body="Bring your residence card and health insurance card to hospitals."),
        )


def test_the_case_page_suggests_articles_and_attaches_one_to_the_answer(client, open_case, counsellor, hospital_article):
    case, _code = open_case(language="en", question="Which card do I bring to the hospital?")
    log_in(client, counsellor)
    html = client.get(f"/admin/helpdesk/cases/{case.pk}/").content.decode()
    assert "Going to a hospital" in html and "/en/healthcare/hospital-guide/" in html
    url = "http://127.0.0.1:8000/en/healthcare/hospital-guide/"
    response = client.post(f"/admin/helpdesk/cases/{case.pk}/answer/", {"text": "Bring your card.", "attach": url})
    assert response.status_code == 200
    assert response.context["answer_form"].initial["text"] == f"Bring your card.\n\nGoing to a hospital: {url}"
    assert not case.answers.exists()  # attaching does not send


def test_no_article_marks_feed_the_editors_report_without_personal_data(client, open_case, counsellor, make_user):
    case, _code = open_case(language="vi", topic="employment", name="Private Person", question="Private question")
    open_case(language="vi", topic="employment")
    log_in(client, counsellor)
    client.post(f"/admin/helpdesk/cases/{case.pk}/no-article/", {"value": "1"})
    assert Case.objects.get(pk=case.pk).no_article
    log_in(client, make_user("editor"))
    response = client.get("/admin/helpdesk/article-gaps/")
    rows = list(response.context["rows"])
    assert [(row["topic"], row["language"], row["count"]) for row in rows] == [("employment", "vi", 1)]
    html = response.content.decode()
    assert "Private Person" not in html and "Private question" not in html and case.code not in html
    assert client.get("/admin/helpdesk/article-gaps/", {"language": "th"}).context["rows"] == []
    log_in(client, counsellor)
    client.post(f"/admin/helpdesk/cases/{case.pk}/no-article/", {"value": "0"})
    assert not Case.objects.get(pk=case.pk).no_article
