"""Slugs every reader can type and read: Korean romanised, anything else reduced to ASCII.

A page's slug is copied by each of its translations, so a Korean slug
(/vi/체류기간-연장/) would sit in the address of every language. romanise()
writes Hangul in the Revised Romanization of Korean (문화체육관광부 2000, the
one on Korean road signs and in the passport office's examples), and
readable_slug() makes an ASCII slug of a title or of a slug typed by an
editor. An editor's own ASCII slug (an English one, say) is left alone.

Each syllable is taken apart arithmetically (U+AC00 + (initial × 21 + medial)
× 28 + final) and written with the RR tables below. The sound changes RR
writes are applied between two syllables of the same word (a run of Hangul):

- linking: a final consonant before a syllable starting with silent ㅇ is
  read as that syllable's initial (외국인 oegugin, 출입국 churipguk); of a
  double final, the second consonant moves (읽어 ilgeo); ㅎ falls silent
  (좋아 joa);
- finals as pronounced: ㄱ ㄲ ㅋ → k, ㄷ ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ → t, ㅂ ㅍ → p
  (and double finals by their pronounced consonant: 닭 dak, 값 gap);
- nasalisation: k t p before ㄴ or ㅁ become ng n m (국민 gungmin, 합니다
  hamnida);
- ㄹ after ㅁ ㅇ k p is read n (등록 deungnok, 독립 dongnip, 왕십리 wangsimni);
  ㄴ next to ㄹ is read l (신라 silla, 설날 seollal);
- palatalisation: ㄷ ㅌ before 이 are read j ch (같이 gachi, 해돋이 haedoji);
- aspiration: ㅎ before ㄱ ㄷ ㅈ, and ㅈ before ㅎ, make k t ch (좋고 joko,
  맞히다 machida); ㄱ ㄷ ㅂ before ㅎ keep the h, as RR writes nouns (국회
  gukhoe, 집현전 jiphyeonjeon), slugs being mostly nouns.

Not covered (they need a dictionary or the grammar): the n inserted in
compounds (국민연금 is read gungminnyeongeum, here gungminyeongeum), verb
aspiration after ㄱ ㄷ ㅂ (잡혀 japyeo, here japhyeo), ㄴㄹ read nn in some
words (의견란 uigyeonnan, here uigyeollan), the exceptions of double finals
(밟다 bapda), RR's optional hyphen between ambiguous syllables (중앙 jung-ang),
capitals of proper names, and loose jamo (ㄱ, ㅏ), which are dropped.
"""
import re
import unicodedata

from django.utils.text import slugify

FIRST_SYLLABLE, LAST_SYLLABLE = 0xAC00, 0xD7A3
MEDIALS_PER_INITIAL, FINALS_PER_MEDIAL = 21, 28

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
FINALS = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ",
          "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")
# RR tables: a consonant as an initial (silent ㅇ writes nothing), the 21 vowels in Unicode order.
INITIAL_LATIN = {"ㄱ": "g", "ㄲ": "kk", "ㄴ": "n", "ㄷ": "d", "ㄸ": "tt", "ㄹ": "r", "ㅁ": "m", "ㅂ": "b", "ㅃ": "pp",
                 "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": "j", "ㅉ": "jj", "ㅊ": "ch", "ㅋ": "k", "ㅌ": "t", "ㅍ": "p",
                 "ㅎ": "h"}
MEDIAL_LATIN = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
                "yu", "eu", "ui", "i")
# A final as pronounced at the end of a syllable: one of seven consonants.
FINAL_SOUND = {"": "", "ㄱ": "ㄱ", "ㄲ": "ㄱ", "ㅋ": "ㄱ", "ㄳ": "ㄱ", "ㄺ": "ㄱ", "ㄴ": "ㄴ", "ㄵ": "ㄴ", "ㄶ": "ㄴ",
               "ㄷ": "ㄷ", "ㅅ": "ㄷ", "ㅆ": "ㄷ", "ㅈ": "ㄷ", "ㅊ": "ㄷ", "ㅌ": "ㄷ", "ㅎ": "ㄷ", "ㄹ": "ㄹ", "ㄼ": "ㄹ",
               "ㄽ": "ㄹ", "ㄾ": "ㄹ", "ㅀ": "ㄹ", "ㅁ": "ㅁ", "ㄻ": "ㅁ", "ㅂ": "ㅂ", "ㅍ": "ㅂ", "ㅄ": "ㅂ", "ㄿ": "ㅂ",
               "ㅇ": "ㅇ"}
SOUND_LATIN = {"": "", "ㄱ": "k", "ㄴ": "n", "ㄷ": "t", "ㄹ": "l", "ㅁ": "m", "ㅂ": "p", "ㅇ": "ng"}
NASAL = {"ㄱ": "ng", "ㄷ": "n", "ㅂ": "m"}  # k t p before ㄴ ㅁ (and before ㄹ, which becomes n)
# Double finals: (the one that stays, the one that moves to a following silent ㅇ).
DOUBLE_FINALS = {"ㄳ": ("ㄱ", "ㅅ"), "ㄵ": ("ㄴ", "ㅈ"), "ㄶ": ("ㄴ", "ㅎ"), "ㄺ": ("ㄹ", "ㄱ"), "ㄻ": ("ㄹ", "ㅁ"),
                 "ㄼ": ("ㄹ", "ㅂ"), "ㄽ": ("ㄹ", "ㅅ"), "ㄾ": ("ㄹ", "ㅌ"), "ㄿ": ("ㄹ", "ㅍ"), "ㅀ": ("ㄹ", "ㅎ"),
                 "ㅄ": ("ㅂ", "ㅅ")}
ASPIRATED = {"ㄱ": "k", "ㄷ": "t", "ㅈ": "ch"}  # after ㅎ
VOWEL_I = MEDIAL_LATIN.index("i")
# Latin letters NFKD does not take apart into a letter and accents (Vietnamese đ among them).
UNDECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
                              "Œ": "OE", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th"})
MAX_LENGTH = 255  # Wagtail's Page.slug
FALLBACK = "page"
KEPT_PUNCTUATION = "'’.-_"  # slugify drops the first three inside a word (don't → dont, 2.5 → 25)
ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
HANGUL_WORD = re.compile(f"[{chr(FIRST_SYLLABLE)}-{chr(LAST_SYLLABLE)}]+")


def syllable_parts(syllable):
    """(initial, medial index, final) of one Hangul syllable."""
    index = ord(syllable) - FIRST_SYLLABLE
    initial, rest = divmod(index, MEDIALS_PER_INITIAL * FINALS_PER_MEDIAL)
    medial, final = divmod(rest, FINALS_PER_MEDIAL)
    return INITIALS[initial], medial, FINALS[final]


def _linked(consonant, medial):
    """A final moved onto a following silent ㅇ, as that syllable's initial; ㄷ ㅌ before 이 palatalised."""
    if medial == VOWEL_I and consonant in ("ㄷ", "ㅌ"):
        return "j" if consonant == "ㄷ" else "ch"
    return INITIAL_LATIN[consonant]


def _across(final, initial, medial):
    """(final, next initial) in Latin for a final followed, in the same word, by a syllable (initial, medial)."""
    sound = FINAL_SOUND[final]
    written = (SOUND_LATIN[sound], INITIAL_LATIN[initial])
    if not final:
        return written
    if initial == "ㅇ":
        if final == "ㅇ":
            return written
        if final == "ㅎ":
            return "", ""
        if final in DOUBLE_FINALS:
            stays, moves = DOUBLE_FINALS[final]
            if moves == "ㅎ":  # silent: the first one moves instead (많아 mana, 싫어 sireo)
                return "", _linked(stays, medial)
            return SOUND_LATIN[FINAL_SOUND[stays]], _linked(moves, medial)
        return "", _linked(final, medial)
    if final in ("ㅎ", "ㄶ", "ㅀ") and initial in ASPIRATED:
        return SOUND_LATIN[FINAL_SOUND[final]] if final != "ㅎ" else "", ASPIRATED[initial]
    if final == "ㅎ" and initial == "ㄴ":
        return "n", "n"
    if final == "ㅈ" and initial == "ㅎ":
        return "", "ch"
    if initial in ("ㄴ", "ㅁ") and sound in NASAL:
        return NASAL[sound], written[1]
    if initial == "ㄹ":
        if sound in ("ㄴ", "ㄹ"):
            return "l", "l"
        if sound in ("ㅁ", "ㅇ"):
            return written[0], "n"
        if sound in NASAL:
            return NASAL[sound], "n"
    if initial == "ㄴ" and sound == "ㄹ":
        return "l", "l"
    return written


def romanise_word(word):
    """One run of Hangul syllables in RR, with the sound changes between its syllables."""
    parts = [syllable_parts(syllable) for syllable in word]
    initials = [INITIAL_LATIN[initial] for initial, _medial, _final in parts]
    finals = [SOUND_LATIN[FINAL_SOUND[final]] for _initial, _medial, final in parts]
    for index in range(len(parts) - 1):
        following_initial, following_medial, _final = parts[index + 1]
        finals[index], initials[index + 1] = _across(parts[index][2], following_initial, following_medial)
    return "".join(initial + MEDIAL_LATIN[medial] + final
                   for initial, (_initial, medial, _final), final in zip(initials, parts, finals))


def romanise(text):
    """The text with every Hangul word in the Revised Romanization (lower case); anything else unchanged.

    Composed first (NFC): text pasted from some systems spells each syllable as separate jamo.
    """
    return HANGUL_WORD.sub(lambda match: romanise_word(match.group(0)), unicodedata.normalize("NFC", text))


def _separates_words(character):
    """Brackets, slashes, commas, symbols...: a space, where slugify would glue the words around them."""
    return character not in KEPT_PUNCTUATION and unicodedata.category(character)[0] in "PS"


def _shorten(slug):
    if len(slug) <= MAX_LENGTH:
        return slug
    cut = slug[:MAX_LENGTH]
    # End at a word if a word boundary is not too far back; a slug never ends with a hyphen.
    if "-" in cut[MAX_LENGTH // 2:]:
        cut = cut[:cut.rindex("-")]
    return cut.strip("-_")


def readable_slug(slug_or_title):
    """An ASCII slug (at most 255 characters, never empty) for a page's title or slug.

    An editor's slug already in ASCII (letters, digits, hyphens, underscores)
    is kept as typed. Anything else is romanised (Korean), taken to ASCII
    (NFKD, accents dropped) and slugified; text with no Latin reading left
    (Chinese, Thai, Cyrillic...) gives "page", which the page form may then
    make unique.
    """
    text = (slug_or_title or "").strip()
    if ASCII_SLUG.fullmatch(text) and len(text) <= MAX_LENGTH:
        return text
    words = "".join(" " if _separates_words(character) else character for character in romanise(text))
    ascii_text = unicodedata.normalize("NFKD", words.translate(UNDECOMPOSED))
    return _shorten(slugify(ascii_text, allow_unicode=False)) or FALLBACK
