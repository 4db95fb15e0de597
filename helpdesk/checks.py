"""System check: the help desk's keys are present and usable, before the first case needs them."""
from django.core import checks

from helpdesk import crypto


@checks.register(checks.Tags.security)
def helpdesk_keys(app_configs, **kwargs):
    return [
        checks.Error(problem, hint="See the README's Help desk section for how to generate the keys.", id="helpdesk.E001")
        for problem in crypto.check_keys()
    ]
