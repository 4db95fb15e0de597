"""Translators always work from the published source.

When a source page is published, its wagtail-localize TranslationSource is
brought up to date at once (wagtail-localize leaves that to a manual "Sync
translated pages"), and the segments whose text changed are recorded with
their old and new text. A minor change (a typo fix in Korean) carries each
existing translation over to the corrected segment, so translations stay up
to date.
"""
import contextvars

from django.db import transaction
from django.utils import timezone
from wagtail_localize.models import StringTranslation, TranslationSource

from translations.models import SegmentChange, SourceChange

# The id of the page the current request publishes as a minor change. Set by
# the edit view's "Publish as a minor change" button (translations/wagtail_hooks.py),
# read when the publication's signal arrives within the same request.
minor_publication = contextvars.ContextVar("minor_publication", default=None)


def _segments(source):
    """{context path: (order, text, string id, context id)} of a source's text segments."""
    segments = source.stringsegment_set.select_related("context", "string")
    return {s.context.path: (s.order, s.string.data, s.string_id, s.context_id) for s in segments}


def _changed_paths(before, after):
    paths = set(before) | set(after)
    changed = [p for p in paths if (before.get(p) or (0, None))[1] != (after.get(p) or (0, None))[1]]
    return sorted(changed, key=lambda p: (after.get(p) or before.get(p))[0])


def _carry_over(before, after, paths):
    """Copy every language's translation of the old text to the new text of the same segment."""
    for path in paths:
        if path not in before or path not in after:
            continue
        _order, _text, old_string, context = before[path]
        new_string = after[path][2]
        for old in StringTranslation.objects.filter(translation_of_id=old_string, context_id=context):
            carried, _created = StringTranslation.objects.update_or_create(
                translation_of_id=new_string, context_id=context, locale_id=old.locale_id,
                defaults={"data": old.data, "translation_type": old.translation_type, "tool_name": old.tool_name,
                          "last_translated_by": old.last_translated_by},
            )
            # Keep the old edit time: the translation was not edited, only carried.
            StringTranslation.objects.filter(pk=carried.pk).update(updated_at=old.updated_at)


@transaction.atomic
def update_source(instance, *, minor=False, user=None):
    """Refresh the TranslationSource of `instance` and record what changed; the SourceChange or None.

    Objects never sent for translation have no source and are left alone.
    """
    source = TranslationSource.objects.filter(object_id=instance.translation_key, locale_id=instance.locale_id).first()
    if source is None:
        return None
    before = _segments(source)
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    after = _segments(source)
    paths = _changed_paths(before, after)
    if not paths:
        return None
    change = SourceChange.objects.create(
        translation_key=instance.translation_key, changed_at=timezone.now(), minor=minor, user=user
    )
    SegmentChange.objects.bulk_create(
        SegmentChange(
            change=change, context_path=path, order=index,
            before=(before.get(path) or (0, ""))[1], after=(after.get(path) or (0, ""))[1],
        )
        for index, path in enumerate(paths)
    )
    if minor:
        _carry_over(before, after, paths)
    return change
