"""Roles × every board view and action, as one table: who may read, write, report and moderate.

Every cell runs the real view. For the changes the table also checks that a
refused request changed nothing and an allowed one did. Every URL name of
the board and of its moderation (community_*) must have at least one row:
adding a view without deciding who may use it fails
test_every_community_view_has_a_row.

Roles: members are made as the board makes them (verified email); a "new
member" has no approved post yet (their posts wait for a moderator); staff
roles are Wagtail users in the portal's groups, without a member profile:
they have no posts of their own, so "own post" cells give them another
member's post, which they must not be able to change through the board.
"""
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from community import notifications
from community.constants import Status
from community.models import Post, Report, Thread, ThreadSubscription
from portal import roles
from tests.community.conftest import add_reply, make_thread
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "new_member", "trusted_member", "suspended_member", "moderator", "editor", "administrator")
EVERYONE = set(ROLES)
MEMBERS = {"new_member", "trusted_member", "suspended_member"}
POSTERS = {"new_member", "trusted_member"}  # members allowed to write (a suspended member reads only)
MODERATION = {"moderator", "administrator"}
NOBODY = set()

# row -> (URL name, roles allowed)
TABLE = {
    "board index": ("community_index", EVERYONE),
    "board page": ("community_board", EVERYONE),
    "thread page": ("community_thread", EVERYONE),
    "new thread (form)": ("community_new_thread", POSTERS),
    "new thread (post)": ("community_new_thread", POSTERS),
    "reply (form)": ("community_reply", POSTERS),
    "reply (post)": ("community_reply", POSTERS),
    "edit own post": ("community_edit", POSTERS),
    "edit another's post": ("community_edit", NOBODY),
    "delete own post": ("community_delete", MEMBERS),  # a suspended member may still take their words back
    "delete another's post": ("community_delete", NOBODY),
    "report": ("community_report", POSTERS),
    "translate": ("community_translate", EVERYONE),
    "follow a thread": ("community_subscription", MEMBERS),
    "unsubscribe (link in the mail)": ("community_unsubscribe", EVERYONE),  # the signed token is the key
    "moderation queue": ("community_moderation_queue", MODERATION),
    "reported posts": ("community_moderation_reported", MODERATION),
    "post (moderators' view)": ("community_moderation_post", MODERATION),
    "approve": ("community_moderation_approve", MODERATION),
    "hide": ("community_moderation_hide", MODERATION),
    "delete (moderator)": ("community_moderation_delete", MODERATION),
    "warn": ("community_moderation_warn", MODERATION),
    "suspend": ("community_moderation_suspend", MODERATION),
    "lift a suspension": ("community_moderation_unsuspend", MODERATION),
    "audit log": ("community_moderation_log", MODERATION),
}

STAFF_GROUPS = {"moderator": roles.MODERATORS, "editor": roles.EDITORS, "administrator": roles.ADMINISTRATORS}


@dataclass
class World:
    """What every cell acts on: a public thread, another member's posts, the role's own post."""

    thread: Thread
    target: Post  # another member's public reply, written in Vietnamese
    pending: Post  # another member's reply waiting for approval
    own: Post  # the role's own reply (for staff and anonymous: another member's)
    member: object  # the role's Member, or None
    subscription: ThreadSubscription  # another member's, for the unsubscribe link


def _role(role, make_member):
    """(user or None, member or None) for a role."""
    if role == "anonymous":
        return None, None
    if role in STAFF_GROUPS:
        user = User.objects.create_user(username=role, password="x-" + role)
        user.groups.add(Group.objects.get(name=STAFF_GROUPS[role]))
        return user, None
    member = {
        "new_member": lambda: make_member("Newcomer", age_days=0.04, approved_posts=0),
        "trusted_member": lambda: make_member("Trusted", age_days=60, approved_posts=10),
        "suspended_member": lambda: make_member("Suspended", suspended_until=timezone.now() + timedelta(days=7)),
    }[role]()
    return member.user, member


def _world(role, make_member):
    user, member = _role(role, make_member)
    author = make_member("Author")
    thread = make_thread(author, title="Unpaid wages in Ansan")
    target = add_reply(thread, author, body="Tôi đã gọi 1350.", language="vi")
    pending = add_reply(thread, author, body="Waiting for a moderator", status=Status.PENDING)
    own = add_reply(thread, member, body="My own reply",
                    status=Status.PENDING if role == "new_member" else Status.APPROVED) if member else target
    subscription = ThreadSubscription.objects.create(member=author, thread=thread, language="en")
    return user, World(thread=thread, target=target, pending=pending, own=own, member=member,
                       subscription=subscription)


def _request(client, row, w):
    thread, target, own = w.thread.pk, w.target.pk, w.own.pk
    admin_post = f"/admin/community/posts/{target}/"
    return {
        "board index": lambda: client.get("/en/community/"),
        "board page": lambda: client.get("/en/community/employment/"),
        "thread page": lambda: client.get(f"/en/community/t/{thread}/"),
        "new thread (form)": lambda: client.get("/en/community/employment/new/"),
        "new thread (post)": lambda: client.post("/en/community/employment/new/", {
            "title": "Which school takes mid-year transfers?", "body": "We moved to Suwon in May.",
            "submission": "table-thread"}),
        "reply (form)": lambda: client.get(f"/en/community/t/{thread}/reply/"),
        "reply (post)": lambda: client.post(f"/en/community/t/{thread}/reply/", {
            "body": "The labour office helped me.", "submission": "table-reply"}),
        "edit own post": lambda: client.post(f"/en/community/p/{own}/edit/", {"body": "Changed by the table"}),
        "edit another's post": lambda: client.post(f"/en/community/p/{target}/edit/", {"body": "Changed by the table"}),
        "delete own post": lambda: client.post(f"/en/community/p/{own}/delete/"),
        "delete another's post": lambda: client.post(f"/en/community/p/{target}/delete/"),
        "report": lambda: client.post(f"/en/community/p/{target}/report/", {"reason": "spam"}),
        "translate": lambda: client.get(f"/en/community/p/{target}/translation/"),
        "follow a thread": lambda: client.post(f"/en/community/t/{thread}/follow/", {"follow": "1"}),
        "unsubscribe (link in the mail)": lambda: client.post(
            f"/en/community/unsubscribe/{notifications.unsubscribe_token(w.subscription)}/"),
        "moderation queue": lambda: client.get("/admin/community/"),
        "reported posts": lambda: client.get("/admin/community/reported/"),
        "post (moderators' view)": lambda: client.get(admin_post),
        "approve": lambda: client.post(f"/admin/community/posts/{w.pending.pk}/approve/", {"confirmed": "1"}),
        "hide": lambda: client.post(admin_post + "hide/", {"confirmed": "1"}),
        "delete (moderator)": lambda: client.post(admin_post + "delete/", {"confirmed": "1"}),
        "warn": lambda: client.post(admin_post + "warn/", {"confirmed": "1", "reason": "Be polite"}),
        "suspend": lambda: client.post(admin_post + "suspend/", {"confirmed": "1", "reason": "Spam", "days": "3"}),
        "lift a suspension": lambda: _lift(client, w),
        "audit log": lambda: client.get("/admin/community/log/"),
    }[row]()


def _lift(client, w):
    author = w.target.author
    author.suspended_until = timezone.now() + timedelta(days=3)
    author.save(update_fields=["suspended_until"])
    return client.post(f"/admin/community/members/{author.pk}/unsuspend/", {"confirmed": "1"})


def _status(post):
    return Post.objects.get(pk=post.pk).status


# What an allowed change leaves behind (and a refused one must not).
EFFECTS = {
    "new thread (post)": lambda w: Thread.objects.filter(title="Which school takes mid-year transfers?").exists(),
    "reply (post)": lambda w: Post.objects.filter(body_source="The labour office helped me.").exists(),
    "edit own post": lambda w: Post.objects.get(pk=w.own.pk).body_source == "Changed by the table",
    "edit another's post": lambda w: Post.objects.get(pk=w.target.pk).body_source == "Changed by the table",
    "delete own post": lambda w: _status(w.own) == Status.DELETED,
    "delete another's post": lambda w: _status(w.target) == Status.DELETED,
    "report": lambda w: Report.objects.filter(post=w.target).exists(),
    "follow a thread": lambda w: ThreadSubscription.objects.filter(member=w.member, thread=w.thread).exists(),
    "unsubscribe (link in the mail)": lambda w: not ThreadSubscription.objects.filter(pk=w.subscription.pk).exists(),
    "approve": lambda w: _status(w.pending) == Status.APPROVED,
    "hide": lambda w: _status(w.target) == Status.HIDDEN,
    "delete (moderator)": lambda w: _status(w.target) == Status.DELETED,
    "warn": lambda w: type(w.target.author).objects.get(pk=w.target.author_id).warnings == 1,
    "suspend": lambda w: type(w.target.author).objects.get(pk=w.target.author_id).is_suspended(),
    "lift a suspension": lambda w: not type(w.target.author).objects.get(pk=w.target.author_id).is_suspended(),
}


def _allowed(response):
    """200, or a redirect that is not to a login page nor the admin's front door; 400/403/404/405 are refusals."""
    if response.status_code == 200:
        return True
    if response.status_code == 302:
        location = response["Location"]
        return "/login/" not in location and location.rstrip("/") != "/admin"
    return False


@pytest.mark.parametrize("row", TABLE)
@pytest.mark.parametrize("role", ROLES)
def test_role_view_table(client, make_member, no_pause, role, row):
    user, world = _world(role, make_member)
    if user:
        log_in(client, user)
    response = _request(client, row, world)
    expected = role in TABLE[row][1]
    assert _allowed(response) is expected, f"{role} on {row}: {response.status_code} {response.get('Location', '')}"
    if row in EFFECTS:
        assert EFFECTS[row](world) is expected, f"{role} on {row}: effect"


def _url_names(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name


def test_every_community_view_has_a_row():
    """A new community_* URL (board or admin) without a row in TABLE fails here; so does a row for a removed URL."""
    names = {name for name in _url_names(get_resolver().url_patterns) if name.startswith("community_")}
    assert names, "no community URL found: is the board installed?"
    covered = {url_name for url_name, _roles in TABLE.values()}
    assert names - covered == set(), "views without a row in the permission table"
    assert covered - names == set(), "rows for URLs that do not exist"
