"""The community board in the Wagtail admin: a "Community" menu for moderators.

Moderation (queues, decisions, audit log): community.admin_views. The menu
and each of its items show only to users with the matching permission
(portal.roles gives them to Moderators and Administrators).
"""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from community import admin_views, moderation_queue


@hooks.register("register_admin_urls")
def moderation_admin_urls():
    return [
        path("community/", admin_views.queue, {"kind": moderation_queue.PENDING}, name="community_moderation_queue"),
        path("community/reported/", admin_views.queue, {"kind": moderation_queue.REPORTED},
             name="community_moderation_reported"),
        path("community/log/", admin_views.audit_log, name="community_moderation_log"),
        path("community/posts/<int:pk>/", admin_views.post_detail, name="community_moderation_post"),
        path("community/posts/<int:pk>/approve/", admin_views.approve, name="community_moderation_approve"),
        path("community/posts/<int:pk>/hide/", admin_views.hide, name="community_moderation_hide"),
        path("community/posts/<int:pk>/delete/", admin_views.delete, name="community_moderation_delete"),
        path("community/posts/<int:pk>/warn/", admin_views.warn, name="community_moderation_warn"),
        path("community/posts/<int:pk>/suspend/", admin_views.suspend, name="community_moderation_suspend"),
        path("community/members/<int:pk>/unsuspend/", admin_views.unsuspend, name="community_moderation_unsuspend"),
    ]


class PermittedMenuItem(MenuItem):
    """A menu item shown only to users for whom is_permitted(user) is true."""

    def __init__(self, *args, is_permitted, **kwargs):
        self.is_permitted = is_permitted
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.is_permitted(request.user)


@hooks.register("register_admin_menu_item")
def community_menu():
    return SubmenuMenuItem(_("Community"), Menu(items=[
        PermittedMenuItem(_("Awaiting approval"), reverse("community_moderation_queue"), icon_name="time",
                          name="community-pending", order=100, is_permitted=admin_views.can_moderate),
        PermittedMenuItem(_("Reported posts"), reverse("community_moderation_reported"), icon_name="warning",
                          name="community-reported", order=200, is_permitted=admin_views.can_moderate),
        PermittedMenuItem(_("Moderation log"), reverse("community_moderation_log"), icon_name="history",
                          name="community-log", order=300, is_permitted=admin_views.can_see_log),
    ]), icon_name="group", name="community", order=260)
