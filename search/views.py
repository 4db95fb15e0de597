"""The results page and the JSON API: parse, call search.service, render."""
from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from portal import api, languages, ratelimit, too_many_requests, topics
from search import query, registry, service

RATE_SCOPE = "search"
TOO_MANY = gettext_lazy("Too many searches from your connection. Wait a minute and try again.")


def _limited(request):
    return ratelimit.hit(request, RATE_SCOPE, settings.SEARCH_RATE_PER_MINUTE, api.RATE_PERIOD)


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
            context["error"] = TOO_MANY
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
    response = too_many_requests.mark(render(request, "search/results.html", context, status=status), api.RATE_PERIOD)
    response["X-Robots-Tag"] = "noindex"
    return response


@api.json_api(RATE_SCOPE, TOO_MANY)
def search_api(request, locale):
    """GET /api/v1/search?q=&locale=&limit=&type=: the shape is documented in the README."""
    limit = api.limit_parameter(request.GET.get("limit", 10), service.MAX_LIMIT)
    type_ = request.GET.get("type", "")
    if type_ and type_ not in registry.sources():
        raise api.BadRequest(_("type must be one of: %(types)s.") % {"types": ", ".join(sorted(registry.sources()))})
    results = service.search(request.GET.get("q", ""), locale, types=(type_,) if type_ else (), limit=limit)
    return api.json_response({
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
    })


@api.json_api(RATE_SCOPE, TOO_MANY)
def suggest_api(request, locale):
    """GET /api/v1/search/suggest?q=&locale=: titles for suggestions as you type."""
    suggestions = service.suggest(request.GET.get("q", ""), locale)
    return api.json_response({"suggestions": [{"title": t, "url": u} for t, u in suggestions]})
