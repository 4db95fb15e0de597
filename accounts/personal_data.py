"""What the portal knows about a member, gathered and erased across apps.

accounts knows the account (nickname, email addresses, dates); other apps
(the community board, the help desk) hold the rest. They contribute without
accounts importing them: in their AppConfig.ready() they call

    from accounts import personal_data
    personal_data.register(exporter=export_my_posts, eraser=erase_my_posts)

- exporter(user) -> dict, JSON-serialisable, keyed by the app's name
  (e.g. {"community": {"threads": [...]}}); merged into the download.
- eraser(user, mode) -> None, mode DELETE ("delete": remove what the member
  wrote) or ANONYMISE ("anonymise": keep it, detached from the member). It
  runs inside the deletion's transaction, before the user row is deleted.
"""
from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.utils import timezone

DELETE = "delete"
ANONYMISE = "anonymise"
MODES = (DELETE, ANONYMISE)

_exporters = []
_erasers = []


def register(*, exporter=None, eraser=None):
    """Add an app's exporter and/or eraser; registering the same function twice has no effect."""
    if exporter is not None and exporter not in _exporters:
        _exporters.append(exporter)
    if eraser is not None and eraser not in _erasers:
        _erasers.append(eraser)


def unregister(*, exporter=None, eraser=None):
    """Remove what register() added (for tests, and for apps that are switched off)."""
    if exporter in _exporters:
        _exporters.remove(exporter)
    if eraser in _erasers:
        _erasers.remove(eraser)


def _iso(moment):
    return moment.isoformat() if moment else None


def account_data(user):
    """The account's own part of the export: what the member gave us and when."""
    from allauth.account.models import EmailAddress

    member = getattr(user, "member", None)
    data = {
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }
    if member is not None:
        data.update(
            nickname=member.nickname,
            member_since=_iso(member.created_at),
            notify_replies=member.notify_replies,
            language=member.language,
            warnings=member.warnings,
            suspended_until=_iso(member.suspended_until),
        )
    return data


def export_personal_data(user):
    """Everything about `user`, as one JSON-serialisable dict."""
    export = {"exported_at": _iso(timezone.now()), "account": account_data(user)}
    for exporter in _exporters:
        for key, value in exporter(user).items():
            if key in export:
                raise ValueError(f"Two personal-data exporters both return {key!r}.")
            export[key] = value
    return export


def _delete_sessions(user):
    """Log the user out everywhere: delete every stored session that belongs to them.

    Sessions do not record their user in a column, so the unexpired ones are
    read one by one; this runs only when an account is deleted. (A session
    left behind would be dead anyway: its user no longer exists.)
    """
    if settings.SESSION_ENGINE not in ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"):
        return
    from importlib import import_module

    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            store(session_key=session.session_key).delete()


def delete_account(user, mode, request=None):
    """Erase `user` with everything other apps hold, in one transaction.

    Every registered eraser runs first (deleting or anonymising what the
    member wrote), then the sessions, email addresses, member and user are
    deleted. With `request`, the current session is ended too.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    with transaction.atomic():
        for eraser in _erasers:
            eraser(user, mode)
        _delete_sessions(user)
        # EmailAddress and Member rows go with the user (on_delete=CASCADE).
        user.delete()
    if request is not None:
        logout(request)
