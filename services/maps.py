"""The optional map of the places pages: tile server settings and the content security policy.

Pages load no map until the reader taps "Show map" (static/js/places.js):
then Leaflet comes from our own static files (django-leaflet's copy) and the
tiles from settings.MAP_TILE_URL. Only pages that can show a map allow images
from the tile server; every other page keeps the strict policy.
"""
from urllib.parse import urlsplit

from django.conf import settings

from portal.middleware import PUBLIC_POLICY

IMAGE_SOURCES = "img-src 'self' data:"


def tile_origin(tile_url=None):
    """The origin to allow images from, for a tile URL template; "" when the tiles are on this site.

    "{s}" subdomains ("https://{s}.tile.example.org/...") become a wildcard.
    """
    parts = urlsplit(tile_url if tile_url is not None else settings.MAP_TILE_URL)
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def policy_with_tiles():
    """The public content security policy, plus the tile server in img-src."""
    origin = tile_origin()
    if not origin:
        return PUBLIC_POLICY
    if IMAGE_SOURCES not in PUBLIC_POLICY:  # the policy changed shape: refuse to guess
        raise ValueError("portal.middleware.PUBLIC_POLICY has no img-src directive to extend")
    return PUBLIC_POLICY.replace(IMAGE_SOURCES, f"{IMAGE_SOURCES} {origin}", 1)


def allow_tiles(response):
    """Mark a response as a page with a map (portal.middleware keeps a policy already set)."""
    response["Content-Security-Policy"] = policy_with_tiles()
    return response


def map_settings():
    """What the map script needs, for data- attributes of the map's container."""
    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_ATTRIBUTION}
