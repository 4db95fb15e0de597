"""The demo articles of home/demo/*.jsonl, for `load_demo`: each article in each language created once.

The file goes through the page importer (home.importer), but only its lines
for articles the demo never created and that are not there: an article an
editor changed, unpublished, moved or deleted stays as the editor left it
(portal.demo). A translation whose Korean article is gone is left out too. A
file may hold only translations (articles-d*.jsonl) of articles an earlier
file (in name order) created.
"""
from pathlib import Path

from home.importer import import_lines, parse
from home.models import ArticlePage
from portal import demo, languages

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def demo_files():
    return sorted(DEMO_DIR.glob("*.jsonl"))


def _existing(key, locale_code):
    """The article of this key in this language, or None; a translation is found through its source,
    so an editor may rename its slug."""
    source = ArticlePage.objects.filter(locale__language_code=languages.SOURCE_LANGUAGE, slug=key).first()
    if locale_code == languages.SOURCE_LANGUAGE or source is None:
        return source
    return ArticlePage.objects.filter(locale__language_code=locale_code,
                                      translation_key=source.translation_key).first()


def _name(data):
    return f"article:{data['locale']}:{data['key']}"


def _lines_to_create(entries, known):
    """The (line number, data) entries to import, Korean first; the others counted as unchanged."""
    chosen, unchanged = [], 0
    sources = set()  # keys whose Korean article is there or is about to be created
    for line_number, data in sorted(entries, key=lambda entry: entry[1]["locale"] != languages.SOURCE_LANGUAGE):
        existing = _existing(data["key"], data["locale"])
        if data["locale"] == languages.SOURCE_LANGUAGE and existing is not None:
            sources.add(data["key"])
        if not demo.needs_creating(_name(data), existing, known):
            unchanged += 1
        elif (data["locale"] == languages.SOURCE_LANGUAGE or data["key"] in sources
              or _existing(data["key"], languages.SOURCE_LANGUAGE) is not None):  # from an earlier file
            chosen.append((line_number, data))
            sources.add(data["key"])
        else:
            unchanged += 1  # the editors removed the Korean article: its translation is not brought back
    return chosen, unchanged


def load_file(path, known):
    """Create what is missing of one demo file; returns (demo.Tally, number of lines, number of articles).
    home.importer.ImportLineError when the file is not valid (nothing is imported then)."""
    texts = path.read_text(encoding="utf-8").splitlines()
    entries = parse(texts)
    chosen, unchanged = _lines_to_create(entries, known)
    tally = demo.Tally(unchanged=unchanged)
    if chosen:
        tally.created = import_lines([texts[line_number - 1] for line_number, _data in chosen]).created
        for _line_number, data in chosen:
            demo.remember(_existing(data["key"], data["locale"]), _name(data))
    return tally, len(entries), len({data["key"] for _line_number, data in entries})
