"""Mail about new replies to members who asked for it, with one-click unsubscribe.

One message per recipient (nobody sees another member's address), in the
member's language (Member.language; for members without one, the language
they subscribed in), through Django's mail backends, sent by
a background task after the reply is committed. The unsubscribe link
carries a signed subscription id: it works without logging in, and mail
clients offer it as a button (List-Unsubscribe, RFC 8058).
"""
from django.conf import settings
from django.core import mail, signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts import reading_language
from community import markup
from community.constants import Status
from community.models import Post, ThreadSubscription

SALT = "community.unsubscribe"
EXCERPT_CHARS = 300


def subscribe(member, thread, language):
    """Subscribe (idempotent); returns the subscription."""
    try:
        with transaction.atomic():
            subscription, _created = ThreadSubscription.objects.get_or_create(
                member=member, thread=thread, defaults={"language": language})
    except IntegrityError:  # subscribed at the same moment by another request
        subscription = ThreadSubscription.objects.get(member=member, thread=thread)
    return subscription


def unsubscribe(member, thread):
    ThreadSubscription.objects.filter(member=member, thread=thread).delete()


def is_subscribed(member, thread):
    return member is not None and ThreadSubscription.objects.filter(member=member, thread=thread).exists()


def unsubscribe_token(subscription):
    return signing.dumps(subscription.pk, salt=SALT, compress=True)


def subscription_from_token(token):
    """The subscription a link is for, or None (bad signature, or already unsubscribed)."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return ThreadSubscription.objects.filter(pk=pk).select_related("thread").first()


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mail_language(subscription):
    """The language of a subscriber's mail and of its links."""
    return reading_language.mail_language(subscription.member, subscription.language)


def unsubscribe_url(subscription, language=None):
    with translation.override(language or subscription.language):
        return _absolute(reverse("community_unsubscribe", kwargs={"token": unsubscribe_token(subscription)}))


def reply_published(post):
    """Queue the mail about a newly published reply, after the transaction commits."""
    post_id = post.pk
    transaction.on_commit(lambda: send_reply_notifications.enqueue(post_id))


def _excerpt(post):
    text = markup.plain_text(post.body_source)
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rstrip() + "…"


def _message(subscription, post, connection):
    thread = post.thread
    language = mail_language(subscription)
    stop = unsubscribe_url(subscription, language)
    with translation.override(language):
        nickname = post.author.nickname if post.author else _("A former member")
        subject = _("New reply: %(title)s") % {"title": thread.title}
        body = "\n\n".join([
            _("%(nickname)s replied in “%(title)s”:") % {"nickname": nickname, "title": thread.title},
            _excerpt(post),
            # Each link alone on its line: a translation glued to it would become part of the link in mail apps.
            _("Read the thread:") + "\n" + _absolute(thread.get_absolute_url(language)),
            _("You get this email because you asked to follow this thread. To stop, open this link:") + "\n" + stop,
        ])
    return mail.EmailMessage(
        subject=subject, body=body, to=[subscription.member.user.email], connection=connection,
        headers={"List-Unsubscribe": f"<{stop}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


@task()
def send_reply_notifications(post_id):
    """Mail every subscriber of the reply's thread but its author; returns how many were sent."""
    post = Post.objects.filter(pk=post_id, status=Status.APPROVED).select_related("thread", "author").first()
    if post is None:  # hidden or deleted before the task ran
        return 0
    subscriptions = (ThreadSubscription.objects.filter(thread_id=post.thread_id)
                     .exclude(member_id=post.author_id).select_related("member__user"))
    connection = mail.get_connection()
    messages = [_message(s, post, connection) for s in subscriptions if s.member.user.email and s.member.user.is_active]
    return connection.send_messages(messages) if messages else 0
