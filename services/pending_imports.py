"""A file uploaded in the admin, kept on the server between the import's preview and its confirmation.

The browser never sends the file again: the confirmation form carries only a
signed token naming the upload, good for TOKEN_MAX_AGE and only for the user
who uploaded it, so what is saved is exactly what was previewed. An upload is
taken (deleted) when it is imported, so a second click imports nothing, and
uploads left unconfirmed are deleted with the next upload after a day.
"""
import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a province's whole open-data export of places is well under 1 MB
TOKEN_MAX_AGE = 60 * 60  # seconds between preview and confirmation
KEEP_UNCONFIRMED = timedelta(days=1)
SIGNING_SALT = "services.pending_imports"


class UploadTooLarge(ValueError):
    pass


class PendingImport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)  # a key of services.import_preview.KINDS
    options = models.JSONField(default=dict)  # the upload form's other choices (an events file: locale, region)
    file_name = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "services"


def read_upload(uploaded_file):
    """The text of an uploaded UTF-8 file (BOM or not); UploadTooLarge or UnicodeDecodeError."""
    body = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(body) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(MAX_UPLOAD_BYTES)
    return body.decode("utf-8-sig")


def keep(user, kind, text, options=None, file_name=""):
    """Store the upload; returns the token that names it in the preview and confirmation."""
    PendingImport.objects.filter(created_at__lt=timezone.now() - KEEP_UNCONFIRMED).delete()
    upload = PendingImport.objects.create(user=user, kind=kind, text=text, options=options or {},
                                          file_name=file_name[:255])
    return signing.dumps({"id": str(upload.id), "user": user.pk, "kind": kind}, salt=SIGNING_SALT)


def find(user, kind, token):
    """The upload the token names, if it is still there, recent, this user's and of this kind; else None."""
    try:
        data = signing.loads(token or "", salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # includes an expired signature
        return None
    if data.get("user") != user.pk or data.get("kind") != kind:
        return None
    return PendingImport.objects.filter(id=data.get("id"), user=user, kind=kind).first()


def take(user, kind, token):
    """find(), and delete it: only the first of two confirmations of one upload gets it."""
    upload = find(user, kind, token)
    if upload is None or not PendingImport.objects.filter(pk=upload.pk).delete()[0]:
        return None
    return upload
