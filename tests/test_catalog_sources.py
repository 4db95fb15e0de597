"""Every interface string in our code is translated in every catalog.

tests/test_project.py checks the catalogs' own entries; this finds the strings
the code asks for that a catalog does not have at all (a reader would get the
English fallback). The strings are extracted as `makemessages` does (xgettext
on Python and on templates turned into Python by Django's templatize), plus
the N_ marker the importers use for reasons translated later.
"""
import subprocess
from pathlib import Path

import polib
import pytest
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

from portal import languages

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ("accounts", "community", "helpdesk", "home", "portal", "search", "services", "translations")
KEYWORDS = ("gettext_noop", "gettext_lazy", "ngettext_lazy:1,2", "pgettext:1c,2", "npgettext:1c,2,3",
            "pgettext_lazy:1c,2", "npgettext_lazy:1c,2,3", "N_")


def _sources(tmp_path):
    """Python files as they are; templates turned into Python by templatize, in tmp_path."""
    files = []
    for directory in SOURCE_DIRS:
        for path in sorted((ROOT / directory).rglob("*")):
            if "migrations" in path.parts or not path.is_file():
                continue
            if path.suffix == ".py":
                files.append(str(path))
            elif path.suffix in (".html", ".txt") and "templates" in path.parts:
                target = tmp_path / f"{len(files)}.py"
                target.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8")
                files.append(str(target))
    return files


@pytest.fixture(scope="module")
def our_strings(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("strings")
    output = tmp_path / "django.pot"
    subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "--no-location", f"--output={output}",
         *(f"--keyword={keyword}" for keyword in KEYWORDS), *_sources(tmp_path)],
        check=True, capture_output=True)
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(output)) if entry.msgid}


def test_strings_are_found(our_strings):
    assert (None, "Skip to content") in our_strings  # a template
    assert ("language name", "Vietnamese") in our_strings  # Python, with a context
    assert (None, "Unknown day “%(day)s”: use Mo, Tu, We, Th, Fr, Sa, Su or PH.") in our_strings  # marked N_


@pytest.mark.parametrize("code", [code for code in languages.CODES if code != "en"])
def test_every_string_of_ours_is_in_the_catalog(code, our_strings):
    path = ROOT / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po"
    catalog = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path))}
    missing = sorted(our_strings - catalog, key=str)
    assert not missing, f"{code}: {len(missing)} strings missing, e.g. {missing[:5]}"
