"""Every interface language falls back to English, never to Korean.

Django builds each language's catalog from every app's locale directory and
then, for any language but the default one and English, adds a fallback: the
catalog of settings.LANGUAGE_CODE (DjangoTranslation._add_fallback). Our
LANGUAGE_CODE is "ko", the language content is written in, and it has to stay
"ko": Wagtail's default locale, the root pages and the importers derive from
it. So a Vietnamese admin saw Wagtail's Korean wherever Wagtail's Vietnamese
catalog has a gap ("리포트" for "Reports"), and a Vietnamese translator saw
wagtail-localize's Korean in the React editor.

The rule of the portal is: a reader or a member of staff using language L sees
L, then English, and never Korean they did not ask for. Korean is just another
interface language, so ko gets the same English fallback as the others.

install() replaces that one method of Django's DjangoTranslation, for the
"django" domain (templates, Python) and every other domain ("djangojs", read by
JavaScriptCatalog, which walks the same fallback chain to build the catalog it
sends to the browser). It is called from PortalConfig.ready(), before any
request; Django keeps one DjangoTranslation per language, so the caches are
emptied in case anything translated before.
"""
from django.utils.translation import trans_real

FALLBACK_LANGUAGE = "en"


def english_fallback(self, localedirs=None):
    """DjangoTranslation._add_fallback, with English where Django puts LANGUAGE_CODE.

    English has no fallback (its msgids are the English text). The English
    catalog, not a bare NullTranslations, is the fallback so that a corrected
    English wording in some app's "en" catalog is honoured too.
    """
    if self.language().startswith(FALLBACK_LANGUAGE):
        return
    if self.domain == "django":
        english = trans_real.translation(FALLBACK_LANGUAGE)  # cached, like Django's own fallback
    else:
        english = trans_real.DjangoTranslation(FALLBACK_LANGUAGE, domain=self.domain, localedirs=localedirs)
    self.add_fallback(english)


def install():
    """Make english_fallback Django's fallback rule (idempotent)."""
    translation_class = trans_real.DjangoTranslation
    # Fail at start-up, not silently, if a Django upgrade renames the method we replace.
    if not callable(getattr(translation_class, "_add_fallback", None)):
        raise RuntimeError("Django's DjangoTranslation has no _add_fallback: review portal/gettext_fallback.py")
    if translation_class._add_fallback is english_fallback:
        return
    translation_class._add_fallback = english_fallback
    # Catalogs built before this point (none in a normal start) still point at Korean.
    trans_real._translations = {}
    trans_real._default = None
