"""Read a post in your language: machine translation through the portal's adapter, cached.

The text is translated line by line with the list markers kept out of the
provider's hands, then rendered and sanitised exactly like a post, so a
provider's answer can never bring markup with it.
"""
import re

from django.db import IntegrityError, transaction

from community import markup
from community.models import MachineTranslation
from portal import machine_translation

_MARKER = re.compile(r"^(?P<marker> {0,3}(?:[-*•]|\d{1,3}[.)]) +)?(?P<text>.*)$")


def available(post, language):
    """Whether to offer the translate action for this post to a reader of `language`."""
    return post.language != language and machine_translation.can_translate(post.language, language)


def cached(post, language):
    return MachineTranslation.objects.filter(post=post, language=language).first()


def translate(post, language):
    """The post in `language` (cached); MachineTranslationError when the provider cannot."""
    found = cached(post, language)
    if found is not None:
        return found
    lines = [_MARKER.match(line).groupdict() for line in markup.normalise(post.body_source).split("\n")]
    texts = [line["text"] for line in lines if line["text"].strip()]
    title = post.thread.title if post.is_opening_post else ""
    if title:
        texts.append(title)
    translated = dict(zip(texts, machine_translation.translate_texts(texts, post.language, language)))
    text = "\n".join((line["marker"] or "") + translated.get(line["text"], line["text"]) for line in lines)
    try:
        with transaction.atomic():
            return MachineTranslation.objects.create(
                post=post, language=language, title=translated.get(title, "")[:400], text=text,
                body_html=markup.render(text), provider=machine_translation.provider_name()[:100])
    except IntegrityError:  # translated at the same moment by another reader
        return cached(post, language)
