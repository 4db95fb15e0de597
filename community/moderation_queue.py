"""What the moderators' pages read: the two queues and the audit log, in a constant number of queries.

A queue page is one query for its posts (with thread and author), one for
the authors' approved-post counts, and one prefetch each for open reports,
revisions and images, whatever the page's length. Nothing here reads a
member's email address: moderators see nicknames only.
"""
from datetime import datetime, time, timedelta

from django.db.models import Count, Prefetch
from django.utils import timezone

from community import moderation, sanctions
from community.constants import ActionKind, Status
from community.models import ModerationAction, Post, PostRevision, Report

PENDING = "pending"
REPORTED = "reported"


def pending_posts():
    """Posts waiting for approval, oldest first (index community_post_queue)."""
    return Post.objects.filter(status=Status.PENDING).order_by("created_at", "pk")


def reported_posts():
    """Posts with open reports (including those hidden automatically), most reported first.

    Read through the open reports (index community_open_reports), which are
    few, never by scanning every post. A deleted post has nothing left to decide.
    """
    open_reports = Report.objects.filter(resolved=False).values("post_id")
    return (Post.objects.filter(pk__in=open_reports).exclude(status=Status.DELETED)
            .order_by("-report_count", "created_at", "pk"))


QUEUES = {PENDING: pending_posts, REPORTED: reported_posts}


def with_details(posts, *, revisions):
    """The queryset with what a post card shows; revisions only for those allowed to see them."""
    lookups = [
        Prefetch("reports", queryset=Report.objects.filter(resolved=False).select_related("reporter")
                 .order_by("created_at"), to_attr="open_reports"),
        "images",
    ]
    if revisions:
        lookups.append(Prefetch("revisions", queryset=PostRevision.objects.order_by("-edited_at"),
                                to_attr="history"))
    return posts.select_related("thread", "thread__region", "author").prefetch_related(*lookups)


def annotate_authors(posts):
    """Set post.author_approved_posts on each post (one query for the whole page)."""
    author_ids = {post.author_id for post in posts if post.author_id}
    counts = dict(Post.objects.filter(author_id__in=author_ids, status=Status.APPROVED)
                  .values_list("author_id").annotate(n=Count("pk")).order_by()) if author_ids else {}
    for post in posts:
        post.author_approved_posts = counts.get(post.author_id, 0)
        post.author_suspension = sanctions.describe_suspension(post.author)
    return posts


def keep(post, moderator, reason="", now=None):
    """The moderator's "this post is fine": approve a pending post, restore a hidden one,
    or, for a public post, dismiss its reports (logged as such, not as a restore)."""
    if post.status != Status.APPROVED:
        return moderation.approve(post, moderator, reason=reason, now=now)
    moderation.resolve_reports(post, moderator, now)
    return moderation.log(ActionKind.DISMISS_REPORTS, moderator=moderator, post=post, member=post.author,
                          reason=reason, now=now)


AUTOMATIC = "auto"  # the moderator filter's value for what the board did by itself


def audit_log(*, moderator="", action="", member="", since=None, until=None):
    """The audit log, newest first, filtered; moderator is a user id, AUTOMATIC or ""."""
    rows = ModerationAction.objects.select_related("moderator", "member", "thread").order_by("-created_at", "-pk")
    if moderator == AUTOMATIC:
        rows = rows.filter(moderator__isnull=True)
    elif moderator:
        rows = rows.filter(moderator_id=moderator)
    if action:
        rows = rows.filter(action=action)
    if member:
        rows = rows.filter(member__nickname__iexact=member)
    # Whole days in the admin's time zone, as a range on the indexed column.
    if since:
        rows = rows.filter(created_at__gte=_start_of(since))
    if until:
        rows = rows.filter(created_at__lt=_start_of(until + timedelta(days=1)))
    return rows


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))
