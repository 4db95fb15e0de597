"""Fixed-window rate limits per client, kept in the cache.

Shared by search, posting and sign-up. The client is identified by a keyed
hash of its address, so the cache never holds a reader's IP address.
"""
import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def client_id(request):
    """A keyed hash of the client's address (the proxy's X-Forwarded-For when trusted)."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.RATELIMIT_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The last address is the one our own proxy saw; earlier ones the client can forge.
            address = forwarded.split(",")[-1].strip()
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def hit(request, scope, limit, period):
    """Count one request; True when the client is over `limit` requests per `period` seconds."""
    if limit <= 0:
        return False
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{client_id(request)}:{window}"
    if cache.add(key, 1, period + 1):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, period + 1)
        return False
    return count > limit
