"""Deleted posts are kept for a grace period (moderators can still see what
happened, a mistaken delete can be undone), then removed for good."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from community import conf
from community.constants import Status
from community.models import Post, Thread


def purge_deleted(now=None):
    """Delete threads and replies deleted more than COMMUNITY_PURGE_AFTER_DAYS ago; returns (threads, replies)."""
    cutoff = (now or timezone.now()) - timedelta(days=conf.get("COMMUNITY_PURGE_AFTER_DAYS"))
    expired = dict(status=Status.DELETED, deleted_at__lt=cutoff)
    threads = replies = 0
    # A deleted opening post takes its thread (and the replies) with it. An
    # opening post erased with its author's account leaves a public thread: kept.
    for thread in Thread.objects.filter(status=Status.DELETED, posts__position=0, **{f"posts__{k}": v for k, v in expired.items()}):
        with transaction.atomic():
            thread.delete()  # posts, images (and their files), revisions, reports, translations
        threads += 1
    for post in Post.objects.filter(position__gt=0, **expired).iterator():
        with transaction.atomic():
            post.delete()
        replies += 1
    return threads, replies
