"""Re-encrypt every help-desk value with the first key of HELPDESK_ENCRYPTION_KEYS.

Rotation: put a new key first in HELPDESK_ENCRYPTION_KEYS (keep the old ones
after it), restart, run this command, then remove the old keys.
"""
from django.core.management.base import BaseCommand
from django.db import transaction

from helpdesk.crypto import EncryptedTextField
from helpdesk.models import Answer, Case, CaseNote

BATCH = 500


def encrypted_fields(model):
    return [field.name for field in model._meta.fields if isinstance(field, EncryptedTextField)]


class Command(BaseCommand):
    help = "Re-encrypt all help-desk personal data with the first key of HELPDESK_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        for model in (Case, Answer, CaseNote):
            fields = encrypted_fields(model)
            count = 0
            rows = model.objects.only("pk", *fields).order_by("pk")
            batch = []
            for obj in rows.iterator(chunk_size=BATCH):
                batch.append(obj)  # loading decrypted with whichever key fits; saving encrypts with the first
                if len(batch) == BATCH:
                    count += self._save(model, batch, fields)
                    batch = []
            count += self._save(model, batch, fields)
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count} re-encrypted")

    @staticmethod
    @transaction.atomic
    def _save(model, batch, fields):
        if batch:
            model.objects.bulk_update(batch, fields)
        return len(batch)
