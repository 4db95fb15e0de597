"""Project-wide promises: complete catalogs, deploy checks, the language table."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import get_language_info, override
from django.utils.translation import gettext as _

from portal import languages

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _has_words(msgid):
    return any(character.isalpha() for character in PLACEHOLDER.sub("", msgid))


def _catalog(code):
    from django.utils.translation import to_locale

    return ROOT / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("code", [c for c in languages.CODES if c != "en"])
def test_interface_catalog_is_complete_and_really_translated(code):
    catalog = polib.pofile(str(_catalog(code)))
    assert catalog.untranslated_entries() == [] and catalog.fuzzy_entries() == []
    assert len(catalog) > 50
    for entry in catalog:
        # A plural entry's text is in msgstr_plural, one form per the language's Plural-Forms.
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            assert form, f"{code}: no translation for {entry.msgid!r}"
            if _has_words(entry.msgid):  # a pattern of placeholders and punctuation may rightly stay as it is
                assert form not in (entry.msgid, entry.msgid_plural), f"{code}: English copied for {entry.msgid!r}"
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


@pytest.mark.parametrize("code", [c for c in languages.CODES if c != "en"])
def test_compiled_catalog_matches_its_source(code):
    compiled = polib.mofile(str(_catalog(code).with_suffix(".mo")))
    source = polib.pofile(str(_catalog(code)))
    def texts(catalog):
        return {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in catalog if e.msgstr or e.msgstr_plural}

    assert texts(compiled) == texts(source)


def test_every_language_is_active_and_known_to_django():
    for code in languages.CODES:
        assert get_language_info(code)["name_local"] == languages.get(code).native_name
        with override(code):
            if code != "en":
                assert _("Skip to content") != "Skip to content", code
    assert get_language_info("ur")["bidi"] is True
    assert dict(settings.LANGUAGES).keys() == set(languages.CODES)


def test_fallback_chains_never_point_to_themselves():
    for language in languages.LANGUAGES:
        chain = languages.fallback_chain(language.code)
        assert language.code not in chain and chain and all(code in languages.BY_CODE for code in chain)


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example",
        # Production refuses to start without the help desk's keys (README "Help desk").
        "HELPDESK_ENCRYPTION_KEYS": "Y2hlY2stZGVwbG95LW5vdC1hLXJlYWwta2V5LTAwMDA=",
        "HELPDESK_HASH_KEY": secrets.token_urlsafe(32),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright by the test settings only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production", "SECRET_KEY": "short"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
