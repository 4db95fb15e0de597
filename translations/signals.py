"""Keep translation sources current, and never let "send for translation" publish.

wagtail-localize, asked to translate a page whose target is an alias (the
source text standing in for a missing translation), turns the alias into a
real page and leaves it live with the source text under the target language:
readers lose their fallback notice and the status says "up to date". The
alias conversion is the one save wagtail-localize makes with exactly
update_fields=["alias_of_id"]; at that moment the page is taken offline, so
readers keep the fallback until a translator publishes.
"""
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from portal import languages
from translations import sync


@receiver(page_published)
def give_translators_the_new_source(sender, instance, revision=None, **kwargs):
    if instance.locale.language_code != languages.SOURCE_LANGUAGE:
        return
    minor = sync.minor_publication.get() == instance.pk
    sync.update_source(instance.specific, minor=minor, user=getattr(revision, "user", None))


@receiver(post_save)
def keep_converted_alias_offline(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page) or update_fields is None or set(update_fields) != {"alias_of_id"}:
        return
    if instance.alias_of_id is not None or not instance.live:
        return
    if instance.locale.language_code == languages.SOURCE_LANGUAGE:
        return
    instance.live = False
    instance.has_unpublished_changes = True
    Page.objects.filter(pk=instance.pk).update(live=False, has_unpublished_changes=True)
    specific = instance.specific_deferred
    # The page cache and search index forget the page as for any unpublication.
    transaction.on_commit(lambda: page_unpublished.send(sender=type(specific), instance=specific))
