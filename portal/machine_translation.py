"""Machine translation: which provider, from the environment, and clear errors.

wagtail-localize calls the provider; this module chooses it from environment
variables and turns the provider's silence or refusals into messages an
editor can act on (wagtail-localize answers a bare 404 for an unsupported
language pair and a server error when the provider is unreachable).

Providers are asked with a short timeout (MACHINE_TRANSLATION_TIMEOUT) and
through the "translator" circuit breaker: after repeated failures they are
not asked for a while and callers get their "unavailable" answer at once.
"""
from portal import circuit

DEFAULT_TIMEOUT = 5  # seconds; whole seconds, as wagtail-localize's DeepL adapter reads them

PROVIDERS = {
    "deepl": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
    "google": "wagtail_localize.machine_translators.google.GoogleCloudTranslator",
    "libretranslate": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
    "dummy": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}


def translator_setting_from_env(environ):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR from environment variables, or None.

    The first provider whose credentials are present wins, in the order
    DeepL, Google Cloud, LibreTranslate; MACHINE_TRANSLATOR names one
    explicitly ("dummy" is for demonstrations and tests only).
    """
    chosen = environ.get("MACHINE_TRANSLATOR", "").strip().lower()
    # The providers' own defaults (30 s for DeepL) are far longer than a reader waits.
    timeout = max(1, int(environ.get("MACHINE_TRANSLATION_TIMEOUT", DEFAULT_TIMEOUT)))
    if chosen == "dummy":
        return {"CLASS": PROVIDERS["dummy"]}
    if chosen in ("", "deepl") and environ.get("DEEPL_API_KEY"):
        return {"CLASS": PROVIDERS["deepl"], "OPTIONS": {"AUTH_KEY": environ["DEEPL_API_KEY"], "TIMEOUT": timeout}}
    if chosen in ("", "google") and environ.get("GOOGLE_CLOUD_TRANSLATE_PROJECT_ID"):
        # Credentials come from GOOGLE_APPLICATION_CREDENTIALS, as Google's client expects.
        return {
            "CLASS": PROVIDERS["google"],
            "OPTIONS": {"PROJECT_ID": environ["GOOGLE_CLOUD_TRANSLATE_PROJECT_ID"]},
        }
    if chosen in ("", "libretranslate") and environ.get("LIBRETRANSLATE_URL"):
        return {
            "CLASS": PROVIDERS["libretranslate"],
            "OPTIONS": {
                "LIBRETRANSLATE_URL": environ["LIBRETRANSLATE_URL"],
                "API_KEY": environ.get("LIBRETRANSLATE_API_KEY", ""),
                "TIMEOUT": timeout,
            },
        }
    return None


def status(source_locale, target_locales):
    """What the admin should tell editors: the provider and the pairs it refuses."""
    from wagtail_localize.machine_translators import get_machine_translator

    translator = get_machine_translator()
    if translator is None:
        return {"configured": False, "name": "", "unsupported": []}
    unsupported = [
        locale for locale in target_locales if locale != source_locale and not translator.can_translate(source_locale, locale)
    ]
    return {"configured": True, "name": translator.display_name, "unsupported": unsupported}


class MachineTranslationError(Exception):
    """No provider, a refused language pair, or a provider that failed: nothing was translated."""


def breaker():
    return circuit.breaker("translator", failure_threshold=3, reset_after=60.0)


def call_provider(function, *args, **kwargs):
    """function(*args, **kwargs), a call that reaches the provider, through the "translator" breaker.

    Raises circuit.CircuitOpen without calling while the provider is considered down.
    """
    return breaker().call(function, *args, **kwargs)


def _locale(code):
    # The providers read only language_code; an unsaved Locale costs no query.
    from wagtail.models import Locale

    return Locale(language_code=code)


def can_translate(source_language, target_language):
    """True when a provider is configured and takes this pair of portal language codes."""
    from wagtail_localize.machine_translators import get_machine_translator

    translator = get_machine_translator()
    return (translator is not None and source_language != target_language
            and translator.can_translate(_locale(source_language), _locale(target_language)))


def translate_texts(texts, source_language, target_language):
    """Plain texts translated in one call to the configured provider, in order; or MachineTranslationError."""
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.strings import StringValue

    translator = get_machine_translator()
    if translator is None or not can_translate(source_language, target_language):
        raise MachineTranslationError(f"no provider for {source_language} → {target_language}")
    values = [StringValue.from_plaintext(text) for text in texts]
    try:
        translated = call_provider(translator.translate, _locale(source_language), _locale(target_language), values)
        return [translated[value].render_text() for value in values]
    except circuit.CircuitOpen as error:
        raise MachineTranslationError(f"{translator.display_name}: not asked, it failed repeatedly") from error
    except Exception as error:  # providers raise anything from HTTP errors to KeyError on odd JSON
        raise MachineTranslationError(f"{translator.display_name}: {error}") from error


def translate_text(text, source_language, target_language):
    """One plain text translated by the configured provider (see translate_texts)."""
    return translate_texts([text], source_language, target_language)[0]


def provider_name():
    from wagtail_localize.machine_translators import get_machine_translator

    translator = get_machine_translator()
    return str(translator.display_name) if translator else ""
