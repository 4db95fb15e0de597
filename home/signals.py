"""Keep derived data in step with the pages: the page cache and the search index."""
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.search import TYPE as SEARCH_TYPE
from portal import page_cache
from search import sync as search_sync


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def invalidate_on_page_change(sender, **kwargs):
    page_cache.invalidate()


@receiver(page_published)
@receiver(page_unpublished)
def reindex_page(sender, instance, **kwargs):
    search_sync.update(SEARCH_TYPE, instance)


@receiver(post_page_move)
def reindex_moved_pages(sender, instance, **kwargs):
    # Every URL under the moved page changed.
    search_sync.update_many(SEARCH_TYPE, Page.objects.descendant_of(instance, inclusive=True).specific())


@receiver(post_delete)
def invalidate_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        page_cache.invalidate()
        search_sync.remove(SEARCH_TYPE, [instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def invalidate_on_privacy_change(sender, instance, **kwargs):
    # A page made private must stop being served from any cache, and leave
    # the search index, at once (with the pages under it).
    page_cache.invalidate()
    if isinstance(instance, PageViewRestriction):
        pages = Page.objects.descendant_of(instance.page, inclusive=True).specific()
        search_sync.update_many(SEARCH_TYPE, pages)
