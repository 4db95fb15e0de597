"""The member's own pages, under /<language>/account/ next to allauth's."""
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.my_account, name="account"),
    path("nickname/", views.change_nickname, name="change_nickname"),
    path("notifications/", views.change_notifications, name="change_notifications"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.account_deleted, name="deleted"),
]
