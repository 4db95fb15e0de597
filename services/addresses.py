"""Korean addresses in Latin letters, in the order and form of the official English address.

A reader who cannot read Hangul still needs to recognise a street sign, tell a
friend where to go or check a letter: "경기도 수원시 영통구 반달로 39" is read
"39 Bandal-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do", from the door to the
province, each unit with its romanised suffix after a hyphen (-do, -si, -gun,
-gu, -eup, -myeon, -dong, -ri, -ro, -daero, -gil), branch roads as
"Jungang-ro 12beon-gil", lot addresses as "123-4 Wongok-dong, ...", floors and
rooms first ("3F 301-ho, 39 Bandal-ro, ..."), the reference part in brackets
last ("(Wongok-dong)").

The names are proper nouns: each is romanised alone (portal.slugs.romanise,
Revised Romanization) and capitalised, so the sound change across the suffix
that RR writes inside a word is not applied (반달로 is Bandal-ro, not Bandallo).
Text with no Hangul (an address an editor already wrote in English) and
anything that is not Hangul inside an address pass through unchanged.

Known limits: official spellings that differ from RR (World Cup-ro for 월드컵로)
need the editor's own Latin form (Place.address_romanised), which always wins.
"""
import re
import unicodedata
from dataclasses import dataclass, field

from portal.slugs import HANGUL_WORD, romanise

# Korean suffix -> Latin suffix; the longer ones first, so 대로 is not read as a name ending in 대 + 로.
UNIT_SUFFIXES = {
    "특별자치시": "si", "특별자치도": "do", "특별시": "si", "광역시": "si", "대로": "daero",
    "도": "do", "시": "si", "군": "gun", "구": "gu", "읍": "eup", "면": "myeon", "동": "dong", "리": "ri",
    "로": "ro", "길": "gil", "가": "ga",
}
ROAD_SUFFIXES = {"로", "대로", "길"}
METROPOLITAN = {"특별시", "광역시"}
UNIT = re.compile(
    r"(?P<name>[가-힣]+?)(?P<number>\d+)?(?P<suffix>" + "|".join(UNIT_SUFFIXES)
    + r")(?:(?P<branch>\d+)(?P<branch_suffix>번길|길))?")
BRANCH = re.compile(r"(?P<number>\d+)(?P<suffix>번길|길|가)")  # "중앙로 12번길": the branch written apart
# Province names as open-data files often abbreviate them ("경기 수원시 ...").
SHORT_PROVINCES = {
    "서울": "서울특별시", "부산": "부산광역시", "대구": "대구광역시", "인천": "인천광역시", "광주": "광주광역시",
    "대전": "대전광역시", "울산": "울산광역시", "세종": "세종특별자치시", "경기": "경기도", "강원": "강원특별자치도",
    "충북": "충청북도", "충남": "충청남도", "전북": "전북특별자치도", "전남": "전라남도", "경북": "경상북도",
    "경남": "경상남도", "제주": "제주특별자치도",
}
BUILDING_NUMBER = re.compile(r"(?P<mountain>산\s*)?(?P<number>\d+(?:-\d+)?)(?:번지)?")
FLOOR = re.compile(r"(?P<below>지하\s*|B)?(?P<floor>\d+(?:[~-]\d+)?)층")
ROOM = re.compile(r"(?P<room>\d+(?:-\d+)?)호")
BUILDING_IN_COMPLEX = re.compile(r"(?P<building>[0-9A-Za-z]+)동")  # 101동, B동: a building of a complex
UNDERGROUND_NUMBER = re.compile(r"지하(\d+(?:-\d+)?)")  # 세종대로 지하 2: a building entered below ground
PARENTHESES = re.compile(r"\s*[(（](?P<inside>[^)）]*)[)）]")


def _proper(text):
    """Hangul romanised, each word made of it capitalised; anything else unchanged."""
    return HANGUL_WORD.sub(lambda match: _capitalised(romanise(match.group(0)))
                           if _starts_word(match) else romanise(match.group(0)), text)


def _starts_word(match):
    before = match.string[:match.start()]
    return not before or not before[-1].isalpha()


def _capitalised(latin):
    return latin[:1].upper() + latin[1:]


def romanise_unit(token):
    """"반달로" -> "Bandal-ro", "중앙로12번길" -> "Jungang-ro 12beon-gil", "매탄1동" -> "Maetan 1-dong";
    None when the token is not a place name with a unit suffix."""
    match = UNIT.fullmatch(token)
    if match is None:
        return None
    suffix, branch = match["suffix"], match["branch_suffix"]
    if suffix == "가" and not match["number"]:  # 가 is a unit only numbered (종로1가); else part of a name
        return None
    if branch and suffix not in ROAD_SUFFIXES:
        return None
    latin = _capitalised(romanise(match["name"]))
    if match["number"]:
        latin += f" {match['number']}"
    if suffix not in METROPOLITAN:  # Seoul, Busan: the official English names carry no suffix
        latin += f"-{UNIT_SUFFIXES[suffix]}"
    if branch:
        latin += f" {_branch(match['branch'], branch)}"
    return latin


def _branch(number, suffix):
    return {"번길": f"{number}beon-gil", "길": f"{number}-gil", "가": f"{number}-ga"}[suffix]


def romanise_detail(token):
    """A floor, a room, a building of a complex, a number, or a building name, in Latin letters."""
    if match := FLOOR.fullmatch(token):
        return f"B{match['floor']}F" if match["below"] else f"{match['floor']}F"
    if match := ROOM.fullmatch(token):
        return f"{match['room']}-ho"
    if match := BUILDING_IN_COMPLEX.fullmatch(token):
        return f"{match['building']}-dong"
    if match := BUILDING_NUMBER.fullmatch(token):
        return _building_number(match)
    return romanise_unit(token) or _proper(token)


def _building_number(match):
    return f"San {match['number']}" if match["mountain"] else match["number"]


@dataclass
class _Unit:
    latin: str
    recognised: bool  # a name with a unit suffix, not just some word
    number: str = ""  # the building or lot number, written before the name


@dataclass
class _Parsed:
    units: list = field(default_factory=list)
    details: list = field(default_factory=list)  # floors, rooms, building names: written first


def _tokens(text):
    # "지하 1층", "산 12-3" and "12 번길" are one thing each, however they are spaced.
    text = re.sub(r"(?<!\S)(지하|산)\s+(?=\d)", r"\1", text)
    text = re.sub(r"(\d)\s+(번길|층|호)", r"\1\2", text)
    tokens = text.split()
    if len(tokens) > 1 and tokens[0] in SHORT_PROVINCES:
        tokens[0] = SHORT_PROVINCES[tokens[0]]
    return tokens


def _parse(tokens):
    parsed = _Parsed()
    numbered = False  # once the building number is read, what follows is the inside of the building
    for token in tokens:
        branch = BRANCH.fullmatch(token)
        number = BUILDING_NUMBER.fullmatch(token)
        underground = UNDERGROUND_NUMBER.fullmatch(token)
        if FLOOR.fullmatch(token) or ROOM.fullmatch(token) or BUILDING_IN_COMPLEX.fullmatch(token):
            parsed.details.append(romanise_detail(token))
        elif branch and parsed.units and not numbered:
            parsed.units[-1].latin += f" {_branch(branch['number'], branch['suffix'])}"
        elif (number or underground) and parsed.units and not numbered:
            parsed.units[-1].number = _building_number(number) if number else f"B{underground[1]}"
            numbered = True
        elif numbered or number:
            parsed.details.append(romanise_detail(token))
        else:
            unit = romanise_unit(token)
            parsed.units.append(_Unit(unit or _proper(token), recognised=unit is not None))
    return parsed


def romanise_address(korean_address):
    """The address in Latin letters, most specific first: "39 Bandal-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do".

    "" for an empty address; an address with no Hangul is returned as written.
    Something that is not an address of units (a landmark, "수원역 앞") is
    romanised word by word in its own order.
    """
    text = unicodedata.normalize("NFC", korean_address or "").strip()
    if not HANGUL_WORD.search(text):
        return text
    notes = [match["inside"].strip() for match in PARENTHESES.finditer(text)]
    main, _comma, rest = PARENTHESES.sub("", text).partition(",")
    parsed = _parse(_tokens(main))
    if not any(unit.recognised for unit in parsed.units):
        return " ".join(romanise_detail(word) for word in text.split())
    parsed.details += [romanise_detail(token) for token in _tokens(rest.replace(",", " "))]
    units = [f"{unit.number} {unit.latin}" if unit.number else unit.latin for unit in reversed(parsed.units)]
    latin = ", ".join(([" ".join(parsed.details)] if parsed.details else []) + units)
    notes = [", ".join(romanise_detail(part.strip()) for part in note.split(",") if part.strip())
             for note in notes if note]
    return latin + "".join(f" ({note})" for note in notes)
