"""Whole-page cache for anonymous readers, invalidated by any publication.

Readers on slow phones get pages from memory; the generation key changes
whenever a page or translation is published, unpublished, moved or deleted,
so a new translation shows at once (its home, topic lists and language
switchers change too, which is why the whole generation goes, not one page).

The cache is an accelerator: when it does not answer (portal.cache_backend
turns its failures into misses), the generation is unknown and pages are
served uncached; when it answers again the generation is replaced, since a
publication made meanwhile could not record one.
"""
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers

from portal import cache_backend

GENERATION_KEY = "page-cache:generation"
# Probes answer from the process (and the database) alone, never from the cache.
UNCACHED_PATHS = ("/healthz", "/readyz")


def current_generation():
    """The page cache's generation, or None when the cache does not answer."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh value, never an old one again: an evicted key must not
        # bring back pages cached under a generation that was invalidated.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _request_generation(request):
    """current_generation(), asked once per request by the two middlewares (one round trip, not two)."""
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = current_generation()
    return request._page_cache_generation


def invalidate():
    cache.set(GENERATION_KEY, time.time_ns(), None)


def _invalidate_after_outage(**kwargs):
    invalidate()


cache_backend.cache_recovered.connect(_invalidate_after_outage, dispatch_uid="page_cache.invalidate_after_outage")


def cached_for_generation(key, compute):
    """compute(), cached until the next publication (or PAGE_CACHE_SECONDS); computed afresh without a cache."""
    generation = current_generation()
    if generation is None:
        return compute()
    full_key = f"derived:{generation}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, settings.PAGE_CACHE_SECONDS)
    return value


def _key(request, generation):
    encoding = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "identity"
    # Hashed: a path with a long query string must not make an over-long key.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page-cache:{generation}:{request.get_host()}:{encoding}:{path}"


def _is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and request.path_info not in UNCACHED_PATHS
        # Anyone with a session may be an editor, a previewer or a reader
        # who passed a page password: they always get a fresh page.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        generation = _request_generation(request)
        if generation is None:
            return self.get_response(request)
        key = _key(request, generation)
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if getattr(response, "portal_cacheable", False) and response.status_code == 200 and not response.cookies:
            patch_vary_headers(response, ("Accept-Encoding",))
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response


def _route_key(request, generation):
    path = hashlib.sha256(request.path_info.encode()).hexdigest()[:32]
    return f"page-route:{generation}:{request.get_host()}:{path}"


class RouteCacheMiddleware:
    """Remember which page a path routes to, until the next publication.

    Wagtail walks the tree one query per path segment (plus the localized
    root) on every request; the answer only changes when pages are
    published, moved or deleted, which replaces the generation. The page
    itself is still loaded fresh, and Wagtail's view restrictions and
    serve hooks still run.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info in UNCACHED_PATHS:
            return self.get_response(request)
        generation = _request_generation(request)
        if generation is None:
            return self.get_response(request)
        key = _route_key(request, generation)
        cached = cache.get(key)
        if cached is not None:
            model_label, page_id, args, kwargs = cached
            page = apps.get_model(model_label).objects.filter(pk=page_id, live=True).select_related("locale").first()
            if page is not None:
                request._wagtail_route_for_request = (page, args, kwargs)
        response = self.get_response(request)
        route = getattr(request, "_wagtail_route_for_request", None)
        if cached is None and route and response.status_code == 200:
            page, args, kwargs = route
            cache.set(key, (page._meta.label, page.pk, tuple(args), dict(kwargs)), settings.PAGE_CACHE_SECONDS)
        return response
