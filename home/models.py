"""Page types: a home page per locale, a topic index per area, articles."""
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from home import fallback
from home.blocks import ArticleBodyBlock
from home.forms import PortalPageForm
from home.review import PublisherApprovalTask  # noqa: F401  (a model: Django finds it through this module)
from portal import languages, page_cache, topics


class PortalPage(Page):
    """Behaviour every public page shares: fallbacks, translations, caching."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences shown under the title and in lists."))

    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    base_form_class = PortalPageForm

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        if "fallback_for" not in kwargs and fallback.is_untranslated_alias(self):
            shown = fallback.fallback_for(Page.objects.get(pk=self.alias_of_id), self.locale.language_code)
            if shown is None:
                raise Http404
            return shown.specific.serve(request, *args, fallback_for=self.locale.language_code, **kwargs)
        response = super().serve(request, *args, **kwargs)
        response.portal_cacheable = True
        return response

    def get_view_restrictions(self):
        # Wagtail asks on every view (two queries). Restrictions change only
        # through the privacy settings, whose saves start a new cache generation;
        # an empty queryset from none() costs no query for the public pages.
        ids = page_cache.cached_for_generation(
            f"page-restrictions:{self.pk}",
            lambda: list(super(PortalPage, self).get_view_restrictions().values_list("pk", flat=True)),
        )
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)

    def get_context(self, request, *args, fallback_for=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader_language = fallback_for or self.locale.language_code
        chrome = page_cache.cached_for_generation(
            f"page-chrome:{self.pk}:{reader_language}", lambda: self.chrome(reader_language)
        )
        context["translations"] = [(languages.get(code), url) for code, url in chrome["translations"]]
        context["breadcrumbs"] = chrome["breadcrumbs"]
        context["fallback_for"] = languages.get(fallback_for) if fallback_for else None
        context["content_language"] = languages.get(self.locale.language_code)
        return context

    def chrome(self, reader_language):
        """What surrounds the content: real translations and breadcrumbs, as plain data.

        Only publications change it, so it is cached per cache generation.
        """
        translations = [(p.locale.language_code, p.url) for p in fallback.real_translations(self)]
        ancestors = Page.objects.ancestor_of(self).filter(depth__gt=1).values("translation_key")
        crumbs = (
            Page.objects.filter(translation_key__in=ancestors, locale__language_code=reader_language, live=True)
            .filter(fallback.REAL)
            .order_by("depth")
        )
        return {"translations": translations, "breadcrumbs": [(crumb.title, crumb.url) for crumb in crumbs]}

    def get_sitemap_urls(self, request=None):
        if fallback.is_untranslated_alias(self):
            return []
        return super().get_sitemap_urls(request)


class HomePage(PortalPage):
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.TopicIndexPage"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = TopicIndexPage.objects.child_of(self).live().filter(fallback.REAL).specific()
        return context


class TopicIndexPage(PortalPage):
    topic = models.CharField(_("topic"), max_length=32, choices=topics.CHOICES)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ArticlePage"]
    content_panels = PortalPage.content_panels + [FieldPanel("topic")]
    api_fields = PortalPage.api_fields + [APIField("topic")]

    class Meta:
        verbose_name = _("topic index page")

    def route(self, request, path_components):
        """Serve a child missing in this locale from its best real translation."""
        try:
            return super().route(request, path_components)
        except Http404:
            if len(path_components) != 1:
                raise
        reader_language = self.locale.language_code
        candidates = (
            ArticlePage.objects.live()
            .filter(fallback.REAL, slug=path_components[0])
            .filter(self._children_of_all_translations())
            .select_related("locale")
        )
        by_language = {page.locale.language_code: page for page in candidates}
        by_language.pop(reader_language, None)
        shown, _is_fallback = fallback.best_version(by_language, reader_language)
        if shown is None:
            raise Http404
        return RouteResult(shown, kwargs={"fallback_for": reader_language})

    def _children_of_all_translations(self):
        query = models.Q(pk__in=[])
        for parent in Page.objects.filter(translation_key=self.translation_key).only("path", "depth"):
            query |= models.Q(path__startswith=parent.path, depth=parent.depth + 1)
        return query

    def articles(self):
        """Every article of this topic, each in the reader's language or its best fallback.

        Returns dicts with the page, the URL under this locale and whether it
        is a fallback; ordered as the source-language editors ordered them.
        """
        reader_language = self.locale.language_code
        pages = (
            ArticlePage.objects.live()
            .filter(fallback.REAL)
            .filter(self._children_of_all_translations())
            .select_related("locale")
            .order_by("path")
        )
        grouped = {}
        for page in pages:
            grouped.setdefault(page.translation_key, {})[page.locale.language_code] = page
        source_first = sorted(grouped.values(), key=lambda versions: languages.SOURCE_LANGUAGE not in versions)
        own_url = self.get_url()
        items = []
        for versions in source_first:
            shown, is_fallback = fallback.best_version(versions, reader_language)
            url = f"{own_url}{shown.slug}/" if is_fallback else shown.get_url()
            items.append({"page": shown, "url": url, "is_fallback": is_fallback, "language": languages.get(shown.locale.language_code)})
        return items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = self.articles()
        return context


class ArticlePage(PortalPage):
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), use_json_field=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    institution = models.CharField(_("responsible institution"), max_length=200, blank=True)
    institution_url = models.URLField(_("institution website"), blank=True)

    parent_page_types = ["home.TopicIndexPage"]
    subpage_types = []
    search_fields = PortalPage.search_fields + [index.SearchField("body")]
    api_fields = PortalPage.api_fields + [
        APIField("body"),
        APIField("last_reviewed"),
        APIField("institution"),
        APIField("institution_url"),
    ]
    content_panels = PortalPage.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("institution"), FieldPanel("institution_url"), FieldPanel("last_reviewed")],
            heading=_("Responsibility"),
        ),
    ]

    class Meta:
        verbose_name = _("article")
