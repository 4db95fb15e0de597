"""Normalisation and splitting into script runs, shared by every analyzer.

Pages are mixed-script ("HiKorea", "1345" and "ID-карта" sit inside Korean and
Russian sentences), so text is normalised once and then cut wherever the script
changes; each run is analysed by what suits its script (see analyzers.py).

Normalisation, in order:
- Unicode NFKC (full-width Latin and digits, compatibility ideographs, ligatures)
  and casefold.
- Latin letters lose their diacritics ("đăng ký" == "dang ky", "é" == "e"):
  readers type on phones without the accents. Cyrillic only folds ё → е, because
  Russians write "ребенок" for "ребёнок"; й stays, the Russian stemmer needs it.
- Digits of every script become ASCII digits ("१३४५" == "1345").
- Arabic vowel marks (harakat) are dropped: Urdu is written without them.
- Apostrophes are deleted inside and around words ("didn't" == "didnt",
  "Oʻzbek" == "o'zbek" == "ozbek").
- Punctuation, symbols (emoji), spaces, controls, lone surrogates and zero-width
  spaces separate; other invisible format characters (joiners, soft hyphens,
  variation selectors) disappear.

Each character is classified once and remembered (a dict with __missing__ used
as a str.translate table), so normalising a page is two C-level passes.
"""
import re
import unicodedata

SEPARATOR = " "

# The first word of a character's Unicode name -> its script group. Han and
# kana are one group, as in Lucene's CJK bigrams: Japanese words mix them ("呼び方").
SCRIPT_GROUPS = {
    "LATIN": "latin",
    "CYRILLIC": "cyrillic",
    "GREEK": "greek",
    "HANGUL": "hangul",
    "CJK": "cjk",
    "IDEOGRAPHIC": "cjk",
    "HIRAGANA": "cjk",
    "KATAKANA": "cjk",
    "KATAKANA-HIRAGANA": "cjk",
    "THAI": "thai",
    "LAO": "lao",
    "KHMER": "khmer",
    "MYANMAR": "myanmar",
    "DEVANAGARI": "devanagari",
    "BENGALI": "bengali",
    "SINHALA": "sinhala",
    "TAMIL": "tamil",
    "ARABIC": "arabic",
    "HEBREW": "hebrew",
    "GEORGIAN": "georgian",
    "ARMENIAN": "armenian",
    "ETHIOPIC": "ethiopic",
    "MONGOLIAN": "mongolian",
    "TIBETAN": "tibetan",
}
DIGITS = "digits"
OTHER = "other"  # letters of a script not listed: treated as spaced words

# One code letter per group, so a run is a regex match on a "shape" string.
_GROUP_CODES = {group: chr(ord("A") + i) for i, group in enumerate(sorted({*SCRIPT_GROUPS.values(), DIGITS, OTHER}))}
_GROUP_BY_CODE = {code: group for group, code in _GROUP_CODES.items()}

APOSTROPHES = "'\u2018\u2019\u02bc\u02bb\u02b9\u02bd`\u00b4\u2032"
_LATIN_EXTRA = {"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "þ": "th", "ŧ": "t", "ŋ": "n"}
_SEPARATING_FORMATS = {"\u200b", "\u2028", "\u2029"}  # zero-width space separates Khmer, Thai and Lao words


def _script_group(char):
    """The script group of a (normalised) letter or mark, or None."""
    first_word = unicodedata.name(char, "").split(" ", 1)[0]
    return SCRIPT_GROUPS.get(first_word)


def _fold_char(char):
    """What one character becomes after normalisation: itself, a replacement, a separator or ''."""
    category = unicodedata.category(char)
    if char in APOSTROPHES:
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(char))
    group = _script_group(char)
    if category[0] == "L":
        if group == "latin":
            if char in _LATIN_EXTRA:
                return _LATIN_EXTRA[char]
            base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
            return unicodedata.normalize("NFC", base) or char
        if char == "ё":
            return "е"
        if category == "Lm" and group is None:
            return ""  # modifier letters used as apostrophes or accents
        return char
    if category[0] == "M":
        # Vowel signs of Indic and Southeast Asian scripts carry meaning; generic
        # combining accents, Arabic harakat and variation selectors do not.
        return "" if group in (None, "arabic", "latin", "greek", "cyrillic") else char
    if category == "Cf" and char not in _SEPARATING_FORMATS:
        return ""
    return SEPARATOR  # punctuation, symbols, spaces, controls, surrogates, unassigned


class _CharTable(dict):
    """A str.translate table that computes each character's entry the first time it is seen."""

    def __init__(self, compute):
        super().__init__()
        self._compute = compute

    def __missing__(self, codepoint):
        value = self[codepoint] = self._compute(chr(codepoint))
        return value


def _shape_char(char):
    if char == SEPARATOR:
        return SEPARATOR
    if unicodedata.category(char) == "Nd":
        return _GROUP_CODES[DIGITS]
    return _GROUP_CODES[_script_group(char) or OTHER]


_FOLD = _CharTable(_fold_char)
_SHAPE = _CharTable(_shape_char)
_RUN = re.compile(r"([^ ])\1*")


def normalize(text):
    """The text as every analyzer sees it: NFKC, casefolded, folded, punctuation as spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # casefold can produce sequences NFKC would compose ("İ" -> "i̇"); fold removes those marks.
    return text.translate(_FOLD)


def script_runs(text):
    """[(script group, run)] of the normalised text, in order: maximal runs of one script.

    "hikorea에서 1345" -> [("latin", "hikorea"), ("hangul", "에서"), ("digits", "1345")]
    """
    folded = normalize(text)
    shape = folded.translate(_SHAPE)
    return [(_GROUP_BY_CODE[m.group(1)], folded[m.start():m.end()]) for m in _RUN.finditer(shape)]
