"""A member's board data in their export, and erased with their account.

Registered with accounts.personal_data in CommunityConfig.ready().

Erasure modes:
- "anonymise": posts stay, with no author ("former member"); the member's
  subscriptions go; their reports stay for moderators, without a reporter.
- "delete": replies are deleted outright (with their images, history and
  translations). A thread they started goes with all its replies when
  nobody else replied; when others did, the question's text and title are
  erased and the thread stays so the answers are not lost.
"""
from django.db.models import Exists, OuterRef
from django.utils import timezone

from community import lifecycle
from community.constants import Status
from community.models import Post, Thread
from community.search import TYPE
from search import sync as search_sync

DELETE = "delete"
ANONYMISE = "anonymise"


def _iso(moment):
    return moment.isoformat() if moment else None


def export(user):
    """{"community": {...}}: every post (with its history), report and subscription of the member."""
    member = getattr(user, "member", None)
    if member is None:
        return {"community": {}}
    posts = Post.objects.filter(author=member).select_related("thread").prefetch_related("revisions", "images")
    return {"community": {
        "posts": [{
            "thread": post.thread_id, "thread_title": post.thread.title if post.is_opening_post else None,
            "position": post.position, "status": post.status, "language": post.language,
            "created_at": _iso(post.created_at), "edited_at": _iso(post.edited_at), "text": post.body_source,
            "earlier_versions": [{"text": r.body_source, "replaced_at": _iso(r.edited_at)} for r in post.revisions.all()],
            "images": [image.file.name for image in post.images.all()],
        } for post in posts.order_by("created_at")],
        "reports": [{"post": r.post_id, "reason": r.reason, "details": r.details, "created_at": _iso(r.created_at)}
                    for r in member.reports_made.order_by("created_at")],
        "subscriptions": [{"thread": s.thread_id, "since": _iso(s.created_at)}
                          for s in member.subscriptions.order_by("created_at")],
    }}


def _erase_opening_post(post, now):
    post.revisions.all().delete()
    post.images.all().delete()
    post.machine_translations.all().delete()
    Post.objects.filter(pk=post.pk).update(body_source="", body_html="", author=None, submission_token="",
                                           status=Status.DELETED, deleted_at=now)
    # The thread stays public for the answers; its title was the member's words too.
    Thread.objects.filter(pk=post.thread_id).update(title="", author=None)
    search_sync.remove(TYPE, [post.thread_id])


def erase(user, mode):
    member = getattr(user, "member", None)
    if member is None:
        return
    now = timezone.now()
    member.subscriptions.all().delete()
    if mode == ANONYMISE:
        Post.objects.filter(author=member).update(author=None, submission_token="")
        Thread.objects.filter(author=member).update(author=None)
        return
    others_replied = Post.objects.filter(thread=OuterRef("pk"), position__gt=0).exclude(author=member)
    threads = Thread.objects.filter(author=member).annotate(answered=Exists(others_replied))
    for thread in threads.filter(answered=False):
        thread.delete()  # with its posts, images (files too) and index entry
    for post in Post.objects.filter(author=member, position=0).select_related("thread"):
        _erase_opening_post(post, now)
    touched = set(Post.objects.filter(author=member).values_list("thread_id", flat=True))
    for post in Post.objects.filter(author=member):
        post.delete()
    for thread_id in touched:
        lifecycle.refresh_thread(thread_id)
