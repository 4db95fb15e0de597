"""What the portal search indexes of the pages: live, public, real (not alias) articles.

Topic index pages are left out: they are short lists whose intro names every
subject of the topic, so they outranked the article that answers the question.
"""
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

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


def _topic(page):
    return getattr(page.get_parent().specific, "topic", "")


def _indexable(page):
    from home.models import ArticlePage

    return (
        isinstance(page, ArticlePage)
        and page.live
        and not page.alias_of_id
        # A private page's words must not show in anyone's results.
        and not page.get_view_restrictions().exists()
    )


class PageSearchSource(SearchSource):
    type = TYPE
    label = _("Page")

    def documents_for(self, obj):
        page = obj.specific if isinstance(obj, Page) else obj
        if not _indexable(page):
            return []
        return [SearchDocument(
            type=TYPE, id=str(page.pk), key=page.slug, locale=page.locale.language_code,
            title=page.title, body=_body_text(page), url=page.url or "", topic=_topic(page),
        )]

    def all_documents(self):
        from home.models import ArticlePage

        pages = ArticlePage.objects.live().filter(alias_of__isnull=True).select_related("locale")
        for page in pages.iterator(chunk_size=200):
            yield from self.documents_for(page)
