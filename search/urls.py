from django.urls import path

from search import views

api_urlpatterns = [
    path("api/v1/search", views.search_api, name="search_api"),
    path("api/v1/search/suggest", views.suggest_api, name="search_suggest_api"),
]

page_urlpatterns = [
    path("search/", views.search_page, name="search"),
]
