"""Opt-in mail about replies, one message per recipient, one-click unsubscribe."""
import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from community import moderation, notifications, posting
from community.constants import Status
from community.models import ThreadSubscription
from tests.community.conftest import make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause")]


def post_reply(member, thread, body, capture):
    with capture(execute=True):
        return posting.reply(member, thread, posting.Draft(body=body, interface_language="en")).post


def test_asking_for_mail_on_a_new_thread(logged_in, member, client):
    logged_in(member)
    client.post("/ko/community/employment/new/", {"title": "질문", "body": "본문", "subscribe": "on", "submission": "s"})
    subscription = ThreadSubscription.objects.get(member=member)
    assert subscription.language == "ko"


def test_the_checkbox_follows_the_members_preference(logged_in, make_member, thread, client):
    member = make_member(notify_replies=True)
    logged_in(member)
    assert client.get("/en/community/employment/new/").context["form"].initial["subscribe"] is True
    assert client.get(f"/en/community/t/{thread.pk}/").context["form"].initial["subscribe"] is True


def test_subscribers_get_one_mail_each_in_their_language(member, other_member, make_member, django_capture_on_commit_callbacks):
    thread = make_thread(member, title="Unpaid wages")
    notifications.subscribe(member, thread, "ko")
    third = make_member("Third", email="third@example.org")
    notifications.subscribe(third, thread, "en")
    notifications.subscribe(other_member, thread, "en")  # the replier: no mail about their own reply
    post_reply(other_member, thread, "Call 1350 [Ministry](https://www.moel.go.kr)", django_capture_on_commit_callbacks)
    assert sorted(message.to[0] for message in mail.outbox) == [member.user.email, "third@example.org"]
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert other_member.user.email not in message.message().as_string()
        assert "Bishnu" in message.body and "Call 1350 Ministry https://www.moel.go.kr" in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/")
    korean = next(m for m in mail.outbox if m.to == [member.user.email])
    english = next(m for m in mail.outbox if m.to == ["third@example.org"])
    assert "/ko/community/unsubscribe/" in korean.body and f"/ko/community/t/{thread.pk}/" in korean.body
    assert english.subject == "New reply: Unpaid wages"


def test_the_mail_follows_the_members_language_before_the_one_they_subscribed_in(
        member, other_member, make_member, django_capture_on_commit_callbacks):
    thread = make_thread(member, title="Unpaid wages")
    notifications.subscribe(make_member("Thai", email="thai@example.org", language="th"), thread, "ko")
    notifications.subscribe(make_member("Unset", email="unset@example.org"), thread, "vi")
    post_reply(other_member, thread, "Call 1350", django_capture_on_commit_callbacks)
    thai = next(m for m in mail.outbox if m.to == ["thai@example.org"])
    unset = next(m for m in mail.outbox if m.to == ["unset@example.org"])
    with translation.override("th"):
        assert thai.subject == gettext("New reply: %(title)s") % {"title": "Unpaid wages"} != "New reply: Unpaid wages"
    assert f"/th/community/t/{thread.pk}/" in thai.body and "/th/community/unsubscribe/" in thai.body
    assert f"/vi/community/t/{thread.pk}/" in unset.body  # no language of their own: the one they subscribed in


def test_no_mail_for_a_pending_reply_until_it_is_approved(member, new_member, make_member, django_capture_on_commit_callbacks):
    thread = make_thread(member)
    notifications.subscribe(member, thread, "en")
    reply = post_reply(new_member, thread, "Waiting", django_capture_on_commit_callbacks)
    assert reply.status == Status.PENDING and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(reply, make_member("Mod").user)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):  # hidden and restored: no second mail
        moderation.hide(reply, None)
        moderation.approve(reply, None)
    assert len(mail.outbox) == 1


def test_unsubscribe_link_confirms_then_unsubscribes(member, other_member, django_capture_on_commit_callbacks):
    thread = make_thread(member)
    subscription = notifications.subscribe(member, thread, "en")
    url = notifications.unsubscribe_url(subscription).removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)  # the mail client's POST has no CSRF token: the signed link is enough
    page = client.get(url)
    assert page.status_code == 200 and "Stop emails about new replies" in page.content.decode()
    assert ThreadSubscription.objects.filter(pk=subscription.pk).exists()  # GET changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You will not get emails about this thread any more" in response.content.decode()
    assert not ThreadSubscription.objects.exists()
    post_reply(other_member, thread, "No mail now", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert client.get(url).status_code == 404  # used link: nothing to unsubscribe


def test_a_forged_token_does_nothing(member, client):
    thread = make_thread(member)
    subscription = notifications.subscribe(member, thread, "en")
    token = notifications.unsubscribe_token(subscription)
    response = client.post(f"/en/community/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 404 and ThreadSubscription.objects.filter(pk=subscription.pk).exists()


def test_follow_and_unfollow_buttons(logged_in, member, thread, client):
    logged_in(member)
    client.post(f"/en/community/t/{thread.pk}/follow/", {"follow": "1"})
    assert ThreadSubscription.objects.filter(member=member, thread=thread).exists()
    assert "Stop emails about this thread" in client.get(f"/en/community/t/{thread.pk}/").content.decode()
    client.post(f"/en/community/t/{thread.pk}/follow/", {"follow": "0"})
    assert not ThreadSubscription.objects.exists()
