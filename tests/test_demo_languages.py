"""The demo shows the real thing: at least 8 articles in all 14 languages, each version complete."""
import json
from collections import defaultdict
from pathlib import Path

from home.importer import parse
from portal import languages

DEMO = Path(__file__).resolve().parents[1] / "home" / "demo"
HANGUL = range(0xAC00, 0xD7A4)


def _versions():
    versions = defaultdict(dict)
    for path in sorted(DEMO.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        parse(lines)  # the importer's own checks (fields, topics, one line per key and language)
        for line in lines:
            entry = json.loads(line)
            versions[entry["key"]][entry["locale"]] = entry
    return versions


def test_at_least_eight_articles_exist_in_every_language():
    complete = [key for key, by_language in _versions().items() if set(languages.CODES) <= set(by_language)]
    assert len(complete) >= 8, complete


def test_every_version_has_the_korean_articles_parts_and_facts():
    for key, by_language in _versions().items():
        korean = by_language["ko"]
        for code, entry in by_language.items():
            assert set(entry) == set(korean), (key, code)
            for part in ("steps", "faq", "documents"):
                assert len(entry.get(part) or []) == len(korean.get(part) or []), (key, code, part)
            assert entry["body"].count("\n\n") == korean["body"].count("\n\n"), (key, code)
            assert (entry.get("contact") or {}).get("phone") == (korean.get("contact") or {}).get("phone"), (key, code)
            if code != "ko":  # translated, not Korean copied (Korean terms in brackets are fine)
                hangul = sum(1 for character in entry["body"] if ord(character) in HANGUL)
                assert hangul < len(entry["body"]) / 10, (key, code)
