"""The statistics dashboard in the Wagtail admin: its URLs and its entry in the Help desk menu.

Imported by helpdesk/wagtail_hooks.py (Wagtail only loads that module).
"""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from helpdesk import stats_admin_views


@hooks.register("register_admin_urls")
def statistics_admin_urls():
    return [
        path("helpdesk/statistics/", stats_admin_views.statistics_dashboard, name="helpdesk_statistics_dashboard"),
        path("helpdesk/statistics/<str:name>.csv", stats_admin_views.statistics_csv,
             name="helpdesk_statistics_dashboard_csv"),
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return stats_admin_views.can_see_statistics(request.user)


@hooks.register("register_helpdesk_menu_item")
def statistics_menu_item():
    return StatisticsMenuItem(_("Statistics"), reverse("helpdesk_statistics_dashboard"), name="helpdesk-statistics",
                              icon_name="table", order=400)
