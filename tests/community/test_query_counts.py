"""Board and thread pages cost the same number of queries whatever the size of the board
(the benchmark in bench/ measures the time; this keeps the shape)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.community.conftest import add_reply, make_thread

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_board_page_costs_the_same_with_more_threads(member, client, settings):
    settings.COMMUNITY_THREADS_PER_PAGE = 5
    make_thread(member, topic="education")
    client.get("/en/community/education/")  # warm the region and count caches
    few = queries(client, "/en/community/education/")
    for number in range(12):
        make_thread(member, title=f"T{number}", topic="education")
    assert queries(client, "/en/community/education/") == few
    assert few <= 3


def test_a_thread_page_costs_the_same_with_more_replies(member, other_member, logged_in, client):
    thread = make_thread(member)
    add_reply(thread, other_member)
    url = thread.get_absolute_url("en")
    client.get(url)
    anonymous_few = queries(client, url)
    for number in range(60):
        add_reply(thread, other_member, body=f"Reply {number}")
    assert queries(client, url) == anonymous_few == queries(client, url + "?page=2")
    assert anonymous_few <= 4
    logged_in(member)
    client.get(url)
    member_few = queries(client, url)
    add_reply(thread, member, body="Mine")
    assert queries(client, url) == member_few
