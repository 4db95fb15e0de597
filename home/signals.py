"""Keep derived data in step with the pages: today, the page cache."""
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
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


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def invalidate_on_privacy_change(sender, **kwargs):
    # A page made private must stop being served from any cache at once.
    page_cache.invalidate()
