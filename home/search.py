"""What the portal search indexes of the pages: live, public, real (not alias) articles.

Topic index pages are left out: they are short lists whose intro names every
subject of the topic, so they outranked the article that answers the question.
"""
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction

from search.documents import SearchDocument
from search.registry import SearchSource

TYPE = "page"


def page_text(intro, body=None):
    """The body text the search indexes for an article: its intro, then the searchable
    content of its StreamField `body` (a StreamValue; text, steps, documents, FAQ,
    contact). Pure: bench/search_relevance.py builds the same text without a database."""
    parts = [intro]
    if body is not None:
        parts += [strip_tags(str(text)) for text in body.stream_block.get_searchable_content(body)]
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _body_text(page):
    return page_text(page.intro, getattr(page, "body", None))


def _is_public(page, restricted_paths=None):
    """No view restriction on the page or above it: a private page's words must not show in results."""
    if restricted_paths is None:
        return not page.get_view_restrictions().exists()
    return not any(page.path.startswith(path) for path in restricted_paths)


def _document(page, topic):
    return SearchDocument(
        type=TYPE, id=str(page.pk), key=page.slug, locale=page.locale.language_code,
        title=page.title, body=_body_text(page), url=page.url or "", topic=topic,
    )


class PageSearchSource(SearchSource):
    type = TYPE
    label = _("Page")

    def documents_for(self, obj):
        from home.models import ArticlePage

        page = obj.specific if isinstance(obj, Page) else obj
        if not (isinstance(page, ArticlePage) and page.live and not page.alias_of_id and _is_public(page)):
            return []
        return [_document(page, getattr(page.get_parent().specific, "topic", ""))]

    def all_documents(self):
        """Every live, public, real article; topics and restrictions read once, not per page."""
        from home.models import ArticlePage, TopicIndexPage

        topics = dict(TopicIndexPage.objects.values_list("path", "topic"))
        restricted = set(PageViewRestriction.objects.values_list("page__path", flat=True))
        pages = ArticlePage.objects.live().filter(alias_of__isnull=True).select_related("locale")
        for page in pages.iterator(chunk_size=200):
            if _is_public(page, restricted):
                yield _document(page, topics.get(page.path[: -Page.steplen], ""))
