"""Reports: one per member per post; enough of them hide the post until a moderator decides."""
import pytest

from community import moderation
from community.constants import ActionKind, Status
from community.models import ModerationAction, Report
from tests.community.conftest import add_reply

pytestmark = pytest.mark.django_db


def test_three_distinct_reports_hide_a_post_and_log_it(logged_in, make_member, thread, other_member, client):
    reply = add_reply(thread, other_member, body="Buy cheap visas here")
    reporters = [make_member(f"Reporter{n}") for n in range(3)]
    for number, reporter in enumerate(reporters[:2]):
        logged_in(reporter)
        form = client.get(f"/en/community/p/{reply.pk}/report/")
        assert form.status_code == 200 and "Buy cheap visas here" in form.content.decode()
        response = client.post(f"/en/community/p/{reply.pk}/report/", {"reason": "scam", "details": "fake visas"})
        assert response.status_code == 302
        reply.refresh_from_db()
        assert reply.status == Status.APPROVED and reply.report_count == number + 1
    # The same member again: counted once.
    client.post(f"/en/community/p/{reply.pk}/report/", {"reason": "spam"})
    reply.refresh_from_db()
    assert reply.report_count == 2 and Report.objects.filter(post=reply).count() == 2
    logged_in(reporters[2])
    client.post(f"/en/community/p/{reply.pk}/report/", {"reason": "spam"})
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.status == Status.HIDDEN and thread.reply_count == 0
    action = ModerationAction.objects.get(action=ActionKind.AUTO_HIDE)
    assert action.post == reply and action.moderator is None and action.member == other_member
    client.logout()
    assert "Buy cheap visas here" not in client.get(thread.get_absolute_url("en")).content.decode()
    # The author still sees it, with a notice.
    logged_in(other_member)
    page = client.get(thread.get_absolute_url("en")).content.decode()
    assert "Buy cheap visas here" in page and "hidden while moderators look at it" in page


def test_the_threshold_is_a_setting(make_member, thread, other_member, settings):
    settings.COMMUNITY_REPORTS_TO_HIDE = 1
    reply = add_reply(thread, other_member)
    moderation.report(make_member(), reply, "abuse")
    reply.refresh_from_db()
    assert reply.status == Status.HIDDEN


def test_a_moderator_decision_closes_the_reports(make_member, thread, other_member, settings):
    settings.COMMUNITY_REPORTS_TO_HIDE = 2
    reply = add_reply(thread, other_member)
    for reporter in (make_member(), make_member()):
        moderation.report(reporter, reply, "spam")
    moderator = make_member("Mod").user
    moderation.approve(reply, moderator, reason="Not spam")
    reply.refresh_from_db()
    assert reply.status == Status.APPROVED and reply.report_count == 0
    assert not Report.objects.filter(post=reply, resolved=False).exists()
    assert ModerationAction.objects.filter(action=ActionKind.RESTORE, moderator=moderator).exists()
    moderation.report(make_member(), reply, "spam")  # counting starts again
    reply.refresh_from_db()
    assert reply.status == Status.APPROVED and reply.report_count == 1


def test_members_cannot_report_their_own_posts(logged_in, member, thread, client):
    reply = add_reply(thread, member)
    logged_in(member)
    response = client.post(f"/en/community/p/{reply.pk}/report/", {"reason": "spam"})
    assert response.status_code == 400 and "You cannot report your own post" in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_needs_a_reason_and_a_login(logged_in, member, thread, client):
    opening = thread.posts.get(position=0)
    response = client.post(f"/en/community/p/{opening.pk}/report/", {"reason": "spam"})
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    logged_in(member)
    response = client.post(f"/en/community/p/{opening.pk}/report/", {"reason": "", "details": "typed details"})
    assert response.status_code == 400 and "typed details" in response.content.decode()
    assert not Report.objects.exists()
