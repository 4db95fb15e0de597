from django.urls import path

from helpdesk import views

# Resident's pages, under the language prefix (portal/urls.py i18n_patterns).
page_urlpatterns = [
    path("help/ask/", views.ask, name="helpdesk_ask"),
    path("help/case/", views.case_status, name="helpdesk_case"),
]
