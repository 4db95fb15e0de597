"""The fixed part of the content tree: locales, a home page per locale, topic areas.

Idempotent, so `make run`, the importer and tests can all call it. Titles
come from the interface catalogs, so each locale's home and topic pages are
real translations from the start (not aliases showing Korean text).
"""
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from portal import topics
from home.models import HomePage, TopicIndexPage
from portal import languages


def _publish(page):
    page.save_revision().publish()


def _home_texts():
    return {"title": _("Gyeonggi Immigrant Portal"), "intro": _("Information for living in Gyeonggi-do, in your language.")}


def _topic_texts(key):
    return {"title": str(topics.LABELS[key]), "intro": str(topics.INTROS[key])}


def ensure_locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in languages.CODES}


def _ensure_translation(source, locale, texts):
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    with translation.override(locale.language_code):
        values = texts()
    page = source.copy_for_translation(locale)
    if page.depth == 2:
        page.slug = locale.language_code  # homes are siblings under the tree root
    for field, value in values.items():
        setattr(page, field, value)
    page.save()
    _publish(page)
    return page


@transaction.atomic
def ensure_site_structure():
    """Create whatever is missing of: locales, homes, topic indexes, the default site."""
    locales = ensure_locales()
    source_locale = locales[languages.SOURCE_LANGUAGE]
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2, locale=source_locale).first()
    if home is None:
        with translation.override(languages.SOURCE_LANGUAGE):
            home = root.add_child(instance=HomePage(slug=languages.SOURCE_LANGUAGE, locale=source_locale, live=False, **_home_texts()))
        _publish(home)
    _point_default_site_at(home)

    for code, locale in locales.items():
        if code != languages.SOURCE_LANGUAGE:
            _ensure_translation(home, locale, _home_texts)

    for key in topics.KEYS:
        topic_page = TopicIndexPage.objects.child_of(home).filter(topic=key).first()
        if topic_page is None:
            with translation.override(languages.SOURCE_LANGUAGE):
                topic_page = home.add_child(
                    instance=TopicIndexPage(slug=topics.SLUGS[key], topic=key, locale=source_locale, live=False, **_topic_texts(key))
                )
            _publish(topic_page)
        for code, locale in locales.items():
            if code != languages.SOURCE_LANGUAGE:
                _ensure_translation(topic_page, locale, lambda key=key: _topic_texts(key))
    return home


def _point_default_site_at(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="")
        return
    if site.root_page_id != home.id:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's "Welcome" placeholder page has no purpose once the portal has a home.
        if type(old_root.specific) is Page and old_root.depth == 2 and not old_root.get_children().exists():
            old_root.delete()


def topic_page(key, locale):
    """The topic index page for `key` in `locale` (must exist: call ensure_site_structure first)."""
    return TopicIndexPage.objects.get(topic=key, locale=locale)
