"""Moving a post between states, and everything that follows from it.

The one place that changes Post.status: the thread's status follows its
opening post, the thread's reply count and last activity are recounted
from the approved posts, the search index follows (community.signals), and
subscribers hear of a reply the first time it is published. Posting,
reports and the moderators' actions all come through here, so the derived
data cannot drift whichever way a post changes.
"""
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from community.constants import Status
from community.models import Post, Thread


def refresh_thread(thread_id):
    """Recount a thread's approved replies and its last activity (idempotent)."""
    totals = Post.objects.filter(thread_id=thread_id, status=Status.APPROVED).aggregate(
        replies=Count("pk", filter=Q(position__gt=0)), latest=Max("created_at"))
    values = {"reply_count": totals["replies"]}
    if totals["latest"]:
        values["last_activity_at"] = totals["latest"]
    Thread.objects.filter(pk=thread_id).update(**values)


def set_status(post, status, now=None):
    """Move post to status (no-op when it is there already); True when it changed."""
    old = post.status
    if old == status:
        return False
    now = now or timezone.now()
    post.status = status
    post.deleted_at = now if status == Status.DELETED else None
    with transaction.atomic():
        post.save(update_fields=["status", "deleted_at"])
        if post.is_opening_post:
            Thread.objects.filter(pk=post.thread_id).update(status=status)
            post.thread.status = status
        refresh_thread(post.thread_id)
    published(post, previous=old)
    return True


def published(post, previous=None):
    """What follows a post becoming public: mail to subscribers, once, for replies."""
    if post.status != Status.APPROVED or post.is_opening_post or previous not in (None, Status.PENDING):
        return
    from community import notifications

    notifications.reply_published(post)
