"""Readable slugs: Korean titles in the Revised Romanization, every other title in ASCII, editors' slugs kept.

The expected romanisations follow the RR rules (국어의 로마자 표기법, 2000) and
their examples; each was checked by hand against the standard pronunciation
the rules write (외국인등록 [외구긴등녹], 근로 [글로], 출입국 [추립꾹]...).
"""
import unicodedata

import pytest

from portal.slugs import MAX_LENGTH, readable_slug, romanise, syllable_parts

# Titles of immigrant-life pages and places residents look up.
PAGE_TITLES = [
    ("외국인등록", "oegugindeungnok"),  # linking ㄱ→g, ㅇ+ㄹ read n
    ("체류기간 연장", "cheryugigan-yeonjang"),
    ("건강보험", "geongangboheom"),
    ("근로계약서", "geullogyeyakseo"),  # ㄴ+ㄹ read ll
    ("운전면허 교환", "unjeonmyeonheo-gyohwan"),
    ("서울", "seoul"),
    ("경기도", "gyeonggido"),
    ("출입국", "churipguk"),  # ㄹ linked as r; no tensification in RR
    ("출입국·외국인청", "churipguk-oegugincheong"),
    ("한국어 교실", "hangugeo-gyosil"),
    ("다문화가족지원센터", "damunhwagajokjiwonsenteo"),
    ("고용허가제", "goyongheogaje"),
    ("사회통합프로그램", "sahoetonghappeurogeuraem"),
    ("산업재해", "saneopjaehae"),
    ("임금체불", "imgeumchebul"),
    ("법률 상담", "beomnyul-sangdam"),  # ㅂ+ㄹ read m n
    ("전입신고", "jeonipsingo"),
    ("의료급여", "uiryogeubyeo"),
    ("여권 재발급", "yeogwon-jaebalgeup"),
    ("쓰레기 분리배출", "sseuregi-bullibaechul"),
    ("국민건강보험공단", "gungmingeongangboheomgongdan"),  # ㄱ+ㅁ read ng m
    ("외국인주민센터", "oeguginjuminsenteo"),
    ("부산광역시", "busangwangyeoksi"),
    ("인천광역시", "incheongwangyeoksi"),
    ("전라남도", "jeollanamdo"),
    ("충청북도", "chungcheongbukdo"),
    ("제주특별자치도", "jejuteukbyeoljachido"),
    ("안산시", "ansansi"),
    ("종로구", "jongnogu"),
]

# The examples of the RR rules (제3장 제1항, 제2항), one per sound change.
RULE_EXAMPLES = [
    ("백마", "baengma"), ("종로", "jongno"), ("왕십리", "wangsimni"), ("별내", "byeollae"), ("신라", "silla"),
    ("해돋이", "haedoji"), ("같이", "gachi"), ("좋고", "joko"), ("놓다", "nota"), ("낳지", "nachi"),
    ("묵호", "mukho"), ("집현전", "jiphyeonjeon"), ("압구정", "apgujeong"), ("낙동강", "nakdonggang"),
    ("합정", "hapjeong"), ("샛별", "saetbyeol"), ("울산", "ulsan"), ("구미", "gumi"), ("백암", "baegam"),
    ("옥천", "okcheon"), ("월곶", "wolgot"), ("벚꽃", "beotkkot"), ("한밭", "hanbat"), ("구리", "guri"),
    ("설악", "seorak"), ("칠곡", "chilgok"), ("울릉", "ulleung"), ("대관령", "daegwallyeong"),
    # Double finals, the silent ㅎ, nasalisation.
    ("읽어", "ilgeo"), ("없어", "eopseo"), ("앉아", "anja"), ("많아", "mana"), ("싫어", "sireo"), ("좋아요", "joayo"),
    ("닭", "dak"), ("값", "gap"), ("여덟", "yeodeol"), ("국민", "gungmin"), ("합니다", "hamnida"), ("놓는", "nonneun"),
    ("맞히다", "machida"), ("국회", "gukhoe"), ("독립문", "dongnimmun"), ("밖에", "bakke"), ("있어", "isseo"),
]


@pytest.mark.parametrize("title, expected", PAGE_TITLES + RULE_EXAMPLES)
def test_korean_titles_in_the_revised_romanization(title, expected):
    assert readable_slug(title) == expected


def test_syllables_are_taken_apart_arithmetically():
    assert syllable_parts("가") == ("ㄱ", 0, "")
    assert syllable_parts("힣") == ("ㅎ", 20, "ㅎ")
    assert syllable_parts("록") == ("ㄹ", 8, "ㄱ")


def test_the_sound_changes_stay_inside_a_word():
    # 국 + 인 link inside a word (gugin), not across a space (guk in).
    assert romanise("한국 인구") == "hanguk ingu"
    assert romanise("한국인") == "hangugin"


@pytest.mark.parametrize("title, expected", [
    ("외국인 등록증(ARC) 발급!", "oegugin-deungnokjeung-arc-balgeup"),
    ("E-9 비자 안내", "e-9-bija-annae"),
    ("2025년 최저임금", "2025nyeon-choejeoimgeum"),
    ("F-6비자/결혼이민", "f-6bija-gyeolhonimin"),
    ("건강보험: 가입, 보험료 & 혜택", "geongangboheom-gaip-boheomnyo-hyetaek"),
    ("“근로계약서” 쓰는 법?", "geullogyeyakseo-sseuneun-beop"),
    ("Don't miss the 3.5% rate", "dont-miss-the-35-rate"),
    ("Đăng ký cư trú", "dang-ky-cu-tru"),  # đ has no NFKD decomposition: mapped by hand
    ("Ｆｕｌｌ　ｗｉｄｔｈ １２", "full-width-12"),  # NFKD folds full-width forms
])
def test_mixed_titles_digits_and_punctuation(title, expected):
    assert readable_slug(title) == expected


@pytest.mark.parametrize("nothing", ["", "   ", "!!!", "签证", "ビザ", "Виза", "ㄱㄴㄷ", None])
def test_a_slug_is_never_empty(nothing):
    assert readable_slug(nothing) == "page"


@pytest.mark.parametrize("slug", ["alien-registration", "Visa_Guide-2025", "e-9", "a" * MAX_LENGTH])
def test_an_editors_ascii_slug_is_kept_as_typed(slug):
    assert readable_slug(slug) == slug


def test_a_wagtail_unicode_slug_is_romanised():
    assert readable_slug("체류기간-연장") == "cheryugigan-yeonjang"


def test_decomposed_hangul_is_composed_first():
    assert readable_slug(unicodedata.normalize("NFD", "외국인등록")) == "oegugindeungnok"


def test_long_titles_end_at_a_word_within_255_characters():
    slug = readable_slug("건강보험 " * 60)
    assert len(slug) <= MAX_LENGTH and slug.startswith("geongangboheom-geongangboheom")
    assert slug.endswith("geongangboheom") and not slug.endswith("-")
    unbroken = readable_slug("가" * 300)
    assert unbroken == ("ga" * 300)[:MAX_LENGTH]
    assert readable_slug("a" * (MAX_LENGTH + 1)) == "a" * MAX_LENGTH


def test_slugs_are_ascii():
    for title, _expected in PAGE_TITLES:
        assert readable_slug(title).isascii()
