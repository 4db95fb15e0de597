"""`import_pages`: JSON Lines of articles into the page tree, all or nothing.

Each line: {"key", "locale", "topic", "title", "intro", "body"} and, for
richer articles, optional "steps", "documents", "contact", "faq",
"institution", "institution_url", "last_reviewed". Source-locale lines make
the page under its topic; other lines become its translations (same
translation key, slug = key). Unchanged lines write nothing; changed ones
publish a new revision. Every line is checked before anything is written,
and the writes run in one transaction. Control characters are refused in
every value (tabs and line breaks only where a text has lines), so SQLite and
PostgreSQL (which refuses NUL) take the same files.
"""
import datetime
import json
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Locale

from home import structure
from home.models import ArticlePage
from portal import control_characters, languages, topics

REQUIRED = ("key", "locale", "topic", "title", "intro", "body")
OPTIONAL_TEXT = ("institution", "institution_url", "last_reviewed")
OPTIONAL_LISTS = ("steps", "documents", "faq")
# Values that are text with lines (paragraphs, an address, opening hours): tabs and line breaks allowed.
MULTILINE_KEYS = {"intro", "body", "text", "answer", "address", "hours"}


class ImportLineError(Exception):
    def __init__(self, line_number, reason):
        self.line_number = line_number
        self.reason = reason
        super().__init__(f"line {line_number}: {reason}")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines: int = 0
    keys: set = field(default_factory=set)


def _paragraphs_html(text):
    paragraphs = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)


def _check_strings(data, names, line_number, *, required):
    for name in names:
        value = data.get(name)
        if value is None and not required:
            continue
        if not isinstance(value, str):
            raise ImportLineError(line_number, f'"{name}" must be a string')
        if required and not value.strip():
            raise ImportLineError(line_number, f'"{name}" must not be empty')


def _check_structured(data, line_number):
    for name in OPTIONAL_LISTS:
        if name in data and not isinstance(data[name], list):
            raise ImportLineError(line_number, f'"{name}" must be a list')
    for step in data.get("steps", []):
        if not isinstance(step, dict) or not isinstance(step.get("title"), str) or not step["title"].strip():
            raise ImportLineError(line_number, 'each of "steps" needs a "title"')
    if not all(isinstance(item, str) and item.strip() for item in data.get("documents", [])):
        raise ImportLineError(line_number, '"documents" must be a list of non-empty strings')
    for item in data.get("faq", []):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item[k].strip() for k in ("question", "answer")):
            raise ImportLineError(line_number, 'each of "faq" needs a "question" and an "answer"')
    contact = data.get("contact")
    if contact is not None and (not isinstance(contact, dict) or not str(contact.get("name", "")).strip()):
        raise ImportLineError(line_number, '"contact" must be an object with a "name"')
    if data.get("last_reviewed"):
        try:
            datetime.date.fromisoformat(data["last_reviewed"])
        except ValueError:
            raise ImportLineError(line_number, '"last_reviewed" must be a date like 2026-10-15') from None
    for url in (data.get("institution_url"), (contact or {}).get("url")):
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise ImportLineError(line_number, f"not a valid web address: {url}") from None


def _check_control_characters(value, line_number, path="", multiline=False):
    """ImportLineError naming the first value (e.g. "steps[2].title") holding a control character."""
    if isinstance(value, str):
        allowed = control_characters.LINE_BREAKS_AND_TABS if multiline else ""
        found = control_characters.find(value, allowed)
        if found is not None:
            raise ImportLineError(line_number, f'"{path}" contains the control character {found[1]} '
                                               f"(at character {found[0] + 1})")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_control_characters(item, line_number, f"{path}.{key}" if path else key, key in MULTILINE_KEYS)
    elif isinstance(value, list):
        for index, item in enumerate(value, start=1):
            _check_control_characters(item, line_number, f"{path}[{index}]", multiline)


def _decode(line_number, text):
    """The line's JSON; ImportLineError pointing where the problem is (the end of the line for an
    object left open, not "column 1" of the next line)."""
    text = text.rstrip("\r\n")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()):
            reason = "the JSON object is not closed at the end of the line (a } or ] is missing)"
        else:
            where = "column" if error.msg.endswith(" at") else "at column"  # "Unterminated string starting at"
            reason = f"not valid JSON ({error.msg} {where} {error.colno})"
        raise ImportLineError(line_number, reason) from None


def parse_line(line_number, text):
    """One line to a checked dict, or ImportLineError saying what is wrong."""
    data = _decode(line_number, text)
    if not isinstance(data, dict):
        raise ImportLineError(line_number, "each line must be a JSON object")
    _check_control_characters(data, line_number)
    missing = [name for name in REQUIRED if name not in data]
    if missing:
        raise ImportLineError(line_number, f"missing field(s): {', '.join(missing)}")
    _check_strings(data, ("key", "locale", "topic", "title"), line_number, required=True)
    _check_strings(data, ("intro", "body", *OPTIONAL_TEXT), line_number, required=False)
    if data["locale"] not in languages.BY_CODE:
        raise ImportLineError(line_number, f'locale "{data["locale"]}" is not one of: {", ".join(languages.CODES)}')
    if data["topic"] not in topics.KEYS:
        raise ImportLineError(line_number, f'topic "{data["topic"]}" is not one of: {", ".join(topics.KEYS)}')
    if slugify(data["key"]) != data["key"] or len(data["key"]) > 200:
        raise ImportLineError(line_number, f'key "{data["key"]}" must be lower-case letters, digits and hyphens')
    if len(data["title"]) > 255:
        raise ImportLineError(line_number, "title is longer than 255 characters")
    _check_structured(data, line_number)
    return data


def parse(lines):
    """All lines checked, with cross-line rules: one topic per key, no duplicates."""
    entries, seen, topic_of = [], {}, {}
    for line_number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        data = parse_line(line_number, text)
        identity = (data["key"], data["locale"])
        if identity in seen:
            raise ImportLineError(line_number, f'key "{data["key"]}" in locale "{data["locale"]}" is already on line {seen[identity]}')
        seen[identity] = line_number
        if topic_of.setdefault(data["key"], (data["topic"], line_number))[0] != data["topic"]:
            first_topic, first_line = topic_of[data["key"]]
            raise ImportLineError(line_number, f'key "{data["key"]}" has topic "{first_topic}" on line {first_line}')
        entries.append((line_number, data))
    return entries


def _block_id(key, path):
    # Stable across imports and languages: wagtail-localize matches segments
    # by block id, so a re-import must not make translators start over.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"portal-import:{key}:{path}"))


def _items(key, path, values):
    """ListBlock items in block format; wagtail-localize skips plain lists."""
    return [{"type": "item", "value": value, "id": _block_id(key, f"{path}.{index}")} for index, value in enumerate(values)]


def body_blocks(data):
    """The article's StreamField content, in raw form, from an import line."""
    key = data["key"]
    blocks = []
    if data["body"].strip():
        blocks.append(("text", _paragraphs_html(data["body"])))
    if data.get("steps"):
        steps = [{"title": s["title"], "text": s.get("text", "")} for s in data["steps"]]
        blocks.append(("steps", {"heading": "", "steps": _items(key, "steps", steps)}))
    if data.get("documents"):
        blocks.append(("documents", {"heading": "", "items": _items(key, "documents", data["documents"])}))
    if data.get("faq"):
        questions = [{"question": q["question"], "answer": _paragraphs_html(q["answer"])} for q in data["faq"]]
        blocks.append(("faq", {"heading": "", "questions": _items(key, "faq", questions)}))
    if data.get("contact"):
        contact = {name: str(data["contact"].get(name) or "") for name in ("name", "phone", "address", "url", "hours")}
        blocks.append(("contact", contact))
    return [{"type": kind, "value": value, "id": _block_id(key, kind)} for kind, value in blocks]


def _without_ids(value):
    if isinstance(value, dict):
        if set(value) >= {"type", "value"} and value.get("type") == "item":
            return _without_ids(value["value"])
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _normalised_body(page):
    stream_block = ArticlePage._meta.get_field("body").stream_block
    return _without_ids(stream_block.get_prep_value(page.body))


def _apply(page, data):
    """Set the line's content on `page`; True when anything changed."""
    before = (page.title, page.intro, page.institution, page.institution_url, page.last_reviewed, _normalised_body(page) if page.pk else None)
    page.title = data["title"]
    page.intro = data["intro"]
    page.institution = data.get("institution", "")
    page.institution_url = data.get("institution_url", "")
    page.last_reviewed = datetime.date.fromisoformat(data["last_reviewed"]) if data.get("last_reviewed") else None
    page.body = body_blocks(data)
    after = (page.title, page.intro, page.institution, page.institution_url, page.last_reviewed, _normalised_body(page))
    return before != after


def _save_source(data, locale, report):
    parent = structure.topic_page(data["topic"], locale)
    page = ArticlePage.objects.filter(locale=locale, slug=data["key"]).first()
    if page is None:
        page = ArticlePage(slug=data["key"], locale=locale, live=False)
        _apply(page, data)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created += 1
        return
    if page.get_parent().id != parent.id:
        raise ValueError(f'key "{data["key"]}" is already under another topic; move it in the admin first')
    _publish_if_changed(page, data, report)


def _publish_if_changed(page, data, report):
    if page.alias_of_id:
        page.alias_of = None  # an alias stood in for this translation; now it is a real one
        changed = True
    else:
        changed = False
    if _apply(page, data) or changed or not page.live or page.has_unpublished_changes:
        page.save_revision().publish()
        report.updated += 1
    else:
        report.unchanged += 1


def _save_translation(data, locale, source_locale, report):
    source = ArticlePage.objects.filter(locale=source_locale, slug=data["key"]).first()
    if source is None:
        raise ValueError(f'no {source_locale.language_code} page with key "{data["key"]}": import the source language first')
    page = ArticlePage.objects.filter(locale=locale, translation_key=source.translation_key).first()
    if page is None:
        page = source.copy_for_translation(locale)
        page.slug = data["key"]
        _apply(page, data)
        page.save()
        page.save_revision().publish()
        report.created += 1
        return
    _publish_if_changed(page, data, report)


def import_lines(lines):
    """Import JSON Lines; returns an ImportReport or raises ImportLineError, writing nothing."""
    entries = parse(lines)
    report = ImportReport(lines=len(entries))
    source_code = languages.SOURCE_LANGUAGE
    # The source language first, so translations find their page.
    ordered = sorted(entries, key=lambda entry: entry[1]["locale"] != source_code)
    with transaction.atomic():
        structure.ensure_site_structure()
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        for line_number, data in ordered:
            try:
                if data["locale"] == source_code:
                    _save_source(data, locales[source_code], report)
                else:
                    _save_translation(data, locales[data["locale"]], locales[source_code], report)
            except (ValueError, ValidationError) as error:
                raise ImportLineError(line_number, "; ".join(getattr(error, "messages", [str(error)]))) from None
            report.keys.add(data["key"])
    return report
