"""Addresses to coordinates for editors, behind a small interface chosen by settings.

The rest of the code calls get_geocoder().geocode(address) and never imports
geopy: tests inject a geocoder of their own (settings.GEOCODER_BACKEND), and a
self-hosted Nominatim or another service is a settings change.
"""
import hashlib
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

CACHE_SECONDS = 60 * 60 * 24 * 30  # addresses rarely move; Nominatim asks clients to cache


class GeocoderUnavailable(Exception):
    """The service could not be reached or refused; the editor enters coordinates by hand."""


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    address: str  # as the service understood it, to show the editor


class Geocoder:
    def geocode(self, address):
        """A Location, or None when nothing is found; GeocoderUnavailable when the service fails."""
        raise NotImplementedError


class NominatimGeocoder(Geocoder):
    """OpenStreetMap Nominatim through geopy: at most one request per second per process
    (Nominatim's usage policy) and answers cached, found or not."""

    _lock = threading.Lock()
    _last_request = 0.0

    def __init__(self, client=None):
        if client is None:
            from geopy.geocoders import Nominatim

            client = Nominatim(user_agent=settings.GEOCODER_USER_AGENT, domain=settings.GEOCODER_DOMAIN,
                               scheme=settings.GEOCODER_SCHEME, timeout=5)
        self.client = client

    def geocode(self, address):
        key = "geocode:" + hashlib.sha256(" ".join(address.split()).encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return Location(*cached) if cached else None
        from geopy.exc import GeopyError

        with self._lock:  # one request per second
            wait = NominatimGeocoder._last_request + 1.0 - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            NominatimGeocoder._last_request = time.monotonic()
            try:
                found = self.client.geocode(address, country_codes="kr", exactly_one=True)
            except GeopyError as error:
                raise GeocoderUnavailable(str(error)) from error
        location = Location(found.latitude, found.longitude, found.address) if found else None
        cache.set(key, (location.latitude, location.longitude, location.address) if location else (), CACHE_SECONDS)
        return location


def get_geocoder():
    return import_string(settings.GEOCODER_BACKEND)()
