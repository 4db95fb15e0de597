"""The help desk in the Wagtail admin: its pages, a "Help desk" menu, and the partner directory.

Other parts of the help desk (statistics) add items to the same menu with
@hooks.register("register_helpdesk_menu_item").
"""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from helpdesk import admin_actions, admin_views
from helpdesk.models import Partner


@hooks.register("register_admin_urls")
def helpdesk_admin_urls():
    return [
        path("helpdesk/", admin_views.inbox, name="helpdesk_inbox"),
        path("helpdesk/log/", admin_views.log_case, name="helpdesk_log"),
        path("helpdesk/article-gaps/", admin_views.article_gaps, name="helpdesk_article_gaps"),
        path("helpdesk/cases/<int:pk>/", admin_views.case_detail, name="helpdesk_admin_case"),
        path("helpdesk/cases/<int:pk>/answer/", admin_actions.answer, name="helpdesk_answer"),
        path("helpdesk/cases/<int:pk>/note/", admin_actions.note, name="helpdesk_note"),
        path("helpdesk/cases/<int:pk>/status/", admin_actions.change_status, name="helpdesk_status"),
        path("helpdesk/cases/<int:pk>/assign/", admin_actions.assign, name="helpdesk_assign"),
        path("helpdesk/cases/<int:pk>/refer/", admin_actions.refer, name="helpdesk_refer"),
        path("helpdesk/cases/<int:pk>/referrals/<int:referral_pk>/outcome/", admin_actions.referral_outcome,
             name="helpdesk_referral_outcome"),
        path("helpdesk/cases/<int:pk>/referrals/<int:referral_pk>/remove/", admin_actions.remove_referral,
             name="helpdesk_referral_remove"),
        path("helpdesk/cases/<int:pk>/no-article/", admin_actions.no_article, name="helpdesk_no_article"),
    ]


class PartnerViewSet(SnippetViewSet):
    """The directory of partner experts and institutions cases are referred to (managers keep it)."""

    model = Partner
    icon = "group"
    menu_label = _("Partners")
    add_to_admin_menu = False  # listed in the Help desk menu
    list_display = ["name", "kind", "phone", "languages", "region", "active"]
    list_filter = ["kind", "active", "region"]
    search_fields = ["name", "kind", "languages"]


partner_viewset = PartnerViewSet()
register_snippet(partner_viewset)


class PermittedMenuItem(MenuItem):
    def __init__(self, *args, is_permitted, **kwargs):
        self.is_permitted = is_permitted
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.is_permitted(request.user)


def _can_see_partners(user):
    return any(user.has_perm(f"helpdesk.{action}_partner") for action in ("view", "add", "change", "delete"))


@hooks.register("register_helpdesk_menu_item")
def inbox_menu_item():
    return PermittedMenuItem(_("Inbox"), reverse("helpdesk_inbox"), icon_name="mail", order=100,
                             is_permitted=admin_views.can_work_cases)


@hooks.register("register_helpdesk_menu_item")
def log_menu_item():
    return PermittedMenuItem(_("Log a call or visit"), reverse("helpdesk_log"), icon_name="plus", order=200,
                             is_permitted=admin_views.can_log_cases)


@hooks.register("register_helpdesk_menu_item")
def partners_menu_item():
    return PermittedMenuItem(_("Partners"), reverse(partner_viewset.get_url_name("list")), icon_name="group",
                             order=300, is_permitted=_can_see_partners)


@hooks.register("register_admin_menu_item")
def helpdesk_menu():
    return SubmenuMenuItem(_("Help desk"), Menu(register_hook_name="register_helpdesk_menu_item"),
                           icon_name="comment", name="helpdesk", order=250)


@hooks.register("register_reports_menu_item")
def article_gaps_menu_item():
    return PermittedMenuItem(_("Questions without an article"), reverse("helpdesk_article_gaps"), icon_name="doc-empty",
                             name="helpdesk-article-gaps", order=200, is_permitted=admin_views.can_see_article_gaps)


from helpdesk import stats_hooks  # noqa: E402,F401  (the statistics dashboard registers its own hooks)
