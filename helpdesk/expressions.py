"""SQL expressions of the help desk (SQLite and PostgreSQL only).

Kept apart from helpdesk.models and helpdesk.statistics so that a migration
can import them without importing either.
"""
from django.db import NotSupportedError
from django.db.models import F, FloatField, Func
from django.utils.deconstruct import deconstructible


@deconstructible(path="helpdesk.expressions.AnswerSeconds")
class AnswerSeconds(Func):
    """Seconds from a case's creation to its first answer (NULL while unanswered), computed by the database.

    Fills Case.answer_seconds where the database computes it: the migration's
    backfill and CaseQuerySet.update(). (Case.save() and bulk_create() compute
    it in Python, exact to the microsecond; SQLite's julianday() is exact to
    some tens of microseconds at today's dates, PostgreSQL to the microsecond.)
    """

    output_field = FloatField()

    def __init__(self, **extra):
        super().__init__(F("first_answered_at"), F("created_at"), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"Answer times are computed for SQLite and PostgreSQL only, not {connection.vendor}.")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="((julianday(%(expressions)s)) * 86400.0)",
                              arg_joiner=") - julianday(", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # date_part on an interval is immutable, as a generated column requires (on a timestamptz it is not).
        return super().as_sql(compiler, connection, template="date_part('epoch', %(expressions)s)",
                              arg_joiner=" - ", **extra_context)
