"""The one table of language facts the whole portal reads.

Interface, content locales, fallbacks, text direction and search
analysis all come from here, so adding a language is one row, not a hunt
through settings, templates and the search code.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # Django/Wagtail language code (BCP 47, lower case)
    name: str  # English name, for admins and logs
    native_name: str  # name in its own script, for the language switcher
    script: str  # ISO 15924
    rtl: bool = False
    # Languages a reader of this one most likely reads when a page is missing.
    fallbacks: tuple = ("en", "ko")
    # The embedded search engine's analyzer for this language (a name in
    # search/analysis), chosen by measurement in bench/search_relevance.py.
    search_analyzer: str = "words"
    # Elasticsearch analysis, best first: the first whose plugin the cluster
    # has is used (recipes in search/elastic/analysis.py).
    es_analyzers: tuple = ("standard",)

    @property
    def staff_name(self):
        """How the admin names the language: native, then English ("Tiếng Việt (Vietnamese)"),
        so staff recognise it whichever of the two they read."""
        if self.native_name == self.name:
            return self.name
        english = self.name.replace(" (", ", ").rstrip(")")  # "Chinese, Simplified": no brackets in brackets
        return f"{self.native_name} ({english})"


SOURCE_LANGUAGE = "ko"

LANGUAGES = (
    Language("ko", "Korean", "한국어", "Kore", fallbacks=("en",), search_analyzer="kiwi+bigrams", es_analyzers=("nori", "cjk_bigram")),
    Language("en", "English", "English", "Latn", fallbacks=("ko",), search_analyzer="stem-english+stop", es_analyzers=("english",)),
    Language("vi", "Vietnamese", "Tiếng Việt", "Latn", search_analyzer="words", es_analyzers=("folded",)),
    Language("zh-hans", "Chinese (Simplified)", "简体中文", "Hans", search_analyzer="bigrams+unigrams", es_analyzers=("smartcn", "cjk_bigram")),
    Language("th", "Thai", "ไทย", "Thai", search_analyzer="thai-words", es_analyzers=("icu", "thai")),
    Language("km", "Khmer", "ខ្មែរ", "Khmr", search_analyzer="words", es_analyzers=("icu", "char_ngram")),
    Language("ne", "Nepali", "नेपाली", "Deva", search_analyzer="bigrams", es_analyzers=("icu", "indic")),
    Language("id", "Indonesian", "Bahasa Indonesia", "Latn", search_analyzer="stem-indonesian", es_analyzers=("indonesian",)),
    Language("uz", "Uzbek", "Oʻzbekcha", "Latn", fallbacks=("ru", "en", "ko"), search_analyzer="words", es_analyzers=("uzbek_latin",)),
    Language("fil", "Filipino", "Filipino", "Latn", search_analyzer="words", es_analyzers=("folded",)),
    Language("ru", "Russian", "Русский", "Cyrl", search_analyzer="stem-russian", es_analyzers=("russian",)),
    Language("ja", "Japanese", "日本語", "Jpan", search_analyzer="words", es_analyzers=("kuromoji", "cjk_bigram")),
    Language("si", "Sinhala", "සිංහල", "Sinh", search_analyzer="bigrams", es_analyzers=("icu", "standard")),
    Language("ur", "Urdu", "اردو", "Arab", rtl=True, search_analyzer="bigrams", es_analyzers=("arabic_script",)),
)

BY_CODE = {language.code: language for language in LANGUAGES}
CODES = tuple(BY_CODE)


def get(code):
    """The Language for a code, or None when the portal is not configured for it."""
    return BY_CODE.get(code)


def fallback_chain(code):
    """Codes to try, in order, when content is missing in `code`."""
    language = BY_CODE.get(code)
    chain = language.fallbacks if language else ("en", SOURCE_LANGUAGE)
    return tuple(c for c in chain if c != code)


def django_languages():
    """The LANGUAGES setting: (code, native name) pairs."""
    return [(language.code, language.native_name) for language in LANGUAGES]


def extend_django_lang_info():
    """Teach Django the languages it has no LANG_INFO for (Filipino, Sinhala).

    Without this, {% get_language_info %} and the admin raise KeyError for
    them; names for the others are corrected to the native ones we show.
    """
    from django.conf.locale import LANG_INFO

    for language in LANGUAGES:
        LANG_INFO[language.code] = {
            "bidi": language.rtl,
            "code": language.code,
            "name": language.name,
            "name_local": language.native_name,
        }
    # Phones set to Tagalog ask for "tl"; Filipino is its standard form.
    for code in ("tl", "tl-ph"):
        LANG_INFO.setdefault(code, {"fallback": ["fil"]})
