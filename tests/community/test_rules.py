"""The abuse limits, as plain functions and through the forms: day-one caps, the pause
between posts, the link cap, suspension, trust, approval of first posts."""
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from community import posting, rules
from community.constants import Status
from community.models import Post
from tests.community.conftest import make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The rules' messages are read in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def draft(body="A question about visas.", title="Visa question", token=""):
    return posting.Draft(body=body, title=title, token=token, interface_language="en")


def test_first_posts_wait_for_approval_then_publish(new_member, settings, no_pause):
    assert rules.needs_approval(rules.standing(new_member))
    first = posting.start_thread(new_member, "immigration", draft(title="One")).post
    assert first.status == Status.PENDING
    settings.COMMUNITY_APPROVAL_FIRST_POSTS = 0
    assert posting.start_thread(new_member, "immigration", draft(title="Two")).post.status == Status.APPROVED


def test_approval_count_is_a_setting(make_member, settings):
    member = make_member(approved_posts=2)
    assert rules.initial_status(rules.standing(member)) == Status.APPROVED
    settings.COMMUNITY_APPROVAL_FIRST_POSTS = 3
    assert rules.initial_status(rules.standing(member)) == Status.PENDING


def test_day_one_thread_cap(new_member, no_pause):
    for number in range(3):
        posting.start_thread(new_member, "housing", draft(title=f"Thread {number}"))
    with pytest.raises(posting.PostingError, match="New members can start 3 threads on their first day"):
        posting.start_thread(new_member, "housing", draft(title="Thread 4"))
    assert Post.objects.filter(author=new_member).count() == 3


def test_day_one_reply_cap(new_member, thread, no_pause):
    for number in range(10):
        posting.reply(new_member, thread, draft(body=f"Reply {number}"))
    with pytest.raises(posting.PostingError, match="New members can write 10 replies on their first day"):
        posting.reply(new_member, thread, draft(body="Reply 11"))


def test_after_day_one_the_daily_caps_are_higher(make_member, thread, no_pause):
    member = make_member(age_days=3, approved_posts=2)
    for number in range(11):
        posting.reply(member, thread, draft(body=f"Reply {number}"))
    assert Post.objects.filter(author=member, thread=thread).count() == 11


def test_thirty_seconds_between_posts(member, thread):
    now = timezone.now()
    posting.reply(member, thread, draft(body="First"), now=now)
    with pytest.raises(posting.PostingError, match="Please wait 20 seconds before posting again"):
        posting.reply(member, thread, draft(body="Second"), now=now + timedelta(seconds=10))
    assert posting.reply(member, thread, draft(body="Third"), now=now + timedelta(seconds=31)).created


def test_at_most_two_links_for_members_not_yet_trusted(member, thread):
    three = "https://a.example https://b.example [c](https://c.example)"
    with pytest.raises(posting.PostingError, match=r"at most 2 links for now \(this one has 3\)"):
        posting.reply(member, thread, draft(body=three))
    assert posting.reply(member, thread, draft(body="https://a.example https://b.example")).created


def test_trusted_members_have_lighter_limits(trusted_member, thread):
    member_standing = rules.standing(trusted_member)
    assert member_standing.trusted and not member_standing.first_day
    now = timezone.now()
    many_links = " ".join(f"https://{n}.example" for n in range(6))
    posting.reply(trusted_member, thread, draft(body=many_links), now=now)
    assert posting.reply(trusted_member, thread, draft(body="Again"), now=now + timedelta(seconds=6)).created


def test_trust_needs_both_approved_posts_and_account_age(make_member, settings):
    assert not rules.standing(make_member(age_days=2, approved_posts=10)).trusted
    assert not rules.standing(make_member(age_days=30, approved_posts=9)).trusted
    assert rules.standing(make_member(age_days=30, approved_posts=10)).trusted
    settings.COMMUNITY_TRUSTED_APPROVED_POSTS = 3
    assert rules.standing(make_member(age_days=30, approved_posts=3)).trusted


def test_a_suspended_member_cannot_post_but_can_read(logged_in, make_member, thread, client):
    member = make_member("Suspended", suspended_until=timezone.now() + timedelta(days=3))
    verdict = rules.can_post(member)
    assert not verdict and "Your account is suspended until" in verdict.reason
    with pytest.raises(posting.PostingError, match="suspended"):
        posting.reply(member, thread, draft())
    logged_in(member)
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "Spam", "submission": "tok"})
    assert response.status_code == 403 and "suspended" in response.content.decode()
    assert client.get(f"/en/community/t/{thread.pk}/").status_code == 200
    assert not Post.objects.filter(author=member, thread=thread).exists()


def test_an_indefinite_suspension(make_member):
    from datetime import datetime, timezone as dt_timezone

    member = make_member(suspended_until=datetime(9999, 12, 31, tzinfo=dt_timezone.utc))
    assert rules.can_post(member).reason == "Your account is suspended. You can still read the board."


def test_a_suspension_ends(make_member):
    member = make_member(suspended_until=timezone.now() - timedelta(minutes=1))
    assert rules.can_post(member)


def test_an_unverified_email_cannot_post(make_member):
    verdict = rules.can_post(make_member(verified=False))
    assert not verdict and "Confirm your email address" in verdict.reason


def test_replies_only_to_public_threads(member, other_member):
    pending = make_thread(other_member, status=Status.PENDING)
    with pytest.raises(posting.PostingError, match="does not take replies"):
        posting.reply(member, pending, draft())


def test_limits_show_on_the_form_with_the_text_kept(logged_in, member, thread, client):
    logged_in(member)
    client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "First answer", "submission": "one"})
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "Second answer, typed with care",
                                                                    "submission": "two"})
    page = response.content.decode()
    assert response.status_code == 400 and "before posting again" in page
    assert "Second answer, typed with care</textarea>" in page


def test_the_per_client_rate_limit(logged_in, member, thread, client, settings, no_pause):
    settings.COMMUNITY_POSTS_PER_CLIENT_PER_MINUTE = 2
    logged_in(member)
    for number in range(2):
        assert client.post(f"/en/community/t/{thread.pk}/reply/", {"body": f"R{number}", "submission": f"t{number}"}).status_code == 302
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "Kept text", "submission": "t3"})
    assert response.status_code == 429
    assert "Too many posts from your connection" in response.content.decode() and "Kept text" in response.content.decode()
