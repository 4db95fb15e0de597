"""Threads and posts.

A thread is its opening post (position 0) plus replies (positions 1, 2, ...).
The thread row carries what a board page lists (title, topic, region, reply
count, last activity) so a board page is one indexed query whatever the size
of the board; the posts carry the text, its rendered HTML and the state.

Denormalised fields (Thread.status, reply_count, last_activity_at,
Post.report_count) are kept in step by community.lifecycle, never by hand.
"""
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.constants import Status
from portal import languages, topics

LANGUAGE_CHOICES = languages.django_languages()


class Thread(models.Model):
    topic = models.CharField(_("topic"), max_length=20, choices=topics.CHOICES)
    # The most specific region the author chose, and its province, so that a
    # province filter reads one index range instead of a list of cities.
    region = models.ForeignKey(
        "services.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    province = models.ForeignKey(
        "services.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    title = models.CharField(_("title"), max_length=200)
    # SET_NULL: an anonymised (or deleted) member's threads stay, authorless.
    author = models.ForeignKey(
        "accounts.Member", verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="threads",
    )
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    # The opening post's status: only APPROVED threads are listed.
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The newest approved post's time: boards list threads by it, newest first.
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)  # approved replies
    # The last position handed out; incremented in the database, so two
    # replies posted at once never get the same position.
    last_position = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            # Board pages: WHERE topic [AND region | AND province] AND status ORDER BY last_activity_at DESC, id DESC.
            models.Index(fields=["topic", "status", "-last_activity_at", "-id"], name="community_board"),
            models.Index(fields=["topic", "region", "status", "-last_activity_at", "-id"], name="community_board_region"),
            models.Index(fields=["topic", "province", "status", "-last_activity_at", "-id"],
                         name="community_board_province"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "region" in update_fields:
            self.province = self._province_of(self.region)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "province"}
        super().save(*args, **kwargs)

    @staticmethod
    def _province_of(region):
        while region is not None and region.parent_id is not None:
            region = region.parent
        return region

    def get_absolute_url(self, language=None):
        """The thread page under the given language prefix (the active language by default)."""
        with translation.override(language or translation.get_language()):
            return reverse("community_thread", kwargs={"pk": self.pk})

    @property
    def display_title(self):
        """The title, or a notice when its author erased it with their account."""
        return self.title or gettext("(Question deleted by its author)")

    @property
    def topic_label(self):
        return topics.LABELS.get(self.topic, self.topic)


def _submission_token_condition():
    return ~Q(submission_token="")


class Post(models.Model):
    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts")
    position = models.PositiveIntegerField(_("position"))  # 0: the opening post
    author = models.ForeignKey(
        "accounts.Member", verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="posts",
    )
    body_source = models.TextField(_("text"))  # plain text as typed
    body_html = models.TextField(editable=False)  # community.markup.render(body_source): sanitised
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)  # starts the purge grace period
    report_count = models.PositiveIntegerField(_("open reports"), default=0)
    # The random token of the form that created the post: submitting the same
    # form twice finds this post instead of making a second one.
    submission_token = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["thread", "position"], name="community_post_position"),
            models.UniqueConstraint(fields=["author", "submission_token"], condition=_submission_token_condition(),
                                    name="community_post_submission"),
        ]
        indexes = [
            # Thread pages: WHERE thread AND status AND position > 0 ORDER BY position.
            models.Index(fields=["thread", "status", "position"], name="community_thread_page"),
            # Posting limits: a member's posts of the last day, the latest one.
            models.Index(fields=["author", "created_at"], name="community_author_recent"),
            # Trust: a member's approved posts.
            models.Index(fields=["author", "status"], name="community_author_status"),
            # Moderation queue (pending, oldest first) and the purge (deleted).
            models.Index(fields=["status", "created_at"], name="community_post_queue"),
        ]

    def __str__(self):
        return f"{self.thread_id}#{self.position}"

    @property
    def is_opening_post(self):
        return self.position == 0

    @property
    def language_info(self):
        return languages.get(self.language) or languages.get(languages.SOURCE_LANGUAGE)

    def anchor(self):
        return f"post-{self.pk}"


class PostRevision(models.Model):
    """A post as it was before an edit. Visible to moderators only."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True)  # the thread title, for opening posts
    body_source = models.TextField()
    language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES)
    # When this version was replaced, and by whom (the author, or a moderator).
    edited_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["-edited_at"]


def image_path(instance, filename):
    """A random name: nothing of the uploader's file name (or the time) is kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"community/{secrets.token_hex(16)}.{extension}"


class PostImage(models.Model):
    """An image attached to a post, re-encoded without metadata (community.images)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to=image_path, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    description = models.CharField(_("image description"), max_length=200, blank=True)  # the alt text
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post image")
        verbose_name_plural = _("post images")
