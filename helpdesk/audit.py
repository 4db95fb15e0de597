"""The audit log of personal data: who saw or changed which case, and when.

Every view that decrypts a case, and every change to one, calls record();
the log holds no personal data itself, so it outlives the purge.
"""
from helpdesk.constants import AuditAction
from helpdesk.models import CaseAccess


def record(case, user, action):
    """One audit row; `user` is None for the resident (with their code) and for the purge command."""
    if user is not None and not user.is_authenticated:
        user = None
    return CaseAccess.objects.create(case=case, user=user, action=AuditAction(action))
