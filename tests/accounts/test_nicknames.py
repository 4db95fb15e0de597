"""Which nicknames are allowed, and when two are the same (no database needed)."""
import pytest
from django.core.exceptions import ValidationError

from accounts import nicknames


@pytest.mark.parametrize("value, stored", [
    ("Lan", "Lan"),
    ("  Lan   Nguyen ", "Lan Nguyen"),
    ("응우옌 란", "응우옌 란"),
    ("สมชาย ใจดี", "สมชาย ใจดี"),  # Thai vowels are combining marks
    ("सीता_12", "सीता_12"),  # Devanagari with virama and vowel signs
    ("សុខា", "សុខា"),
    ("Иван-7", "Иван-7"),
    ("王小明", "王小明"),
    ("ＬＡＮ", "LAN"),  # full-width letters become ordinary ones
])
def test_allowed_nicknames_in_any_script(value, stored):
    assert nicknames.validate_nickname(value) == stored


@pytest.mark.parametrize("value, code", [
    ("La", "length"),
    ("x" * 31, "length"),
    ("lan@example.org", "email"),
    ("lan＠example", "email"),
    ("010-1234-5678", "phone"),
    ("+82 10 1234 5678", "phone"),
    ("Lan 0101234567", "phone"),
    ("example.com", "url"),
    ("https://spam", "url"),
    ("www.spam", "url"),
    ("Lan!", "characters"),
    ("<b>Lan</b>", "characters"),
    ("123", "no_letter"),
    ("- _ -", "no_letter"),
    ("Admin", "reserved"),
    ("운영자", "reserved"),
])
def test_refused_nicknames_say_why(value, code):
    with pytest.raises(ValidationError) as refused:
        nicknames.validate_nickname(value)
    assert refused.value.code == code


def test_comparison_ignores_case_and_width_in_every_script():
    assert nicknames.comparison_key("LAN") == nicknames.comparison_key("lan") == nicknames.comparison_key("ｌａｎ")
    assert nicknames.comparison_key("ИВАН") == nicknames.comparison_key("иван")
    assert nicknames.comparison_key("Lan") != nicknames.comparison_key("Lan2")
