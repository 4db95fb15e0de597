"""The board's settings and their defaults, read at call time.

Every number here can be set in the Django settings under the same name;
the defaults follow Discourse's for new users (first posts approved by a
moderator, few threads and replies on the first day, a pause between posts,
few links), with lighter limits for members who earned trust. The README's
"Community board" section lists them.
"""
from django.conf import settings

DEFAULTS = {
    # Posts of a member with fewer approved posts than this wait for a moderator.
    "COMMUNITY_APPROVAL_FIRST_POSTS": 2,
    # The first day after sign-up (Discourse: max_topics_in_first_day, max_replies_in_first_day).
    "COMMUNITY_NEW_MEMBER_DAYS": 1,
    "COMMUNITY_FIRST_DAY_THREADS": 3,
    "COMMUNITY_FIRST_DAY_REPLIES": 10,
    # Everyone, every 24 hours (Discourse: max_topics_per_day).
    "COMMUNITY_THREADS_PER_DAY": 20,
    "COMMUNITY_REPLIES_PER_DAY": 100,
    # Seconds between two posts of one member (Discourse: rate_limit_new_user_create_post, rate_limit_create_post).
    "COMMUNITY_SECONDS_BETWEEN_POSTS": 30,
    "COMMUNITY_TRUSTED_SECONDS_BETWEEN_POSTS": 5,
    # Links in one post (Discourse: newuser_max_links); 0 means no limit.
    "COMMUNITY_MAX_LINKS": 2,
    "COMMUNITY_TRUSTED_MAX_LINKS": 0,
    # Trusted: this many approved posts and an account at least this many days old.
    "COMMUNITY_TRUSTED_APPROVED_POSTS": 10,
    "COMMUNITY_TRUSTED_ACCOUNT_DAYS": 7,
    # Posts (threads, replies, edits, reports) per client address per minute (portal.ratelimit).
    "COMMUNITY_POSTS_PER_CLIENT_PER_MINUTE": 10,
    "COMMUNITY_MAX_POST_CHARS": 10_000,
    "COMMUNITY_MAX_TITLE_CHARS": 150,
    "COMMUNITY_REPORTS_TO_HIDE": 3,
    "COMMUNITY_PURGE_AFTER_DAYS": 30,
    "COMMUNITY_THREADS_PER_PAGE": 30,
    "COMMUNITY_REPLIES_PER_PAGE": 50,
    "COMMUNITY_IMAGE_MAX_BYTES": 5 * 1024 * 1024,
    "COMMUNITY_IMAGE_MAX_SIDE": 4000,
    # Machine translations asked for by one client per minute (only provider calls count).
    "COMMUNITY_TRANSLATIONS_PER_CLIENT_PER_MINUTE": 20,
}


def get(name):
    """The setting `name`, or its default."""
    return getattr(settings, name, DEFAULTS[name])
