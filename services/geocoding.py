"""Addresses to coordinates for editors, behind a small interface chosen by settings.

The rest of the code calls get_geocoder().geocode(address) and never imports
geopy: tests inject a geocoder of their own (settings.GEOCODER_BACKEND), and a
self-hosted Nominatim or another service is a settings change.

A geocoder that is down or hangs costs an editor at most GEOCODER_TIMEOUT
seconds, and after repeated failures none (the "geocoder" circuit breaker):
the editor is told at once to enter the coordinates by hand.
"""
import functools
import hashlib
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from portal import circuit

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
            from geopy.adapters import RequestsAdapter
            from geopy.geocoders import Nominatim

            client = Nominatim(user_agent=settings.GEOCODER_USER_AGENT, domain=settings.GEOCODER_DOMAIN,
                               scheme=settings.GEOCODER_SCHEME, timeout=settings.GEOCODER_TIMEOUT,
                               # geopy retries twice by default: a hanging service would cost three timeouts.
                               adapter_factory=functools.partial(RequestsAdapter, max_retries=0))
        self.client = client
        self.breaker = circuit.breaker("geocoder", failure_threshold=3, reset_after=60.0)

    def geocode(self, address):
        key = "geocode:" + hashlib.sha256(" ".join(address.split()).encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return Location(*cached) if cached else None
        found = self._ask(address)
        location = Location(found.latitude, found.longitude, found.address) if found else None
        cache.set(key, (location.latitude, location.longitude, location.address) if location else (), CACHE_SECONDS)
        return location

    def _ask(self, address):
        from geopy.exc import GeopyError

        try:
            return self.breaker.call(self._request, address)
        except circuit.CircuitOpen as error:
            raise GeocoderUnavailable("not asked: it failed repeatedly (circuit breaker open)") from error
        except GeopyError as error:
            raise GeocoderUnavailable(str(error)) from error

    def _request(self, address):
        with self._lock:  # one request per second
            wait = NominatimGeocoder._last_request + 1.0 - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            NominatimGeocoder._last_request = time.monotonic()
            return self.client.geocode(address, country_codes="kr", exactly_one=True)


def get_geocoder():
    return import_string(settings.GEOCODER_BACKEND)()
