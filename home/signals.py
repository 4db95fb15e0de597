"""Keep derived data in step with the pages: today, the page cache."""
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal import page_cache


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def invalidate_on_page_change(sender, **kwargs):
    page_cache.invalidate()


@receiver(post_delete)
def invalidate_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        page_cache.invalidate()
