"""Public statistics pages, under the language prefix (portal/urls.py i18n_patterns).

The managers' dashboard is in the Wagtail admin (helpdesk/stats_hooks.py).
"""
from django.urls import path

from helpdesk import open_data_views

page_urlpatterns = [
    path("help/statistics/", open_data_views.statistics_page, name="helpdesk_statistics"),
    path("help/statistics/<str:dimension>.csv", open_data_views.statistics_csv, name="helpdesk_statistics_csv"),
]
