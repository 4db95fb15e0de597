"""The results page and the JSON API: parse, call search.service, render."""
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal import languages, ratelimit, topics
from search import query, registry, service

RATE_SCOPE = "search"


def _limited(request):
    return ratelimit.hit(request, RATE_SCOPE, settings.SEARCH_RATE_PER_MINUTE, 60)


def _type_label(type_):
    source = registry.sources().get(type_)
    return source.label if source else type_


@require_GET
def search_page(request):
    """/<lang>/search/?q=: works without JavaScript; the script only adds suggestions."""
    locale = translation.get_language()
    text = request.GET.get("q", "")
    context = {"query_text": text[: query.MAX_LENGTH * 2], "results": None, "error": None}
    status = 200
    if text.strip():
        if _limited(request):
            context["error"] = _("Too many searches from your connection. Wait a minute and try again.")
            status = 429
        else:
            try:
                results = service.search(text, locale)
            except query.QueryError as error:
                context["error"] = str(error)
                status = 400
            else:
                context["results"] = results
                context["hits"] = [
                    {"hit": hit, "language": languages.get(hit.locale), "type_label": _type_label(hit.type),
                     "topic_label": topics.LABELS.get(hit.topic, "")}
                    for hit in results.hits
                ]
                context["fallback_languages"] = [languages.get(code) for code in results.fallback_locales]
    response = render(request, "search/results.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _error(message, status=400):
    return JsonResponse({"error": str(message)}, status=status, json_dumps_params={"ensure_ascii": False})


def _api_locale(request):
    code = request.GET.get("locale") or languages.SOURCE_LANGUAGE
    if not languages.get(code):
        raise query.QueryError(_("Unknown locale %(code)s. Use one of: %(codes)s.") % {
            "code": code[:20], "codes": ", ".join(languages.CODES)})
    return code


@require_GET
def search_api(request):
    """GET /api/v1/search?q=&locale=&limit=&type=: the shape is documented in the README."""
    if _limited(request):
        return _error(_("Too many searches from your connection. Wait a minute and try again."), 429)
    try:
        locale = _api_locale(request)
    except query.QueryError as error:
        return _error(error)
    # Errors about the query speak the language asked for.
    with translation.override(locale):
        try:
            return _search_json(request, locale)
        except query.QueryError as error:
            return _error(error)


def _search_json(request, locale):
    try:
        limit = int(request.GET.get("limit", 10))
    except ValueError:
        raise query.QueryError(_("limit must be a whole number from 1 to %(max)d.") % {"max": service.MAX_LIMIT})
    if not 1 <= limit <= service.MAX_LIMIT:
        raise query.QueryError(_("limit must be a whole number from 1 to %(max)d.") % {"max": service.MAX_LIMIT})
    type_ = request.GET.get("type", "")
    if type_ and type_ not in registry.sources():
        raise query.QueryError(_("type must be one of: %(types)s.") % {"types": ", ".join(sorted(registry.sources()))})
    results = service.search(request.GET.get("q", ""), locale, types=(type_,) if type_ else (), limit=limit)
    data = {
        "query": results.query,
        "locale": locale,
        "engine": results.engine,
        "fallback_locales": list(results.fallback_locales),
        "results": [
            {"type": h.type, "key": h.key, "locale": h.locale, "title": h.title, "url": h.url,
             "snippet": h.snippet, "score": h.score, "topic": h.topic}
            for h in results.hits
        ],
        "promoted": results.promoted,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def suggest_api(request):
    """GET /api/v1/search/suggest?q=&locale=: titles for suggestions as you type."""
    if _limited(request):
        return _error(_("Too many searches from your connection. Wait a minute and try again."), 429)
    try:
        locale = _api_locale(request)
    except query.QueryError as error:
        return _error(error)
    suggestions = service.suggest(request.GET.get("q", ""), locale)
    return JsonResponse({"suggestions": [{"title": t, "url": u} for t, u in suggestions]},
                        json_dumps_params={"ensure_ascii": False})
