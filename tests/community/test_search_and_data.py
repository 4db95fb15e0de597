"""Public threads are in the portal search in their language and leave it when hidden or
deleted; a member's export and erasure include their board data."""
import pytest
from django.core.management import call_command

from accounts import personal_data as accounts_data
from community import moderation, personal_data, posting
from community.constants import Status
from community.models import Post, Report, Thread, ThreadSubscription
from search import service
from search.models import IndexEntry
from tests.community.conftest import add_reply, make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause")]


def indexed(thread):
    return list(IndexEntry.objects.filter(type="thread", object_id=str(thread.pk)).values_list("locale", "title", "url"))


def test_a_public_thread_is_indexed_in_its_language(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thread = posting.start_thread(member, "employment", posting.Draft(
            title="임금 체불 신고 방법", body="사장님이 석 달째 월급을 안 줘요.", interface_language="en")).post.thread
    assert thread.language == "ko"
    assert indexed(thread) == [("ko", "임금 체불 신고 방법", f"/ko/community/t/{thread.pk}/")]
    results = service.search("월급", "ko")
    assert any(hit.type == "thread" and hit.id == str(thread.pk) for hit in results.hits)


def test_pending_threads_are_not_indexed_until_approved(new_member, make_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = posting.start_thread(new_member, "housing", posting.Draft(
            title="Deposit", body="Landlord keeps my deposit", interface_language="en")).post
    assert post.status == Status.PENDING and indexed(post.thread) == []
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(post, make_member("Mod").user)
    assert [locale for locale, _t, _u in indexed(post.thread)] == ["en"]


def test_hidden_or_deleted_threads_leave_the_index(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = posting.start_thread(member, "housing", posting.Draft(title="Rent", body="Rent help", interface_language="en")).post
    assert indexed(post.thread)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(post, None)
    assert indexed(post.thread) == []
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(post, None)
    assert indexed(post.thread)
    with django_capture_on_commit_callbacks(execute=True):
        posting.delete_own(member, post)
    assert indexed(post.thread) == []


def test_an_edited_title_is_reindexed_and_rebuild_agrees(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = posting.start_thread(member, "healthcare", posting.Draft(title="Clinic", body="Night clinic?", interface_language="en")).post
        posting.edit(member, post, posting.Draft(title="Night clinics in Suwon", body="Where?", interface_language="en"))
    assert indexed(post.thread)[0][1] == "Night clinics in Suwon"
    call_command("search_index", "rebuild")
    assert indexed(post.thread)[0][1] == "Night clinics in Suwon"


def test_the_export_holds_the_members_posts_reports_and_subscriptions(member, other_member, thread):
    reply = add_reply(thread, member, body="My answer")
    posting.edit(member, reply, posting.Draft(body="My better answer", interface_language="en"))
    moderation.report(member, thread.posts.get(position=0), "spam", "looks like spam")
    data = accounts_data.export_personal_data(member.user)["community"]
    texts = [post["text"] for post in data["posts"]]
    assert "My better answer" in texts and data["posts"][-1]["earlier_versions"][0]["text"] == "My answer"
    assert data["reports"][0]["details"] == "looks like spam"
    assert personal_data.export in accounts_data._exporters and personal_data.erase in accounts_data._erasers


def test_anonymise_keeps_posts_without_their_author(member, other_member, thread):
    mine = make_thread(member, title="My thread")
    reply = add_reply(thread, member)
    ThreadSubscription.objects.create(member=member, thread=thread, language="en")
    accounts_data.delete_account(member.user, accounts_data.ANONYMISE)
    reply.refresh_from_db()
    mine.refresh_from_db()
    assert reply.author is None and reply.status == Status.APPROVED and mine.author is None
    assert not ThreadSubscription.objects.exists()


def test_delete_removes_replies_and_unanswered_threads_and_erases_answered_questions(
        member, other_member, make_member, client, django_capture_on_commit_callbacks):
    unanswered = make_thread(member, title="Nobody answered")
    answered = make_thread(member, title="Answered question", body="My private story")
    answer = add_reply(answered, other_member, body="Helpful answer")
    elsewhere = add_reply(make_thread(other_member), member, body="My reply elsewhere")
    reporter_report = Report.objects.create(post=answer, reporter=member, reason="spam")
    with django_capture_on_commit_callbacks(execute=True):
        accounts_data.delete_account(member.user, accounts_data.DELETE)
    assert not Thread.objects.filter(pk=unanswered.pk).exists()
    assert not Post.objects.filter(pk=elsewhere.pk).exists()
    answered.refresh_from_db()
    opening = answered.posts.get(position=0)
    assert (answered.title, answered.author, opening.body_source, opening.author) == ("", None, "", None)
    assert Post.objects.get(pk=answer.pk).status == Status.APPROVED
    page = client.get(answered.get_absolute_url("en")).content.decode()
    assert "Helpful answer" in page and "My private story" not in page and "Question deleted by its author" in page
    reporter_report.refresh_from_db()
    assert reporter_report.reporter is None
    assert not IndexEntry.objects.filter(type="thread", object_id=str(answered.pk)).exists()
