"""The source segments that changed since a translation was last published.

Several publications in a row merge into one change per segment: the text
the translator last published from, and the text of now. Segments removed
from the source need no work and are left out.
"""
from dataclasses import dataclass

from wagtail.models import Page
from wagtail_localize.models import String, StringTranslation, Translation

from translations.models import SegmentChange


@dataclass
class ChangedSegment:
    number: int
    path: str
    label: str
    before: str
    after: str
    old_translation: str  # the translation readers see now ("" if none)
    new_translation: str  # already written for the new text ("" if not yet)
    string_id: int
    context_id: int


def open_translation(page):
    """The wagtail-localize Translation whose target is `page`, or None (a source, or unmanaged)."""
    if page is None or getattr(page, "alias_of_id", None):
        return None
    return (
        Translation.objects.filter(source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True)
        .exclude(source__locale_id=page.locale_id)
        .select_related("source", "target_locale")
        .first()
    )


def _since(translation):
    target = translation.get_target_instance()
    if isinstance(target, Page) and target.last_published_at:
        return target.last_published_at
    return translation.created_at


def _label(model, path):
    name = path.split(".", 1)[0]
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # a path that is not a model field (inline panels): show it as it is
        return name


def _translations(locale_id, pairs):
    """{(string id, context id): text} of the target language for (string, context) pairs."""
    if not pairs:
        return {}
    strings = {string for string, _context in pairs}
    rows = StringTranslation.objects.filter(locale_id=locale_id, translation_of_id__in=strings, has_error=False)
    return {(r.translation_of_id, r.context_id): r.data for r in rows if (r.translation_of_id, r.context_id) in pairs}


def changed_segments(translation):
    """[ChangedSegment] in source order, for `translation` since its target was last published."""
    since = _since(translation)
    rows = SegmentChange.objects.filter(
        change__translation_key=translation.source.object_id, change__minor=False, change__changed_at__gt=since
    ).order_by("change__changed_at", "order")
    merged = {}
    for row in rows:
        first = merged.setdefault(row.context_path, [row.before, row.after])
        first[1] = row.after
    current = {
        segment.context.path: segment
        for segment in translation.source.stringsegment_set.select_related("context", "string").order_by("order")
    }
    paths = [path for path, (before, after) in merged.items() if before != after and path in current]
    paths.sort(key=lambda path: current[path].order)
    source_strings = {
        (s.data, s.locale_id): s.id
        for s in String.objects.filter(locale_id=translation.source.locale_id, data__in=[merged[p][0] for p in paths])
    }
    old_pairs = {(source_strings.get((merged[p][0], translation.source.locale_id)), current[p].context_id) for p in paths}
    new_pairs = {(current[p].string_id, current[p].context_id) for p in paths}
    old = _translations(translation.target_locale_id, old_pairs)
    new = _translations(translation.target_locale_id, new_pairs)
    model = translation.source.specific_content_type.model_class()
    result = []
    for number, path in enumerate(paths, start=1):
        segment = current[path]
        old_string = source_strings.get((merged[path][0], translation.source.locale_id))
        result.append(ChangedSegment(
            number=number, path=path, label=_label(model, path), before=merged[path][0], after=merged[path][1],
            old_translation=old.get((old_string, segment.context_id), ""),
            new_translation=new.get((segment.string_id, segment.context_id), ""),
            string_id=segment.string_id, context_id=segment.context_id,
        ))
    return result


def save_translations(translation, texts, user):
    """Store the translator's text for changed segments: {number: text}; empty texts are skipped."""
    saved = 0
    for segment in changed_segments(translation):
        text = (texts.get(segment.number) or "").strip()
        if not text:
            continue
        StringTranslation.objects.update_or_create(
            translation_of_id=segment.string_id, context_id=segment.context_id, locale_id=translation.target_locale_id,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL, "tool_name": "",
                      "last_translated_by": user, "has_error": False, "field_error": ""},
        )
        saved += 1
    return saved
