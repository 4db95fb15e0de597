"""Wagtail's read-only API (v2) for partners: pages by locale and topic, with translations.

Errors are Wagtail's {"message": …} with status 400 or 404, never a 500: the
parameters Wagtail passes to the database unchecked (a huge offset, a control
character) are checked here first. The URLs it gives (detail_url, html_url)
name the host the request came in on, as the reader or partner reached it.
"""
from urllib.parse import urlsplit

from django.db.models import Q
from django.urls import NoReverseMatch
from rest_framework.exceptions import APIException
from rest_framework.fields import Field, SkipField
from wagtail.api.v2.filters import BaseFilterBackend, LocaleFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageAliasOfField, PageParentField, PageSerializer, get_serializer_class
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from home import fallback
from portal import control_characters, languages, topics

# The largest offset every database takes (a 32-bit integer): past it SQLite
# and PostgreSQL fail instead of answering an empty page.
MAX_OFFSET = 2**31 - 1


class TopicFilter(BaseFilterBackend):
    """`?topic=housing`: pages in that topic area, in any locale."""

    def filter_queryset(self, request, queryset, view):
        topic = request.GET.get("topic")
        if not topic:
            return queryset
        if topic not in topics.KEYS:
            raise BadRequestError(f"topic must be one of: {', '.join(topics.KEYS)}")
        from home.models import TopicIndexPage

        query = Q(pk__in=[])
        for index_page in TopicIndexPage.objects.filter(topic=topic).only("path"):
            query |= Q(path__startswith=index_page.path)
        return queryset.filter(query)


class KnownLocaleFilter(LocaleFilter):
    """`?locale=vi`: an unknown code is a bad parameter (400 listing the codes), not a missing page."""

    def filter_queryset(self, request, queryset, view):
        if "locale" in request.GET and not languages.get(request.GET["locale"]):
            raise BadRequestError(f"locale must be one of: {', '.join(languages.CODES)}")
        return super().filter_queryset(request, queryset, view)


class NoSearchFilter(SearchFilter):
    """`?search=` cannot work here (the filter that hides aliases is not in Wagtail's search index):
    say where searching is."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET:
            raise BadRequestError("search is not offered by this API: use /api/v1/search?q=…&locale=…")
        return queryset


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        try:
            too_far = int(request.GET.get("offset", 0)) > MAX_OFFSET
        except ValueError:
            too_far = False  # Wagtail's own message says what is wrong
        if too_far:
            raise BadRequestError(f"offset must be a whole number from 0 to {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class RequestHostDetailUrlField(Field):
    """detail_url on the host the request came in on (Wagtail's names WAGTAILAPI_BASE_URL or the site's)."""

    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField
        return self.context["request"].build_absolute_uri(path)

    def to_representation(self, url):
        return url


class RequestHostHtmlUrlField(Field):
    """html_url: the page's own URL on the host the request came in on (another site's, in full)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        request = self.context["request"]
        try:
            url = page.get_url(request)
        except NoReverseMatch:
            return None
        return request.build_absolute_uri(url) if url else None


class _RelatedPageMixin:
    """parent and alias_of, serialised with the portal's fields (Wagtail's serialiser would name the
    configured host)."""

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__, ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"], base=PortalPageSerializer)
        return serializer_class(context=self.context).to_representation(value)


class ParentField(_RelatedPageMixin, PageParentField):
    pass


class AliasOfField(_RelatedPageMixin, PageAliasOfField):
    pass


class TranslationsField(Field):
    """The real translations of a page: [{"locale", "id", "title", "url"}]."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        by_key = self.context["view"].translations_by_key(self.context["request"])
        return [
            {"locale": p.locale.language_code, "id": p.id, "title": p.title, "url": p.get_url(self.context["request"])}
            for p in by_key.get(page.translation_key, [])
        ]


class PortalPageSerializer(PageSerializer):
    detail_url = RequestHostDetailUrlField(read_only=True)
    html_url = RequestHostHtmlUrlField(read_only=True)
    parent = ParentField(read_only=True)
    alias_of = AliasOfField(read_only=True)
    translations = TranslationsField(read_only=True)


class PortalPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = PortalPageSerializer
    pagination_class = BoundedPagination
    filter_backends = [TopicFilter, *(
        {LocaleFilter: KnownLocaleFilter, SearchFilter: NoSearchFilter}.get(backend, backend)
        for backend in PagesAPIViewSet.filter_backends)]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["topic"])
    meta_fields = PagesAPIViewSet.meta_fields + ["translations"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["translations"]
    detail_only_fields = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # PostgreSQL refuses NUL even in a lookup (?locale=, ?html_path=, a field filter): a 500 otherwise.
        if control_characters.in_query(request.GET):
            raise BadRequestError("query parameters must not contain control characters")

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, APIException) and isinstance(response.data, dict) and "detail" in response.data:
            # Django REST framework's {"detail"} (a 405, say) in Wagtail's error shape.
            response.data = {"message": str(response.data["detail"])}
        return response

    def find_view(self, request):
        response = super().find_view(request)
        # Wagtail redirects to the site's configured host: send the client to the same path on its own.
        target = urlsplit(response["Location"])
        path = f"{target.path}?{target.query}" if target.query else target.path
        response["Location"] = request.build_absolute_uri(path)
        return response

    def get_queryset(self):
        # Aliases standing in for untranslated pages are not translations.
        return super().get_queryset().filter(fallback.REAL).select_related("locale")

    def paginate_queryset(self, queryset):
        self._page_list = list(super().paginate_queryset(queryset))
        return self._page_list

    def translations_by_key(self, request):
        """One query for the translations of every page in this response."""
        if not hasattr(self, "_translations_by_key"):
            pages = getattr(self, "_page_list", None)
            if pages is None:
                pages = [self.get_object()]
            keys = {p.translation_key for p in pages}
            result = {}
            for page in Page.objects.filter(translation_key__in=keys, live=True).filter(fallback.REAL).select_related("locale").order_by("locale__language_code"):
                result.setdefault(page.translation_key, []).append(page)
            self._translations_by_key = result
        return self._translations_by_key


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
