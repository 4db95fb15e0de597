from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache

from portal import languages


def _reader_language(request):
    language = translation.get_language_from_request(request, check_path=False)
    return language if language in languages.BY_CODE else languages.SOURCE_LANGUAGE


def root(request):
    """Send "/" to the reader's language: remembered choice, then the browser's."""
    response = HttpResponseRedirect(f"/{_reader_language(request)}/")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def search_redirect(request):
    """/search/?q= in the reader's language, query kept."""
    query = request.GET.urlencode()
    response = HttpResponseRedirect(f"/{_reader_language(request)}/search/" + (f"?{query}" if query else ""))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not; says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database, no context processors that could fail again: a bare page
    # in the language the request already activated.
    from django.template import loader

    template = loader.get_template("500.html")
    language = languages.get(translation.get_language()) or languages.get(settings.LANGUAGE_CODE)
    return HttpResponse(template.render({"current_language": language}), status=500)
