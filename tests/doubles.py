"""Test doubles of our own interfaces: nothing here talks to a network."""
from wagtail_localize.machine_translators.base import BaseMachineTranslator


class RefusingTranslator(BaseMachineTranslator):
    display_name = "Refusing MT"

    def can_translate(self, source_locale, target_locale):
        return False


class UnreachableTranslator(BaseMachineTranslator):
    display_name = "Unreachable MT"

    def can_translate(self, source_locale, target_locale):
        return True

    def translate(self, source_locale, target_locale, strings):
        raise ConnectionError("provider did not answer")
