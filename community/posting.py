"""Writing on the board: start a thread, reply, edit or delete your own post.

Each function checks the rules (community.rules), validates, renders the
text (community.markup) and saves. A form submitted twice (the same random
token) gives back the post it made the first time, before any limit is
checked, so a double tap never makes two posts nor an error.
"""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community import conf, language, lifecycle, markup, notifications, rules
from community.constants import Status
from community.models import Post, PostImage, PostRevision, Thread
from portal import topics


class PostingError(Exception):
    """The post cannot be saved as it is; message (translated) says why, field where."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


@dataclass
class Draft:
    """What the member typed, already parsed by the form."""

    body: str
    title: str = ""
    language: str = ""  # "" → detected
    region: object = None  # a services.Region or None
    image: object = None  # a community.images.CleanImage or None
    image_description: str = ""
    subscribe: bool = False
    token: str = ""  # the form's idempotency token
    interface_language: str = "ko"


@dataclass
class Outcome:
    post: Post
    created: bool  # False: the same form was submitted before, this is the first post


def validate_body(body):
    """The normalised text, or PostingError when it is empty or too long."""
    body = markup.normalise(body)
    limit = conf.get("COMMUNITY_MAX_POST_CHARS")
    if not body.strip():
        raise PostingError(_("Write something before you post."), "body")
    if len(body) > limit:
        raise PostingError(_(
            "Your post is too long: %(length)s characters. Posts can have at most %(limit)s characters. "
            "Shorten it or split it into several posts.") % {"length": f"{len(body):,}", "limit": f"{limit:,}"}, "body")
    return body


def validate_title(title):
    """The title on one line, or PostingError when it is empty or too long."""
    title = " ".join(markup.normalise(title).split())
    if not title:
        raise PostingError(_("Give your thread a title."), "title")
    if len(title) > conf.get("COMMUNITY_MAX_TITLE_CHARS"):
        raise PostingError(_("The title can have at most %(limit)d characters.") % {
            "limit": conf.get("COMMUNITY_MAX_TITLE_CHARS")}, "title")
    return title


def _already_submitted(member, token):
    if not token:
        return None
    return Post.objects.filter(author=member, submission_token=token).select_related("thread").first()


def _check(member, kind, body, now):
    verdict, member_standing = rules.check_new_post(member, kind, body, now)
    if not verdict:
        raise PostingError(verdict.reason)
    return member_standing


def _attach_image(post, draft):
    if draft.image is None:
        return
    image = PostImage(post=post, width=draft.image.width, height=draft.image.height,
                      description=draft.image_description.strip()[:200])
    image.file.save(f"upload.{draft.image.extension}", ContentFile(draft.image.content), save=True)


def _create(member, draft, now, make):
    """Run make() in a transaction; a concurrent duplicate of the same form returns the first post."""
    try:
        with transaction.atomic():
            post = make()
            _attach_image(post, draft)
            if draft.subscribe:
                notifications.subscribe(member, post.thread, draft.interface_language)
    except IntegrityError:
        existing = _already_submitted(member, draft.token)
        if existing is None:
            raise
        return Outcome(existing, created=False)
    lifecycle.published(post)
    return Outcome(post, created=True)


def start_thread(member, topic, draft, now=None):
    """A new thread with its opening post (pending for a new member)."""
    now = now or timezone.now()
    if topic not in topics.KEYS:
        raise PostingError(_("Choose one of the boards."), "topic")
    existing = _already_submitted(member, draft.token)
    if existing:
        return Outcome(existing, created=False)
    body, title = validate_body(draft.body), validate_title(draft.title)
    member_standing = _check(member, rules.THREAD, body, now)
    code = language.choose(draft.language, f"{title}\n{body}", draft.interface_language)
    status = rules.initial_status(member_standing)

    def make():
        thread = Thread.objects.create(
            topic=topic, region=draft.region, title=title, author=member, language=code, status=status,
            created_at=now, last_activity_at=now, last_position=0)
        return Post.objects.create(
            thread=thread, position=0, author=member, body_source=body, body_html=markup.render(body),
            language=code, status=status, created_at=now, submission_token=draft.token)

    return _create(member, draft, now, make)


def reply(member, thread, draft, now=None):
    """A reply at the end of a public thread (pending for a new member)."""
    now = now or timezone.now()
    existing = _already_submitted(member, draft.token)
    if existing:
        return Outcome(existing, created=False)
    if thread.status != Status.APPROVED:
        raise PostingError(_("This thread does not take replies."))
    body = validate_body(draft.body)
    member_standing = _check(member, rules.REPLY, body, now)
    code = language.choose(draft.language, body, draft.interface_language)
    status = rules.initial_status(member_standing)

    def make():
        # The update takes the thread's row lock: concurrent replies get successive positions.
        Thread.objects.filter(pk=thread.pk).update(last_position=F("last_position") + 1)
        position = Thread.objects.values_list("last_position", flat=True).get(pk=thread.pk)
        post = Post.objects.create(
            thread=thread, position=position, author=member, body_source=body, body_html=markup.render(body),
            language=code, status=status, created_at=now, submission_token=draft.token)
        if status == Status.APPROVED:
            lifecycle.refresh_thread(thread.pk)
        return post

    return _create(member, draft, now, make)


def _require_author(member, post):
    if member is None or post.author_id != member.pk:
        raise PermissionDenied(_("You can only change your own posts."))


def edit(member, post, draft, now=None):
    """Change your post's text (and a thread's title and language); the old version is kept for moderators.

    Returns True when something changed. A member whose posts still need
    approval sends an edited public post back for approval.
    """
    _require_author(member, post)
    if post.status == Status.DELETED:
        raise PostingError(_("This post was deleted."))
    now = now or timezone.now()
    thread = post.thread
    body = validate_body(draft.body)
    title = validate_title(draft.title) if post.is_opening_post else None
    verdict, member_standing = rules.check_edit(member, post, body, now)
    if not verdict:
        raise PostingError(verdict.reason)
    code = language.choose(draft.language, f"{title or ''}\n{body}", draft.interface_language)
    if body == post.body_source and code == post.language and (title is None or title == thread.title):
        return False
    with transaction.atomic():
        PostRevision.objects.create(post=post, title=thread.title if post.is_opening_post else "",
                                    body_source=post.body_source, language=post.language, edited_at=now,
                                    edited_by=member.user)
        post.body_source, post.body_html, post.language, post.edited_at = body, markup.render(body), code, now
        post.save(update_fields=["body_source", "body_html", "language", "edited_at"])
        post.machine_translations.all().delete()  # they translate the old text
        if post.is_opening_post:
            thread.title, thread.language = title, code
            thread.save(update_fields=["title", "language"])
        if post.status == Status.APPROVED and rules.needs_approval(member_standing):
            lifecycle.set_status(post, Status.PENDING, now)
    return True


def delete_own(member, post, now=None):
    """Delete your post: hidden at once, purged after COMMUNITY_PURGE_AFTER_DAYS.

    The opening post takes its thread with it (replies to a question that is
    gone make no sense on their own).
    """
    _require_author(member, post)
    return lifecycle.set_status(post, Status.DELETED, now)
