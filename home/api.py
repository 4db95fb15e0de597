"""Wagtail's read-only API (v2) for partners: pages by locale and topic, with translations."""
from django.db.models import Q
from rest_framework.fields import Field
from wagtail.api.v2.filters import BaseFilterBackend
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from home import fallback
from portal import topics


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
    translations = TranslationsField(read_only=True)


class PortalPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = PortalPageSerializer
    filter_backends = [TopicFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["topic"])
    meta_fields = PagesAPIViewSet.meta_fields + ["translations"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["translations"]
    detail_only_fields = []

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
