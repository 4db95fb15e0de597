"""What members do: start a thread, reply, edit, delete, report, follow a thread by email.

Every form is a POST with the CSRF token; an error shows the form again with
what was typed and the reason, in the member's language.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community import forms, moderation, notifications, posting, rules
from community.constants import Status
from community.models import Thread
from community.views import count_posting, current_member, interface_language, posting_too_fast
from community.views.reading import post_url, visible_post
from portal import busy, too_many_requests, topics

TOO_FAST = gettext_lazy("Too many posts from your connection. Wait a minute and try again.")


def _answer(response):
    """Retry-After on a busy (503) or too-many-posts (429, a limit per minute) answer."""
    return too_many_requests.mark(busy.mark(response), 60)


def _refused(request, reason, status=403):
    return render(request, "community/refused.html", {"reason": reason}, status=status)


def _allowed_member(request):
    """(member, None) when the reader may write, else (None, the response explaining why)."""
    member = current_member(request)
    verdict = rules.can_post(member)
    if not verdict:
        return None, _refused(request, verdict.reason)
    return member, None


def _submit(request, form, action):
    """Validate form, run action(draft); (outcome, status) — outcome None and an error on the form otherwise."""
    if posting_too_fast(request):
        form.is_valid()  # bound fields keep what was typed
        form.add_error(None, str(TOO_FAST))
        return None, 429
    if not form.is_valid():
        return None, 400
    try:
        outcome = action(form.draft(interface_language()))
    except posting.PostingError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None, 400
    except busy.DatabaseBusy as error:
        return None, busy.not_saved(form, error, "A community post")
    count_posting(request)
    return outcome, 200


def _posted(request, outcome):
    post = outcome.post
    if outcome.created and post.status == Status.PENDING:
        messages.info(request, _(
            "Thank you. Your post will appear when a moderator has approved it: "
            "the first posts of new members are checked to keep the board safe."))
    elif outcome.created:
        messages.success(request, _("Your post is published."))
    return redirect(post_url(post))


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request, topic):
    if topic not in topics.KEYS:
        raise Http404
    member, refusal = _allowed_member(request)
    if refusal:
        return refusal
    language, status = interface_language(), 200
    if request.method == "POST":
        form = forms.ThreadForm(request.POST, request.FILES, interface_language=language)
        outcome, status = _submit(request, form, lambda draft: posting.start_thread(member, topic, draft))
        if outcome:
            return _posted(request, outcome)
    else:
        form = forms.ThreadForm(interface_language=language, initial={"subscribe": member.notify_replies})
    return _answer(render(request, "community/new_thread.html",
                            {"form": form, "topic": topic, "topic_label": topics.LABELS[topic]}, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def reply(request, pk):
    thread = get_object_or_404(Thread, pk=pk, status=Status.APPROVED)
    member, refusal = _allowed_member(request)
    if refusal:
        return refusal
    status = 200
    if request.method == "POST":
        form = forms.PostForm(request.POST, request.FILES)
        outcome, status = _submit(request, form, lambda draft: posting.reply(member, thread, draft))
        if outcome:
            return _posted(request, outcome)
    else:
        form = forms.PostForm(initial={"subscribe": member.notify_replies or notifications.is_subscribed(member, thread)})
    return _answer(render(request, "community/reply.html", {"form": form, "thread": thread}, status=status))


def _own_post(request, pk):
    """The reader's own post (not deleted), 404 when it is not visible to them, 403 when it is someone else's."""
    post = visible_post(pk, current_member(request))
    member = current_member(request)
    if member is None or post.author_id != member.pk:
        raise PermissionDenied
    return member, post


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    member, post = _own_post(request, pk)
    opening = post.is_opening_post
    status = 200
    if request.method == "POST":
        form = forms.EditForm(request.POST, opening_post=opening)
        changed, status = _submit(request, form, lambda draft: posting.edit(member, post, draft))
        if status == 200:
            if changed:
                messages.success(request, _("Your changes are saved."))
            return redirect(post_url(post))
    else:
        form = forms.EditForm(opening_post=opening, initial={
            "title": post.thread.title, "body": post.body_source, "language": post.language})
    return _answer(render(request, "community/edit.html", {"form": form, "post": post}, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    member, post = _own_post(request, pk)
    if request.method == "POST":
        posting.delete_own(member, post)
        messages.success(request, _("Your post was deleted."))
        if post.is_opening_post:
            return redirect("community_board", topic=post.thread.topic)
        return redirect(post.thread.get_absolute_url())
    return render(request, "community/delete.html", {"post": post, "original_url": post_url(post)})


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    member, refusal = _allowed_member(request)
    if refusal:
        return refusal
    post = visible_post(pk, member)
    status = 200
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST":
        status = 400
        if posting_too_fast(request):
            form.add_error(None, str(TOO_FAST))
            status = 429
        elif form.is_valid():
            try:
                _report, created = moderation.report(member, post, form.cleaned_data["reason"], form.cleaned_data["details"])
            except moderation.ReportRefused as error:
                form.add_error(None, str(error))
            except busy.DatabaseBusy as error:
                status = busy.not_saved(form, error, "A report")
            else:
                count_posting(request)
                messages.success(request, _("Thank you. Moderators will look at this post.") if created
                                 else _("You have already reported this post. Moderators will look at it."))
                return redirect(post.thread.get_absolute_url())
    return _answer(render(request, "community/report.html", {"form": form, "post": post}, status=status))


@login_required
@require_POST
def subscription(request, pk):
    """Follow or stop following a thread by email (the thread page's button)."""
    member = current_member(request)
    thread = get_object_or_404(Thread, pk=pk, status=Status.APPROVED)
    if member is None:
        raise PermissionDenied
    if request.POST.get("follow") == "1":
        notifications.subscribe(member, thread, interface_language())
        messages.success(request, _("You will get an email when someone replies."))
    else:
        notifications.unsubscribe(member, thread)
        messages.success(request, _("You will not get emails about this thread any more."))
    return redirect(thread.get_absolute_url())


# The signed token in the link is the authorisation: mail clients' one-click
# unsubscribe (RFC 8058) POSTs without a CSRF token, and a forged request
# would need the token, which only the recipient has.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a confirm button (link checkers must not unsubscribe anyone); POST: unsubscribe."""
    found = notifications.subscription_from_token(token)
    done = found is not None and request.method == "POST"
    if done:
        found.delete()
    return render(request, "community/unsubscribe.html", {
        "subscription": found, "thread": found.thread if found else None, "done": done,
    }, status=200 if found else 404)
