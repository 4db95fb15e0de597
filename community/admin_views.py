"""The moderators' pages in the Wagtail admin: two queues, a post's page, the decisions, the audit log.

Pages are GET; every decision is a POST (CSRF-checked) to its own URL. A
decision that takes something away (hide, delete, warn, suspend, lift a
suspension) first answers with a confirmation page showing the post and a
reason field; the confirmation posts again with `confirmed`. Approving is
one click: it is undone by hiding. Each decision calls one domain function
(community.moderation, community.moderation_queue.keep, community.sanctions),
which writes the audit log and closes the post's open reports.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Member
from community import moderation, moderation_queue, sanctions
from community.admin_forms import AuditLogFilterForm, DecisionForm, SuspendForm, UnsuspendForm, WarnForm
from community.constants import Status
from community.models import Post

MODERATE = "community.change_post"  # the queues, approve, hide, delete
SANCTION = "community.add_moderationaction"  # warn, suspend, lift a suspension
SEE_LOG = "community.view_moderationaction"
SEE_REVISIONS = "community.view_postrevision"
POSTS_PER_PAGE = 20
LOG_ROWS_PER_PAGE = 50

QUEUE_TITLES = {
    moderation_queue.PENDING: gettext_lazy("Posts awaiting approval"),
    moderation_queue.REPORTED: gettext_lazy("Reported posts"),
}


def can_moderate(user):
    return user.has_perm(MODERATE)


def can_sanction(user):
    return user.has_perm(SANCTION)


def can_see_log(user):
    return user.has_perm(SEE_LOG)


def _require(request, predicate):
    if not predicate(request.user):
        raise PermissionDenied


def _page_number(request):
    text = request.GET.get("p", "1")
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else 1


def _cards(request, posts):
    """Posts with everything a card shows (constant queries), and what this user may do."""
    posts = list(moderation_queue.with_details(posts, revisions=request.user.has_perm(SEE_REVISIONS)))
    return moderation_queue.annotate_authors(posts)


def _context(request, **extra):
    return {"can_moderate": can_moderate(request.user), "can_sanction": can_sanction(request.user),
            "can_see_revisions": request.user.has_perm(SEE_REVISIONS), "can_see_log": can_see_log(request.user),
            "here": request.get_full_path(), **extra}


@never_cache
@require_GET
def queue(request, kind):
    """One queue: posts awaiting approval (oldest first) or reported posts (most reports first)."""
    _require(request, can_moderate)
    page = Paginator(moderation_queue.QUEUES[kind](), POSTS_PER_PAGE).get_page(_page_number(request))
    return render(request, "community/admin/queue.html", _context(
        request, page_title=QUEUE_TITLES[kind], kind=kind, page=page, posts=_cards(request, page.object_list)))


@never_cache
@require_GET
def post_detail(request, pk):
    """One post as in the queues, whatever its state (links from the log)."""
    _require(request, can_moderate)
    found = _cards(request, Post.objects.filter(pk=pk))
    if not found:
        raise Http404
    return render(request, "community/admin/post.html", _context(
        request, page_title=_("Post %(number)s") % {"number": pk}, post=found[0]))


def _next_url(request):
    """Where to go after a decision: the page the moderator came from, if it is in the admin."""
    target = request.POST.get("next", "")
    if target.startswith("/admin/") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("community_moderation_queue")


def _decide(request, pk, *, predicate, form_class, perform, title, done, needs_author=False, changes_post=False):
    """The shared flow of a decision on a post: confirm (unless confirmed), validate, perform, report back.

    A deleted post is never brought back (its author may have deleted it to
    take their words back): decisions that change the post refuse it.
    """
    _require(request, predicate)
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=pk)
    if changes_post and post.status == Status.DELETED:
        messages.error(request, _("This post is deleted: there is nothing left to decide about it."))
        return redirect(_next_url(request))
    if needs_author and post.author is None:
        messages.error(request, _("This post has no author any more (the account was deleted)."))
        return redirect(_next_url(request))
    form = form_class(request.POST if "confirmed" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            perform(post, request.user, form)
        except sanctions.SanctionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done(post))
            return redirect(_next_url(request))
    card = _cards(request, Post.objects.filter(pk=post.pk))[0]
    return render(request, "community/admin/confirm.html", _context(
        request, page_title=title(post), post=card, form=form, action_url=request.path, next=_next_url(request)),
        status=400 if form.is_bound else 200)


def _nickname(post):
    return post.author.nickname if post.author else _("a former member")


@require_POST
def approve(request, pk):
    return _decide(
        request, pk, predicate=can_moderate, form_class=DecisionForm, changes_post=True,
        perform=lambda post, user, form: moderation_queue.keep(post, user, form.cleaned_data["reason"]),
        title=lambda post: _("Approve this post"),
        done=lambda post: _("Post %(number)s is public; its reports are closed.") % {"number": post.pk})


@require_POST
def hide(request, pk):
    return _decide(
        request, pk, predicate=can_moderate, form_class=DecisionForm, changes_post=True,
        perform=lambda post, user, form: moderation.hide(post, user, form.cleaned_data["reason"]),
        title=lambda post: _("Hide this post"),
        done=lambda post: _("Post %(number)s is hidden; only its author sees it.") % {"number": post.pk})


@require_POST
def delete(request, pk):
    return _decide(
        request, pk, predicate=can_moderate, form_class=DecisionForm, changes_post=True,
        perform=lambda post, user, form: moderation.delete(post, user, form.cleaned_data["reason"]),
        title=lambda post: _("Delete this post"),
        done=lambda post: _("Post %(number)s is deleted; it will be purged after the grace period.") % {
            "number": post.pk})


@require_POST
def warn(request, pk):
    return _decide(
        request, pk, predicate=can_sanction, form_class=WarnForm, needs_author=True,
        perform=lambda post, user, form: sanctions.warn(
            post.author, user, form.cleaned_data["reason"], post=post, notify=form.cleaned_data["notify"]),
        title=lambda post: _("Warn %(nickname)s") % {"nickname": _nickname(post)},
        done=lambda post: _("%(nickname)s was warned.") % {"nickname": _nickname(post)})


@require_POST
def suspend(request, pk):
    return _decide(
        request, pk, predicate=can_sanction, form_class=SuspendForm, needs_author=True,
        perform=lambda post, user, form: sanctions.suspend(
            post.author, user, form.cleaned_data["reason"], days=form.days_or_none(), post=post,
            notify=form.cleaned_data["notify"]),
        title=lambda post: _("Suspend %(nickname)s") % {"nickname": _nickname(post)},
        done=lambda post: _("%(nickname)s is suspended.") % {"nickname": _nickname(post)})


@require_POST
def unsuspend(request, pk):
    """Lift a member's suspension (from the log or a post card): confirm, then do."""
    _require(request, can_sanction)
    member = get_object_or_404(Member, pk=pk)
    form = UnsuspendForm(request.POST if "confirmed" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            sanctions.unsuspend(member, request.user, form.cleaned_data["reason"], notify=form.cleaned_data["notify"])
        except sanctions.SanctionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(nickname)s can post again.") % {"nickname": member.nickname})
            return redirect(_next_url(request))
    return render(request, "community/admin/confirm.html", _context(
        request, page_title=_("Lift the suspension of %(nickname)s") % {"nickname": member.nickname},
        member=member, suspension=sanctions.describe_suspension(member), form=form, action_url=request.path,
        next=_next_url(request)),
        status=400 if form.is_bound else 200)


@never_cache
@require_GET
def audit_log(request):
    """Every moderation decision, newest first, filterable by moderator, action, member and dates."""
    _require(request, can_see_log)
    form = AuditLogFilterForm(request.GET or None)
    invalid = form.is_bound and not form.is_valid()
    rows = moderation_queue.audit_log(**form.filters())
    page = Paginator(rows.none() if invalid else rows, LOG_ROWS_PER_PAGE).get_page(_page_number(request))
    query = request.GET.copy()
    query.pop("p", None)
    return render(request, "community/admin/log.html", _context(
        request, page_title=_("Moderation log"), form=form, page=page, query=query.urlencode()),
        status=400 if invalid else 200)
