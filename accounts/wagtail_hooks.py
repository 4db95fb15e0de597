"""Members in the Wagtail admin: a read-only list for Administrators.

Nicknames, dates and moderation state only: the email stays out of this
view (it is in Users, for those allowed to manage users). Moderation
itself (warn, suspend) is the community board's.
"""
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.models import Member


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
