"""Members in the Wagtail admin: a read-only list for Administrators; the staff's second sign-in step.

Nicknames, dates and moderation state only: the email stays out of this
view (it is in Users, for those allowed to manage users). Moderation
itself (warn, suspend) is the community board's. The second step
(accounts.second_factor) has its two pages under /admin/second-factor/.
"""
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts import second_factor_views
from accounts.models import Member


@hooks.register("register_admin_urls")
def second_factor_urls():
    return [
        path("second-factor/", second_factor_views.verify, name="accounts_second_factor"),
        path("second-factor/enrol/", second_factor_views.enrol, name="accounts_second_factor_enrol"),
    ]


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "group"
    menu_label = _("Members")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["nickname", "created_at", "suspended_until", "warnings"]
    list_filter = ["suspended_until"]
    ordering = ["-created_at"]
    search_fields = ["nickname"]
    search_backend_name = None  # plain database lookup on the nickname
    inspect_view_enabled = True
    inspect_view_fields = ["nickname", "created_at", "suspended_until", "warnings", "notify_replies"]


register_snippet(MemberViewSet)
