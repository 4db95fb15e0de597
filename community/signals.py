"""Keep derived data in step with the board: the search index and image files.

Idempotent: the index reads the thread's state when the transaction commits.
"""
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from community.models import Post, PostImage, Thread
from community.search import TYPE
from search import sync as search_sync


@receiver(post_save, sender=Post)
def reindex_thread(sender, instance, raw=False, **kwargs):
    """The opening post carries the indexed text and the thread's state."""
    if raw or not instance.is_opening_post:
        return
    search_sync.update(TYPE, instance.thread)


@receiver(post_save, sender=Thread)
def reindex_changed_thread(sender, instance, created=False, raw=False, **kwargs):
    if raw or created:  # a new thread is indexed when its opening post is saved
        return
    search_sync.update(TYPE, instance)


@receiver(post_delete, sender=Thread)
def remove_from_index(sender, instance, **kwargs):
    search_sync.remove(TYPE, [instance.pk])


@receiver(post_delete, sender=PostImage)
def delete_image_file(sender, instance, **kwargs):
    """A purged post leaves no file behind."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
