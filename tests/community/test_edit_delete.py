"""Edit your post (history kept for moderators), delete it (hidden at once), purge after the grace period."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from community import posting
from community.constants import Status
from community.models import MachineTranslation, Post, PostRevision, Thread
from tests.community.conftest import add_reply, make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause")]


def test_editing_keeps_the_old_version_for_moderators_only(logged_in, member, other_member, client):
    thread = make_thread(member, title="Old title", body="Old text with my phone 010-1234-5678")
    opening = thread.posts.get(position=0)
    logged_in(member)
    form = client.get(f"/en/community/p/{opening.pk}/edit/")
    assert "Old text with my phone" in form.content.decode()
    response = client.post(f"/en/community/p/{opening.pk}/edit/", {"title": "New title", "body": "New text", "language": "en"})
    assert response.status_code == 302
    opening.refresh_from_db()
    thread.refresh_from_db()
    assert (opening.body_source, opening.body_html, thread.title) == ("New text", "<p>New text</p>", "New title")
    assert opening.edited_at is not None
    revision = PostRevision.objects.get(post=opening)
    assert (revision.body_source, revision.title, revision.edited_by) == (
        "Old text with my phone 010-1234-5678", "Old title", member.user)
    client.logout()
    page = client.get(thread.get_absolute_url("en")).content.decode()
    assert "New text" in page and "(edited)" in page and "010-1234-5678" not in page


def test_an_unchanged_edit_makes_no_revision(logged_in, member, thread, client):
    reply = add_reply(thread, member, body="Same")
    logged_in(member)
    client.post(f"/en/community/p/{reply.pk}/edit/", {"body": "Same", "language": "en"})
    assert not PostRevision.objects.exists()


def test_an_edit_with_an_error_keeps_the_text(logged_in, member, thread, client):
    reply = add_reply(thread, member)
    logged_in(member)
    body = "https://a.example https://b.example https://c.example my careful words"
    response = client.post(f"/en/community/p/{reply.pk}/edit/", {"body": body, "language": "en"})
    assert response.status_code == 400 and "at most 2 links" in response.content.decode()
    assert body in response.content.decode()
    reply.refresh_from_db()
    assert reply.body_source == "Call 1350, the labour hotline."


def test_an_edit_drops_cached_translations(member, thread):
    reply = add_reply(thread, member)
    MachineTranslation.objects.create(post=reply, language="ko", text="x", body_html="<p>x</p>", provider="t")
    posting.edit(member, reply, posting.Draft(body="Changed", interface_language="en"))
    assert not MachineTranslation.objects.filter(post=reply).exists()


def test_deleting_a_reply_hides_it_at_once(logged_in, member, thread, client):
    reply = add_reply(thread, member, body="Regret this")
    logged_in(member)
    assert "Regret this" in client.get(f"/en/community/p/{reply.pk}/delete/").content.decode()
    response = client.post(f"/en/community/p/{reply.pk}/delete/")
    assert response.status_code == 302
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.status == Status.DELETED and reply.deleted_at is not None and thread.reply_count == 0
    assert "Regret this" not in client.get(thread.get_absolute_url("en")).content.decode()
    assert client.get(f"/en/community/p/{reply.pk}/edit/").status_code == 404


def test_deleting_the_opening_post_takes_the_thread(logged_in, member, other_member, client):
    thread = make_thread(member, title="Delete me", topic="housing")
    add_reply(thread, other_member)
    opening = thread.posts.get(position=0)
    logged_in(member)
    assert "removes the whole thread, with its 1 reply" in client.get(f"/en/community/p/{opening.pk}/delete/").content.decode()
    response = client.post(f"/en/community/p/{opening.pk}/delete/")
    assert response["Location"] == "/en/community/housing/"
    thread.refresh_from_db()
    assert thread.status == Status.DELETED
    assert client.get(thread.get_absolute_url("en")).status_code == 404
    assert "Delete me" not in client.get("/en/community/housing/").content.decode()


def test_purge_removes_what_was_deleted_long_enough_ago(member, other_member, settings, capsys):
    old = timezone.now() - timedelta(days=31)
    kept_thread = make_thread(member, title="Kept")
    old_reply = add_reply(kept_thread, other_member, body="Old deleted reply")
    recent_reply = add_reply(kept_thread, other_member, body="Recently deleted reply")
    Post.objects.filter(pk=old_reply.pk).update(status=Status.DELETED, deleted_at=old)
    Post.objects.filter(pk=recent_reply.pk).update(status=Status.DELETED, deleted_at=timezone.now())
    gone_thread = make_thread(member, title="Gone")
    add_reply(gone_thread, other_member)
    Thread.objects.filter(pk=gone_thread.pk).update(status=Status.DELETED)
    Post.objects.filter(thread=gone_thread, position=0).update(status=Status.DELETED, deleted_at=old)

    call_command("purge_deleted_posts")
    assert "Purged 1 thread(s) and 1 reply(ies)" in capsys.readouterr().out
    assert not Thread.objects.filter(pk=gone_thread.pk).exists() and not Post.objects.filter(thread_id=gone_thread.pk).exists()
    assert not Post.objects.filter(pk=old_reply.pk).exists() and Post.objects.filter(pk=recent_reply.pk).exists()
    settings.COMMUNITY_PURGE_AFTER_DAYS = 0
    call_command("purge_deleted_posts")
    assert not Post.objects.filter(pk=recent_reply.pk).exists() and Thread.objects.filter(pk=kept_thread.pk).exists()
