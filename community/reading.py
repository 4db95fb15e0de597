"""What board and thread pages show, in a constant number of indexed queries.

Board pages use keyset pagination (the last thread's activity time and id
in the link), so page 500 costs what page 1 does. Thread pages number their
pages (50 replies each): a thread is short enough for an offset over its
own index range, and its reply count is kept on the thread row.
"""
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone as dt_timezone

from django.core.cache import cache
from django.db.models import Count, prefetch_related_objects

from community import conf
from community.constants import Status
from community.models import Post, Thread
from portal import topics

EPOCH = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)
BOARD_COUNTS_KEY = "community:board-counts"
BOARD_COUNTS_SECONDS = 60


def board_counts():
    """{topic: number of public threads}, recounted at most once a minute."""
    counts = cache.get(BOARD_COUNTS_KEY)
    if counts is None:
        rows = Thread.objects.filter(status=Status.APPROVED).values("topic").annotate(n=Count("pk")).order_by()
        counts = {topic: 0 for topic in topics.KEYS} | {row["topic"]: row["n"] for row in rows}
        cache.set(BOARD_COUNTS_KEY, counts, BOARD_COUNTS_SECONDS)
    return counts


def cursor_for(thread):
    """The position after `thread` in a board's order, as text for a link."""
    micros = (thread.last_activity_at - EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{thread.pk}"


def parse_cursor(text):
    """(time, id) from cursor_for's text, or None for anything else."""
    try:
        micros, pk = (int(part) for part in str(text).split("-"))
    except (TypeError, ValueError):
        return None
    if micros < 0 or pk <= 0 or micros > 10**17:
        return None
    return EPOCH + timedelta(microseconds=micros), pk


@dataclass
class BoardPage:
    threads: list
    next_cursor: str | None  # None on the last page


def board_page(topic, region=None, before=None, per_page=None):
    """Public threads of a board, newest activity first, after the cursor `before` (time, id)."""
    per_page = per_page or conf.get("COMMUNITY_THREADS_PER_PAGE")
    threads = Thread.objects.filter(topic=topic, status=Status.APPROVED)
    if region is not None:
        threads = threads.filter(province=region) if region.parent_id is None else threads.filter(region=region)
    if before is not None:
        moment, pk = before
        threads = threads.filter(last_activity_at__lte=moment).exclude(last_activity_at=moment, pk__gte=pk)
    found = list(threads.select_related("author", "region").order_by("-last_activity_at", "-pk")[: per_page + 1])
    more = len(found) > per_page
    found = found[:per_page]
    return BoardPage(threads=found, next_cursor=cursor_for(found[-1]) if more and found else None)


def visible_thread(pk, member):
    """The thread if the reader may see it: public, or their own (pending or hidden). Else None."""
    thread = Thread.objects.filter(pk=pk).select_related("author", "region").first()
    if thread is None or thread.status == Status.DELETED:
        return None
    if thread.status != Status.APPROVED and (member is None or thread.author_id != member.pk):
        return None
    return thread


@dataclass
class ThreadPage:
    opening_post: Post | None
    replies: list
    number: int
    count: int  # pages
    own_unpublished: list = field(default_factory=list)  # the reader's replies not (or no longer) public

    @property
    def previous_number(self):
        return self.number - 1 if self.number > 1 else None

    @property
    def next_number(self):
        return self.number + 1 if self.number < self.count else None


def page_count(thread):
    return max(1, math.ceil(thread.reply_count / conf.get("COMMUNITY_REPLIES_PER_PAGE")))


def parse_page_number(text):
    try:
        number = int(text)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1


def thread_page(thread, number, member=None):
    """One page of a thread: the opening post on every page, then up to 50 public replies."""
    per_page = conf.get("COMMUNITY_REPLIES_PER_PAGE")
    count = page_count(thread)
    number = min(number, count)
    posts = Post.objects.select_related("author")
    opening = posts.filter(thread=thread, position=0).order_by("position").first()  # the unique index: one row
    replies = list(posts.filter(thread=thread, status=Status.APPROVED, position__gt=0)
                   .order_by("position")[(number - 1) * per_page: number * per_page])
    own = []
    if member is not None:
        own = list(posts.filter(thread=thread, author=member, position__gt=0,
                                status__in=(Status.PENDING, Status.HIDDEN)).order_by("position"))
    prefetch_related_objects([post for post in (opening, *replies, *own) if post is not None], "images")
    return ThreadPage(opening_post=opening, replies=replies, number=number, count=count, own_unpublished=own)


def page_of(post):
    """The thread page a public reply is on."""
    if post.is_opening_post:
        return 1
    before = Post.objects.filter(thread_id=post.thread_id, status=Status.APPROVED, position__gt=0,
                                 position__lt=post.position).count()
    return before // conf.get("COMMUNITY_REPLIES_PER_PAGE") + 1


REGIONS_SECONDS = 600


def region_choices(language):
    """[(code, name)] for the region menus: provinces, each followed by its cities and counties."""
    from services.models import Region

    key = f"community:regions:{language}"
    choices = cache.get(key)
    if choices is None:
        regions = list(Region.objects.only("code", "names", "parent_id", "kind"))
        by_parent = {}
        for region in regions:
            by_parent.setdefault(region.parent_id, []).append(region)
        choices = []
        for province in sorted(by_parent.get(None, []), key=lambda r: r.code):
            choices.append((province.code, province.name_in(language)))
            for child in sorted(by_parent.get(province.pk, []), key=lambda r: r.name_in(language)):
                choices.append((child.code, f"{province.name_in(language)} · {child.name_in(language)}"))
        cache.set(key, choices, REGIONS_SECONDS)
    return choices
