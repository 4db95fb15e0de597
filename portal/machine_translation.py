"""Machine translation: which provider, from the environment, and clear errors.

wagtail-localize calls the provider; this module chooses it from environment
variables and turns the provider's silence or refusals into messages an
editor can act on (wagtail-localize answers a bare 404 for an unsupported
language pair and a server error when the provider is unreachable).
"""

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
    if chosen == "dummy":
        return {"CLASS": PROVIDERS["dummy"]}
    if chosen in ("", "deepl") and environ.get("DEEPL_API_KEY"):
        return {"CLASS": PROVIDERS["deepl"], "OPTIONS": {"AUTH_KEY": environ["DEEPL_API_KEY"]}}
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
