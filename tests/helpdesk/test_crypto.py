"""Personal data at rest: encrypted columns, key rotation, keyed contact hashes, the key checks."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from helpdesk import cases, checks, crypto
from helpdesk.crypto import DecryptionError
from helpdesk.models import Case
from tests.permissions import log_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def raw(table, columns, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def test_personal_fields_are_not_in_the_database_in_clear(open_case, counsellor):
    case, _code = open_case(contact_method="email", contact_value="secret.person@example.com",
                            name="Tran Secret", question="Tôi bị đánh ở nơi làm việc")
    answer, _delivery = cases.add_answer(case, counsellor, "Gọi 112 ngay và đến bệnh viện")
    note = cases.add_note(case, counsellor, "Ghi chú nội bộ bí mật")
    stored = raw("helpdesk_case", ["contact_method", "contact_value", "name", "question", "contact_hash"], case.pk)
    for value, plaintext in zip(stored[:4], ("email", "secret.person@example.com", "Tran Secret", "Tôi bị đánh")):
        assert plaintext not in value and value.startswith("gAAAAA")  # a Fernet token
    assert "secret.person" not in stored[4] and len(stored[4]) == 64
    assert "Gọi 112" not in raw("helpdesk_answer", ["text"], answer.pk)[0]
    assert "bí mật" not in raw("helpdesk_casenote", ["text"], note.pk)[0]
    case.refresh_from_db()
    assert case.contact_value == "secret.person@example.com" and case.question == "Tôi bị đánh ở nơi làm việc"


def test_encrypted_fields_refuse_lookups_that_could_never_match(open_case):
    open_case()
    with pytest.raises(FieldError):
        Case.objects.filter(question="Công ty không trả lương ba tháng.").count()
    assert Case.objects.filter(question__isnull=False).count() == 1


def test_rotation_old_keys_still_decrypt_and_the_command_moves_everything_to_the_new_key(settings, open_case, counsellor):
    old_key = settings.HELPDESK_ENCRYPTION_KEYS[0]
    case, _code = open_case(question="Câu hỏi dưới khóa cũ")
    cases.add_answer(case, counsellor, "Trả lời dưới khóa cũ")
    new_key = Fernet.generate_key().decode()
    with override_settings(HELPDESK_ENCRYPTION_KEYS=[new_key, old_key]):
        assert Case.objects.get(pk=case.pk).question == "Câu hỏi dưới khóa cũ"  # MultiFernet: the old key decrypts
        call_command("rotate_helpdesk_keys", stdout=open(os.devnull, "w"))
    with override_settings(HELPDESK_ENCRYPTION_KEYS=[new_key]):
        case = Case.objects.get(pk=case.pk)
        assert case.question == "Câu hỏi dưới khóa cũ" and case.answers.get().text == "Trả lời dưới khóa cũ"
    with pytest.raises(DecryptionError):
        Case.objects.get(pk=case.pk)  # the old key alone cannot read what the new key encrypted


@pytest.mark.parametrize("typed", ["+82 10-1234-5678", "010 1234 5678", "0082-10-1234-5678", "(010)1234.5678", "8201012345678"])
def test_korean_phone_numbers_normalise_to_one_form(typed):
    assert crypto.normalise_phone(typed) == "01012345678"
    assert crypto.contact_hash("phone", typed) == crypto.contact_hash("phone", "01012345678")


def test_contact_hashes_are_keyed_and_normalised():
    assert crypto.contact_hash("email", " Lan@Example.COM ") == crypto.contact_hash("email", "lan@example.com")
    assert crypto.contact_hash("email", "lan@example.com") != crypto.contact_hash("email", "lan2@example.com")
    assert crypto.contact_hash("messenger", "Lan99", "zalo") != crypto.contact_hash("messenger", "Lan99", "viber")
    assert crypto.contact_hash("none", "anything") == "" and crypto.contact_hash("phone", "") == ""
    with override_settings(HELPDESK_HASH_KEY="another-key-of-at-least-thirty-two-chars"):
        other = crypto.contact_hash("email", "lan@example.com")
    assert other != crypto.contact_hash("email", "lan@example.com")


def test_history_finds_the_residents_other_cases_by_their_normalised_contact(client, open_case, counsellor):
    first, _ = open_case(contact_value="+82 10-5555-0000", topic="housing")
    second, _ = open_case(contact_value="010-5555-0000")
    stranger, _ = open_case(contact_value="010-9999-0000")
    no_contact, _ = open_case(contact_method="none", contact_value="")
    assert list(cases.history(second)) == [first]
    assert list(cases.history(no_contact)) == []
    log_in(client, counsellor)
    html = client.get(f"/admin/helpdesk/cases/{second.pk}/").content.decode()
    assert f"/admin/helpdesk/cases/{first.pk}/" in html and f"/admin/helpdesk/cases/{stranger.pk}/" not in html


def test_the_system_check_reports_missing_or_malformed_keys():
    assert checks.helpdesk_keys(None) == []
    with override_settings(HELPDESK_ENCRYPTION_KEYS=["not-a-fernet-key"], HELPDESK_HASH_KEY="short"):
        errors = checks.helpdesk_keys(None)
    assert {error.id for error in errors} == {"helpdesk.E001"} and len(errors) == 2


def test_production_refuses_to_start_without_the_keys():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production", "SECRET_KEY": "k" * 60,
           "ALLOWED_HOSTS": "portal.example"}
    env.pop("HELPDESK_ENCRYPTION_KEYS", None)
    env.pop("HELPDESK_HASH_KEY", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "HELPDESK_ENCRYPTION_KEYS" in result.stderr
