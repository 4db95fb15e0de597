"""Members, threads and posts for the board's tests, made directly (no sign-up flow)."""
import itertools
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import Member
from community import markup
from community.constants import Status
from community.models import Post, Thread

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _board_settings(settings, tmp_path):
    settings.ELASTICSEARCH_URL = ""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_member(db):
    """A member with a verified email; age_days old; approved_posts already approved (in a thread of their own)."""

    def make(nickname=None, *, verified=True, age_days=30, approved_posts=2, email=None, **fields):
        number = next(_numbers)
        nickname = nickname or f"member{number}"
        user = User.objects.create_user(username=f"user{number}", email=email or f"{nickname}@example.org",
                                        password="not-used-here-123")
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        member = Member.objects.create(user=user, nickname=nickname,
                                       created_at=timezone.now() - timedelta(days=age_days), **fields)
        if approved_posts:
            earlier = timezone.now() - timedelta(days=age_days)
            thread = make_thread(member, title=f"Earlier thread of {nickname}", created_at=earlier)
            for position in range(1, approved_posts):
                Post.objects.create(thread=thread, position=position, author=member, body_source="Earlier reply.",
                                    body_html=markup.render("Earlier reply."), language="en",
                                    status=Status.APPROVED, created_at=earlier)
            Thread.objects.filter(pk=thread.pk).update(last_position=approved_posts - 1)
        return member

    return make


def make_thread(author, *, title="How do I get my unpaid wages?", body="My employer has not paid me for two months.",
                topic="employment", language="en", status=Status.APPROVED, region=None, created_at=None):
    """A thread with its opening post, as the board would save it (no rules applied)."""
    created_at = created_at or timezone.now() - timedelta(hours=1)
    thread = Thread.objects.create(topic=topic, title=title, author=author, language=language, status=status,
                                   region=region, created_at=created_at, last_activity_at=created_at)
    Post.objects.create(thread=thread, position=0, author=author, body_source=body, body_html=markup.render(body),
                        language=language, status=status, created_at=created_at)
    return thread


def add_reply(thread, author, body="Call 1350, the labour hotline.", status=Status.APPROVED, language="en", created_at=None):
    from community import lifecycle

    position = thread.posts.count()
    post = Post.objects.create(thread=thread, position=position, author=author, body_source=body,
                               body_html=markup.render(body), language=language, status=status,
                               created_at=created_at or timezone.now() - timedelta(minutes=30))
    Thread.objects.filter(pk=thread.pk).update(last_position=position)
    lifecycle.refresh_thread(thread.pk)
    thread.refresh_from_db()
    return post


@pytest.fixture
def member(make_member):
    """An established member: two approved posts, a month old (posts publish at once, not yet trusted)."""
    return make_member("Lan")


@pytest.fixture
def other_member(make_member):
    return make_member("Bishnu")


@pytest.fixture
def new_member(make_member):
    """Signed up an hour ago, nothing approved yet."""
    return make_member("Newcomer", age_days=0.04, approved_posts=0)


@pytest.fixture
def trusted_member(make_member):
    return make_member("Trusted", age_days=60, approved_posts=10)


@pytest.fixture
def thread(other_member):
    return make_thread(other_member)


@pytest.fixture
def no_pause(settings):
    """Tests that post several times in a row do not wait 30 seconds between posts."""
    settings.COMMUNITY_SECONDS_BETWEEN_POSTS = 0
    settings.COMMUNITY_TRUSTED_SECONDS_BETWEEN_POSTS = 0


@pytest.fixture
def logged_in(client):
    def login(member):
        client.force_login(member.user)
        return client

    return login
