"""The moderators' side in the Wagtail admin: queues, decisions, sanctions, the audit log.

Members are made by tests/community/conftest.py; moderators are staff users in
the Moderators group (portal.roles), without a member profile.
"""
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.users.models import UserProfile

from community import moderation, posting, rules, sanctions
from community.constants import ActionKind, Status
from community.models import ModerationAction, Post, PostRevision, Report, ThreadSubscription
from portal import roles
from tests.community.conftest import add_reply, make_thread
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

QUEUE, REPORTED, LOG = "/admin/community/", "/admin/community/reported/", "/admin/community/log/"


def staff(name, group=roles.MODERATORS):
    user = User.objects.create_user(username=name, password="not-used-123", first_name=name.title())
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin in English, so the tests read the English messages
    profile.save()
    return user


@pytest.fixture
def moderator():
    return staff("moderator")


@pytest.fixture
def admin_client(client, moderator):
    log_in(client, moderator)
    return client


def action_url(post, action):
    return f"/admin/community/posts/{post.pk}/{action}/"


def reported(post, make_member, count, reason="spam", details=""):
    for number in range(count):
        moderation.report(make_member(), post, reason, details)
    post.refresh_from_db()
    return post


def pending_reply(thread, author, body="Is the labour office open on Saturday?", minutes_ago=30):
    return add_reply(thread, author, body=body, status=Status.PENDING,
                     created_at=timezone.now() - timedelta(minutes=minutes_ago))


# --- the queues ------------------------------------------------------------------

def test_the_approval_queue_shows_pending_posts_oldest_first_with_what_moderators_need(
        frozen_now, admin_client, new_member, member, thread):
    newer = pending_reply(thread, new_member, body="Second question, newer", minutes_ago=5)
    older = pending_reply(thread, member, body="First question, older", minutes_ago=50)
    add_reply(thread, member, body="Already public reply")
    page = admin_client.get(QUEUE).content.decode()
    assert page.index("First question, older") < page.index("Second question, newer")
    assert "Already public reply" not in page
    assert "Newcomer" in page and "Lan" in page and thread.title in page
    card = page[page.index(f'id="post-{older.pk}"'):page.index(f'id="post-{newer.pk}"')]
    assert re.search(r"Approved posts</dt>\s*<dd>3</dd>", card)  # Lan's two earlier posts and the public reply
    assert re.search(r"Member since</dt><dd>\d{4}-\d\d-\d\d \(4\xa0weeks, 2\xa0days\)</dd>", card)  # 30 days before 15 June
    assert "2 posts are waiting for approval" in page


def test_moderators_never_see_a_members_email(admin_client, make_member, thread, settings):
    author = make_member("Quiet", email="secret.person@example.org")
    post = pending_reply(thread, author)
    reporter = make_member("Reporter", email="reporter.secret@example.org")
    public = add_reply(thread, author, body="Public")
    moderation.report(reporter, public, "abuse")
    for path in (QUEUE, REPORTED, f"/admin/community/posts/{post.pk}/"):
        page = admin_client.get(path).content.decode()
        assert "Quiet" in page
        assert "secret.person" not in page and "reporter.secret" not in page and "@example.org" not in page
    admin_client.post(action_url(post, "warn"), {"reason": "x"})  # the confirmation page
    assert "@example.org" not in admin_client.post(action_url(post, "warn"), {}).content.decode()


def test_the_reported_queue_lists_most_reported_first_with_reasons(admin_client, make_member, thread, member, settings):
    settings.COMMUNITY_REPORTS_TO_HIDE = 3
    once = reported(add_reply(thread, member, body="Reported once"), make_member, 1, "wrong-information", "Wrong phone number")
    hidden = reported(add_reply(thread, member, body="Reported three times"), make_member, 3, "scam")
    add_reply(thread, member, body="Never reported")
    assert hidden.status == Status.HIDDEN
    page = admin_client.get(REPORTED).content.decode()
    assert page.index("Reported three times") < page.index("Reported once")
    assert "Never reported" not in page
    assert "Scam, fraud or a dangerous offer" in page and "Wrong phone number" in page
    assert "3 open reports" in page and "1 open report" in page
    assert "Restore" in page and "Keep (dismiss the reports)" in page


def test_revision_history_is_shown_to_moderators(admin_client, make_member, member, thread):
    post = add_reply(thread, member, body="Now the corrected text")
    PostRevision.objects.create(post=post, body_source="The original text with my phone 010-1234", language="en",
                                edited_by=member.user)
    reported(post, make_member, 1, "personal-data")
    page = admin_client.get(REPORTED).content.decode()
    assert "The original text with my phone 010-1234" in page and "by the author" in page


def test_a_post_is_rendered_from_its_sanitised_html(admin_client, member, thread):
    post = pending_reply(thread, member, body='<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))')
    page = admin_client.get(f"/admin/community/posts/{post.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(2)&gt;", "")
    assert 'href="javascript:' not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("path", [QUEUE, REPORTED])
def test_a_queue_page_costs_the_same_number_of_queries_whatever_its_length(
        client, moderator, make_member, thread, path, django_assert_max_num_queries, settings):
    settings.COMMUNITY_REPORTS_TO_HIDE = 100

    def fill(count):
        for number in range(count):
            author = make_member(approved_posts=1)
            post = pending_reply(thread, author, body=f"Question {number}")
            if path == REPORTED:
                post.status = Status.APPROVED
                post.save(update_fields=["status"])
                moderation.report(make_member(approved_posts=0), post, "spam")
            PostRevision.objects.create(post=post, body_source="Earlier", language="en")

    log_in(client, moderator)
    client.get(path)  # the session and permission caches are warm from here on

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return len(queries)

    fill(2)
    small = count()
    fill(18)
    with django_assert_max_num_queries(small):
        response = client.get(path)
    assert response.content.decode().count('class="community-card"') == 20
    assert count() == small


# --- decisions --------------------------------------------------------------------

def test_approving_from_the_queue_publishes_logs_and_goes_back(admin_client, moderator, new_member, thread):
    post = pending_reply(thread, new_member)
    response = admin_client.post(action_url(post, "approve"), {"confirmed": "1", "next": QUEUE + "?p=1"})
    assert response.status_code == 302 and response["Location"] == QUEUE + "?p=1"
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.status == Status.APPROVED and thread.reply_count == 1
    entry = ModerationAction.objects.get(action=ActionKind.APPROVE)
    assert entry.moderator == moderator and entry.post == post and entry.member == new_member
    assert "is public" in admin_client.get(QUEUE).content.decode()  # the message


@pytest.mark.parametrize("action, status, kind", [
    ("hide", Status.HIDDEN, ActionKind.HIDE),
    ("delete", Status.DELETED, ActionKind.DELETE),
])
def test_hiding_and_deleting_ask_for_confirmation_then_log_and_close_the_reports(
        admin_client, moderator, make_member, member, thread, action, status, kind):
    post = reported(add_reply(thread, member, body="Call me for a cheap visa"), make_member, 2, "scam")
    confirm = admin_client.post(action_url(post, action), {"next": REPORTED})
    assert confirm.status_code == 200 and "Call me for a cheap visa" in confirm.content.decode()
    assert 'name="confirmed"' in confirm.content.decode()
    post.refresh_from_db()
    assert post.status == Status.APPROVED and not ModerationAction.objects.filter(action=kind).exists()
    response = admin_client.post(action_url(post, action), {"confirmed": "1", "reason": "Scam", "next": REPORTED})
    assert response.status_code == 302 and response["Location"] == REPORTED
    post.refresh_from_db()
    assert post.status == status and post.report_count == 0
    assert not Report.objects.filter(post=post, resolved=False).exists()
    assert Report.objects.filter(post=post, resolved_by=moderator).count() == 2
    entry = ModerationAction.objects.get(action=kind)
    assert entry.moderator == moderator and entry.reason == "Scam" and entry.member == member
    assert "Call me for a cheap visa" not in admin_client.get(REPORTED).content.decode()


def test_keeping_a_public_reported_post_dismisses_the_reports(admin_client, moderator, make_member, member, thread):
    post = reported(add_reply(thread, member), make_member, 1)
    admin_client.post(action_url(post, "approve"), {"confirmed": "1"})
    post.refresh_from_db()
    assert post.status == Status.APPROVED and post.report_count == 0
    assert ModerationAction.objects.get(post=post, moderator=moderator).action == ActionKind.DISMISS_REPORTS


def test_decisions_are_post_only_and_need_the_csrf_token(moderator, member, thread):
    post = pending_reply(thread, member)
    client = Client(enforce_csrf_checks=True)
    log_in(client, moderator)
    for action in ("approve", "hide", "delete", "warn", "suspend"):
        assert client.get(action_url(post, action)).status_code == 405
        assert client.post(action_url(post, action), {"confirmed": "1", "reason": "x", "days": "3"}).status_code == 403
    assert client.post(f"/admin/community/members/{member.pk}/unsuspend/", {"confirmed": "1"}).status_code == 403
    post.refresh_from_db()
    member.refresh_from_db()
    assert post.status == Status.PENDING and member.warnings == 0 and not member.is_suspended()
    assert not ModerationAction.objects.exists()


def test_next_never_leaves_the_admin(admin_client, member, thread):
    post = pending_reply(thread, member)
    response = admin_client.post(action_url(post, "approve"), {"confirmed": "1", "next": "https://evil.example/admin/"})
    assert response["Location"] == QUEUE


# --- sanctions ----------------------------------------------------------------------

def test_warning_counts_logs_closes_reports_and_mails_the_member_in_their_language(
        admin_client, moderator, make_member, member, thread, django_capture_on_commit_callbacks):
    ThreadSubscription.objects.create(member=member, thread=thread, language="vi")
    post = reported(add_reply(thread, member, body="Rude words"), make_member, 1, "abuse")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(action_url(post, "warn"), {
            "confirmed": "1", "reason": "Please be polite.", "notify": "on", "next": REPORTED})
    assert response.status_code == 302
    member.refresh_from_db()
    post.refresh_from_db()
    assert member.warnings == 1 and post.report_count == 0 and post.status == Status.APPROVED
    entry = ModerationAction.objects.get(action=ActionKind.WARN)
    assert entry.member == member and entry.post == post and entry.moderator == moderator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.user.email] and "Please be polite." in message.body
    assert "/vi/community/" in message.body and "Lan" in message.body


def test_a_warning_without_a_reason_is_refused_and_keeps_what_was_typed(admin_client, member, thread):
    post = add_reply(thread, member)
    response = admin_client.post(action_url(post, "warn"), {"confirmed": "1", "reason": "", "notify": "on"})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    member.refresh_from_db()
    assert member.warnings == 0 and not ModerationAction.objects.exists()


def test_suspending_for_some_days_stops_posting_until_then(admin_client, moderator, member, thread):
    post = add_reply(thread, member)
    before = timezone.now()
    response = admin_client.post(action_url(post, "suspend"), {
        "confirmed": "1", "days": "7", "reason": "Repeated insults"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert before + timedelta(days=7) <= member.suspended_until <= timezone.now() + timedelta(days=7)
    assert not rules.can_post(member)
    assert not rules.can_post(member, now=timezone.now() + timedelta(days=6))
    assert rules.can_post(member, now=timezone.now() + timedelta(days=7, minutes=1))
    entry = ModerationAction.objects.get(action=ActionKind.SUSPEND)
    assert "Repeated insults" in entry.reason and "7 days" in entry.reason and entry.member == member
    assert mail.outbox == []  # the box was not ticked


def test_suspending_indefinitely_and_lifting_it(admin_client, moderator, member, thread,
                                                django_capture_on_commit_callbacks):
    post = add_reply(thread, member)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(action_url(post, "suspend"), {
            "confirmed": "1", "indefinitely": "on", "reason": "Spam bot", "notify": "on"})
    member.refresh_from_db()
    assert member.suspended_until == sanctions.INDEFINITELY and member.is_suspended(timezone.now() + timedelta(days=3650))
    assert "until further notice" in mail.outbox[0].body
    page = admin_client.get(f"/admin/community/posts/{post.pk}/").content.decode()
    assert "Lift the suspension" in page and "until further notice" in page
    unsuspend = f"/admin/community/members/{member.pk}/unsuspend/"
    assert admin_client.post(unsuspend, {}).status_code == 200  # the confirmation
    member.refresh_from_db()
    assert member.is_suspended()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(unsuspend, {"confirmed": "1", "notify": "on"}).status_code == 302
    member.refresh_from_db()
    assert not member.is_suspended() and rules.can_post(member)
    assert ModerationAction.objects.filter(action=ActionKind.UNSUSPEND, member=member, moderator=moderator).exists()
    assert "post again" in mail.outbox[-1].body


@pytest.mark.parametrize("data, error", [
    ({"reason": "x"}, "Give the number of days"),
    ({"reason": "x", "days": "0"}, "greater than or equal to 1"),
    ({"reason": "", "days": "3"}, "This field is required"),
])
def test_a_bad_suspension_is_refused_and_nothing_changes(admin_client, member, thread, data, error):
    post = add_reply(thread, member)
    response = admin_client.post(action_url(post, "suspend"), {"confirmed": "1", **data})
    assert response.status_code == 400 and error in response.content.decode()
    member.refresh_from_db()
    assert not member.is_suspended() and not ModerationAction.objects.exists()


def test_a_post_without_an_author_cannot_be_sanctioned(admin_client, member, thread):
    post = add_reply(thread, member)
    Post.objects.filter(pk=post.pk).update(author=None)
    response = admin_client.post(action_url(post, "warn"), {"confirmed": "1", "reason": "x"}, follow=True)
    assert "no author any more" in response.content.decode()
    assert not ModerationAction.objects.exists()


# --- the audit log ------------------------------------------------------------------

def test_the_audit_log_filters_by_moderator_action_member_and_date(client, make_member, member, other_member, thread):
    first, second = staff("first"), staff("second")
    a, b = add_reply(thread, member), add_reply(thread, other_member)
    moderation.hide(a, first, reason="hid a")
    moderation.approve(b, second, reason="kept b")
    old = moderation.log(ActionKind.WARN, moderator=first, member=member, reason="old warning",
                         now=timezone.now() - timedelta(days=40))
    log_in(client, first)
    page = client.get(LOG).content.decode()
    assert page.index("kept b") < page.index("hid a") < page.index("old warning")
    page = client.get(LOG, {"moderator": first.pk}).content.decode()
    assert "hid a" in page and "old warning" in page and "kept b" not in page
    page = client.get(LOG, {"action": ActionKind.HIDE}).content.decode()
    assert "hid a" in page and "kept b" not in page and "old warning" not in page
    page = client.get(LOG, {"member": "bishnu"}).content.decode()
    assert "kept b" in page and "hid a" not in page
    day = timezone.localdate(old.created_at).isoformat()
    page = client.get(LOG, {"since": day, "until": day}).content.decode()
    assert "old warning" in page and "hid a" not in page
    response = client.get(LOG, {"since": "2026-12-10", "until": "2026-12-01"})
    assert response.status_code == 400 and "before the start date" in response.content.decode()
    assert "hid a" not in response.content.decode()


def test_the_audit_log_is_paginated(admin_client, moderator, member):
    for number in range(55):
        moderation.log(ActionKind.WARN, moderator=moderator, member=member, reason=f"entry-{number:02d}")
    page = admin_client.get(LOG).content.decode()
    assert "entry-54" in page and "entry-05" in page and "entry-04" not in page and "Page 1 of 2" in page
    page = admin_client.get(LOG, {"p": "2"}).content.decode()
    assert "entry-04" in page and "entry-54" not in page


def test_automatic_hides_show_in_the_log_without_a_moderator(admin_client, make_member, member, thread, settings):
    settings.COMMUNITY_REPORTS_TO_HIDE = 1
    moderation.report(make_member(), add_reply(thread, member), "spam")
    page = admin_client.get(LOG, {"moderator": "auto"}).content.decode()
    assert "Hidden automatically after reports" in page and "Automatic" in page


# --- who sees the menu ----------------------------------------------------------------

@pytest.mark.parametrize("group, shown", [
    (roles.MODERATORS, True), (roles.ADMINISTRATORS, True), (roles.EDITORS, False)])
def test_the_community_menu_shows_only_to_moderators_and_administrators(client, group, shown):
    log_in(client, staff("someone", group))
    page = client.get("/admin/").content.decode()
    assert ("/admin/community/log/" in page) is shown
    assert (client.get(QUEUE).status_code == 200) is shown


def test_editors_get_no_community_permission():
    editors = Group.objects.get(name=roles.EDITORS)
    assert not editors.permissions.filter(content_type__app_label="community").exists()
    moderators = set(Group.objects.get(name=roles.MODERATORS).permissions.values_list("codename", flat=True))
    assert set(roles.MODERATION) <= moderators


def test_a_thread_opening_post_in_the_queue_shows_its_title(admin_client, new_member):
    thread = make_thread(new_member, title="Which school takes mid-year transfers?", status=Status.PENDING)
    page = admin_client.get(QUEUE).content.decode()
    assert "Which school takes mid-year transfers?" in page and "Question" in page
    admin_client.post(action_url(thread.posts.get(position=0), "approve"), {"confirmed": "1"})
    thread.refresh_from_db()
    assert thread.status == Status.APPROVED


def test_the_audit_log_costs_the_same_number_of_queries_whatever_its_length(
        client, moderator, make_member, thread, django_assert_max_num_queries):
    log_in(client, moderator)
    client.get(LOG)

    def add(count):
        for number in range(count):
            member = make_member(approved_posts=0)
            post = add_reply(thread, member)
            moderation.hide(post, staff(f"mod{member.pk}"), reason=f"row {number}")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LOG).status_code == 200
        return len(queries)

    add(2)
    small = count()
    add(30)
    with django_assert_max_num_queries(small):
        page = client.get(LOG).content.decode()
    assert page.count("<td>Hid a post</td>") == 32


def test_mail_goes_in_the_language_the_member_reads(make_member, thread):
    member = make_member("Reader", approved_posts=0)
    assert sanctions.member_language(member) == "en"  # nothing known: English, never the portal's Korean
    add_reply(thread, member, language="ne")
    assert sanctions.member_language(member) == "ne"  # the language of their latest post
    post = add_reply(thread, member, language="th", created_at=timezone.now() - timedelta(days=3))
    assert sanctions.member_language(member, post) == "th"  # the post the decision is about
    ThreadSubscription.objects.create(member=member, thread=thread, language="uz")
    assert sanctions.member_language(member, post) == "uz"  # the interface they subscribed in
    member.language = "si"
    assert sanctions.member_language(member, post) == "si"  # the member's own language before every guess
    subject, body = sanctions.sanction_message(member, ActionKind.SUSPEND, "Spam", "en",
                                               timezone.now() + timedelta(days=3))
    assert "suspended" in subject and "Reader" in body and "Spam" in body and "reader@" not in body


@pytest.mark.parametrize("action", ["approve", "hide", "delete"])
def test_a_post_its_author_deleted_is_never_brought_back(admin_client, member, thread, action):
    post = add_reply(thread, member, body="I regret posting my address")
    posting.delete_own(member, post)
    response = admin_client.post(action_url(post, action), {"confirmed": "1"}, follow=True)
    assert "nothing left to decide" in response.content.decode()
    post.refresh_from_db()
    assert post.status == Status.DELETED and post.deleted_at is not None
    assert not ModerationAction.objects.exists()
