"""What the portal search indexes of the board: public threads (title and opening post) in their language."""
from django.utils.translation import gettext_lazy as _

from community import markup
from community.constants import Status
from search.documents import SearchDocument
from search.registry import SearchSource

TYPE = "thread"


def document(opening_post):
    thread = opening_post.thread
    return SearchDocument(
        type=TYPE, id=str(thread.pk), key=str(thread.pk), locale=thread.language, title=thread.title,
        body=markup.plain_text(opening_post.body_source), url=thread.get_absolute_url(thread.language),
        topic=thread.topic,
    )


def _public_opening_posts():
    from community.models import Post

    return Post.objects.filter(position=0, status=Status.APPROVED, thread__status=Status.APPROVED).select_related("thread")


class ThreadSearchSource(SearchSource):
    type = TYPE
    label = _("Community")

    def documents_for(self, obj):
        # Read afresh: this runs after the commit, and the object in hand
        # may predate a status change made by a queryset update.
        post = _public_opening_posts().filter(thread_id=obj.pk).first()
        return [document(post)] if post else []

    def all_documents(self):
        for post in _public_opening_posts().iterator(chunk_size=500):
            yield document(post)
