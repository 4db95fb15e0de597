"""The board's pages, under the language prefix (portal/urls.py i18n_patterns)."""
from django.urls import path

from community.views import reading, writing

page_urlpatterns = [
    path("community/", reading.index, name="community_index"),
    path("community/t/<int:pk>/", reading.thread, name="community_thread"),
    path("community/t/<int:pk>/reply/", writing.reply, name="community_reply"),
    path("community/t/<int:pk>/follow/", writing.subscription, name="community_subscription"),
    path("community/p/<int:pk>/edit/", writing.edit, name="community_edit"),
    path("community/p/<int:pk>/delete/", writing.delete, name="community_delete"),
    path("community/p/<int:pk>/report/", writing.report, name="community_report"),
    path("community/p/<int:pk>/translation/", reading.translate, name="community_translate"),
    path("community/unsubscribe/<str:token>/", writing.unsubscribe, name="community_unsubscribe"),
    path("community/<slug:topic>/", reading.board, name="community_board"),
    path("community/<slug:topic>/new/", writing.new_thread, name="community_new_thread"),
]
