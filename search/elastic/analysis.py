"""Which Elasticsearch analyzer each language gets, given the cluster's plugins.

portal/languages.py names, per language, analysis recipes best first
(Language.es_analyzers). This module says what each recipe is and which
plugin it needs. The first recipe whose plugin every node has wins, so a
cluster without analysis-nori still gets usable Korean search (bigrams)
instead of refusing to create the index, and installing the plugin later
plus a rebuild upgrades Korean without a code change.
"""
from dataclasses import dataclass
from typing import Callable

from elasticsearch.dsl import analyzer, char_filter, token_filter, tokenizer

from portal import languages


@dataclass(frozen=True)
class Recipe:
    plugin: str | None  # the plugin every node must have; None for built-in analysis
    build: Callable  # analyzer name -> elasticsearch.dsl analyzer


def _nori(name):
    # "mixed" keeps a compound noun whole as well as its parts, so 외국인등록증
    # is found by itself and by 등록증. The part-of-speech filter drops particles
    # and endings, which is what makes 병원에서 find 병원.
    return analyzer(
        name,
        tokenizer=tokenizer("nori_mixed", "nori_tokenizer", decompound_mode="mixed"),
        filter=["nori_part_of_speech", "nori_readingform", "lowercase"],
    )


def _icu(name):
    # Dictionary word breaks for Thai, Lao, Khmer and Myanmar, and Unicode
    # normalisation with case folding (nfkc_cf). No icu_folding: it strips
    # marks that are letters in Khmer and Sinhala.
    return analyzer(name, tokenizer="icu_tokenizer", filter=["icu_normalizer"])


def _cjk_bigram(name):
    # Overlapping bigrams find words no dictionary knows and glued particles
    # (병원에서 shares 병원 with 병원). Unigrams too, because one-character words
    # are common (집, 药, 家) and would otherwise never match.
    return analyzer(
        name,
        tokenizer="standard",
        filter=["cjk_width", "lowercase", token_filter("cjk_bigram_and_unigrams", "cjk_bigram", output_unigrams=True)],
    )


def _char_ngram(name):
    # For scripts written without spaces when no dictionary tokenizer is
    # installed: the standard tokenizer leaves a whole Khmer phrase as one
    # token, so without n-grams only the exact phrase would match.
    return analyzer(
        name,
        tokenizer="standard",
        filter=["lowercase", token_filter("char_2_3_grams", "ngram", min_gram=2, max_gram=3)],
    )


def _folded(name):
    # Readers type Vietnamese without diacritics ("dang ky" for "đăng ký").
    # Keeping the original token as well ranks an exact spelling above a
    # folded coincidence.
    return analyzer(
        name,
        tokenizer="standard",
        filter=["lowercase", token_filter("ascii_folding_keep_original", "asciifolding", preserve_original=True)],
    )


def _uzbek_latin(name):
    # Oʻ and gʻ are typed with ʻ, ’, ', ` or nothing at all; dropping every
    # variant makes all spellings meet.
    return analyzer(
        name,
        tokenizer="standard",
        char_filter=[char_filter("uzbek_apostrophes", "pattern_replace", pattern="[ʻʼ‘’'`]", replacement="")],
        filter=["lowercase", "asciifolding"],
    )


def _indic(name):
    # Normalises the several encodings of the same Devanagari letter.
    return analyzer(name, tokenizer="standard", filter=["lowercase", "decimal_digit", "indic_normalization"])


def _arabic_script(name):
    # Urdu text mixes Arabic and Persian code points for the same letter
    # (yeh, kaf, heh) and may carry vowel marks; normalising both sides
    # makes a query match however it was typed.
    return analyzer(
        name,
        tokenizer="standard",
        filter=["lowercase", "decimal_digit", "arabic_normalization", "persian_normalization"],
    )


def _builtin(type_):
    return lambda name: analyzer(name, type_)


RECIPES = {
    "nori": Recipe("analysis-nori", _nori),
    "kuromoji": Recipe("analysis-kuromoji", _builtin("kuromoji")),
    "smartcn": Recipe("analysis-smartcn", _builtin("smartcn")),
    "icu": Recipe("analysis-icu", _icu),
    "cjk_bigram": Recipe(None, _cjk_bigram),
    "char_ngram": Recipe(None, _char_ngram),
    "thai": Recipe(None, _builtin("thai")),
    "english": Recipe(None, _builtin("english")),
    "russian": Recipe(None, _builtin("russian")),
    "indonesian": Recipe(None, _builtin("indonesian")),
    "folded": Recipe(None, _folded),
    "uzbek_latin": Recipe(None, _uzbek_latin),
    "indic": Recipe(None, _indic),
    "arabic_script": Recipe(None, _arabic_script),
    "standard": Recipe(None, _builtin("standard")),
}

PLUGINS = frozenset(recipe.plugin for recipe in RECIPES.values() if recipe.plugin)


def installed_plugins(nodes_info):
    """Plugins (and modules) that every node has, from a `GET _nodes/plugins` answer.

    An analyzer must exist on every node that may hold a shard, so a plugin
    missing on one node counts as missing.
    """
    per_node = [
        {entry["name"] for entry in node.get("plugins", []) + node.get("modules", [])}
        for node in nodes_info.get("nodes", {}).values()
    ]
    return frozenset(set.intersection(*per_node)) if per_node else frozenset()


def recipe_name(language, plugins):
    """The first of the language's recipes that this cluster can run."""
    for name in language.es_analyzers:
        plugin = RECIPES[name].plugin
        if plugin is None or plugin in plugins:
            return name
    raise ValueError(f"{language.code}: no analyzer in {language.es_analyzers} runs without a plugin")


def analyzer_name(code):
    """The name of a locale's analyzer in the index; the mapping refers to it."""
    return f"{code}_text"


def locale_analyzers(plugins):
    """{locale code: elasticsearch.dsl analyzer} for every configured language."""
    return {
        language.code: RECIPES[recipe_name(language, plugins)].build(analyzer_name(language.code))
        for language in languages.LANGUAGES
    }
