from django.urls import path

from services import event_views, pages, views

api_urlpatterns = [
    path("api/v1/places", views.places_api, name="places_api"),
    path("api/v1/events", event_views.events_api, name="events_api"),
]

# Reader's pages, under the language prefix (portal/urls.py i18n_patterns).
page_urlpatterns = [
    path("places/", pages.places, name="places"),
    path("places/<int:pk>/", pages.place_detail, name="place_detail"),
    path("events/<int:pk>/", pages.event_detail, name="event_detail"),
    path("events/<str:region_code>.ics", event_views.region_feed, name="region_events_feed"),
]
