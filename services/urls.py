from django.urls import path

from services import views

api_urlpatterns = [
    path("api/v1/places", views.places_api, name="places_api"),
]
