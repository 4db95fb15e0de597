"""The member's own account pages: nickname, notifications, export, deletion.

Sign-up, log-in, log-out, email confirmation and password reset are
allauth's views (with the portal's templates in accounts/templates/account/).
"""
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import personal_data, reading_language
from accounts.forms import DeleteAccountForm, NicknameForm, NotificationForm
from accounts.models import Member


def _member(user):
    """The member of a logged-in user, or None for staff accounts that never chose a nickname."""
    return getattr(user, "member", None)


def _account_page(request, *, nickname_form=None, notification_form=None, status=200):
    member = _member(request.user)
    context = {
        "member": member,
        "nickname_form": nickname_form or NicknameForm(member=member, initial={"nickname": getattr(member, "nickname", "")}),
        "notification_form": notification_form or (NotificationForm(instance=member) if member else None),
    }
    return render(request, "accounts/my_account.html", context, status=status)


@never_cache
@login_required
def my_account(request):
    return _account_page(request)


@never_cache
@login_required
@require_POST
def change_nickname(request):
    member = _member(request.user)
    form = NicknameForm(request.POST, member=member)
    if not form.is_valid():
        return _account_page(request, nickname_form=form, status=400)
    if member is None:  # a staff account joining the community
        member = Member.objects.create(user=request.user, nickname=form.cleaned_data["nickname"],
                                       language=reading_language.interface_language())
    else:
        member.nickname = form.cleaned_data["nickname"]
        member.save(update_fields=["nickname"])
    messages.success(request, _("Your nickname is now %(nickname)s.") % {"nickname": member.nickname})
    return redirect("accounts:account")


@never_cache
@login_required
@require_POST
def change_notifications(request):
    member = _member(request.user)
    if member is None:
        return redirect("accounts:account")
    form = NotificationForm(request.POST, instance=member)
    if not form.is_valid():
        return _account_page(request, notification_form=form, status=400)
    form.save()
    messages.success(request, _("Your email preferences are saved."))
    return redirect("accounts:account")


@never_cache
@login_required
@require_POST
def export(request):
    """Everything the portal holds about the member, as a JSON download."""
    data = personal_data.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    filename = f"my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        personal_data.delete_account(request.user, form.cleaned_data["posts"], request=request)
        return redirect("accounts:deleted")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)


def account_deleted(request):
    return render(request, "accounts/account_deleted.html")
