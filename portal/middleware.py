from django.conf import settings
from django.utils.cache import patch_cache_control

from portal import languages

# Public pages load nothing from anywhere else; the admin needs inline
# scripts and styles, so it only gets the framing rule.
PUBLIC_POLICY = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
ADMIN_POLICY = "frame-ancestors 'self'; object-src 'none'; base-uri 'self'"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path_info.startswith(("/admin/", "/django-admin/"))
            response["Content-Security-Policy"] = ADMIN_POLICY if admin else PUBLIC_POLICY
        return response


def language_from_path(path):
    prefix = path.lstrip("/").split("/", 1)[0]
    return prefix if prefix in languages.BY_CODE else None


def shared_caches_may_store(response):
    """True when the response says a shared cache (a proxy, a CDN) may keep it for everyone."""
    directives = {part.split("=", 1)[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
    return bool(directives & {"public", "s-maxage"})


class RememberLanguageMiddleware:
    """Remember the language of the last page read, for the next visit to "/".

    Following a link to another language (the switcher, or a shared link)
    is the reader's choice; it costs no redirect and no JavaScript. Set
    outside the page cache, so cached pages carry no cookie. Never set on
    a response a shared cache may keep (the .ics feeds): the cache would
    hand one reader's cookie to every later one. For the same reason a
    response marked public that something else gave a cookie (a session,
    CSRF) is made private on its way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = language_from_path(request.path_info)
        if (language and response.status_code == 200 and not shared_caches_may_store(response)
                and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
                httponly=True,
            )
        if response.cookies and shared_caches_may_store(response):
            patch_cache_control(response, private=True)  # Django drops "public" for it
        return response
