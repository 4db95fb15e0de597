"""The language a post is written in: guessed cheaply, corrected by its author.

Non-Latin scripts name their language well enough for the board (Hangul is
Korean, Thai script Thai...), using the search's script detection. Latin
script could be English, Vietnamese, Indonesian, Uzbek or Filipino: the
guess is the interface language when it is written in Latin script, else
English, and the author corrects it with the form's language menu.
"""
from portal import languages
from search.query import script_language


def detect(text, interface_language):
    """A portal language code for text typed in the interface language `interface_language`."""
    interface = languages.get(interface_language) or languages.get(languages.SOURCE_LANGUAGE)
    found = script_language(text or "")
    if found is None:
        return interface.code if interface.script == "Latn" else "en"
    if found == "zh-hans" and interface.code == "ja":
        return "ja"  # Han characters alone, typed by a Japanese reader
    return found


def choose(requested, text, interface_language):
    """The author's choice when it is a portal language, else the detected language."""
    return requested if languages.get(requested or "") else detect(text, interface_language)
