"""Why an import skipped a row or an event, in English for the commands and in the editor's language in the admin.

A Reason is the English text (a str: the commands print it, logs and tests
read it as it always was) that also remembers its message and values, so the
admin's import pages show it in the editor's admin language with
translated(). The messages are marked with gettext_noop where they are
written: they are translated when shown, not when the row is read.
"""
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_


class Reason(str):
    """English text of message % params, translatable later with translated()."""

    def __new__(cls, message, **params):
        reason = super().__new__(cls, message % params if params else message)
        reason.message, reason.params = message, params
        return reason

    def translated(self):
        text = gettext(self.message)
        if not self.params:
            return text
        # A value that is itself a Reason (the opening hours' reason inside the row's) is translated too.
        return text % {name: value.translated() if isinstance(value, Reason) else value
                       for name, value in self.params.items()}


def reason_of(error):
    """The Reason an importer's exception carries (str(error) would turn it into a plain str)."""
    return error.args[0] if error.args and isinstance(error.args[0], str) else str(error)


def translated(reason):
    """The reason in the active language; text that is not a Reason is shown as it is."""
    return reason.translated() if isinstance(reason, Reason) else str(reason)


def control_character_reason(name, found):
    """found: (index, visible name) from portal.control_characters.find."""
    return Reason(N_("%(name)s contains the control character %(character)s (at character %(position)s)"),
                  name=name, character=found[1], position=found[0] + 1)


def unexpected_error_reason(error):
    """A failure no rule foresaw (a bug, the database): named, so the editor can report it."""
    return Reason(N_("unexpected error (%(error)s)"), error=f"{type(error).__name__}: {error}")


def validation_problems(error):
    """A ValidationError of full_clean() as one line: "latitude: Ensure this value…; name: …".

    Django's messages are already in the active language (English for the
    commands); the field names stay as they are: they name the columns and properties.
    """
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
