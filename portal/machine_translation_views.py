"""The admin's machine-translate action, with a message for every way it can fail."""
import logging

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access

from portal import circuit, machine_translation

logger = logging.getLogger(__name__)


@require_admin_access
@require_POST
def machine_translate(request, translation_id):
    """Stands in front of wagtail-localize's view to explain every failure."""
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.models import Translation
    from wagtail_localize.views.edit_translation import machine_translate as localize_machine_translate
    from wagtail.admin.utils import get_valid_next_url_from_request

    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    translator = get_machine_translator()
    if translator is None:
        messages.error(
            request,
            _(
                "Machine translation is not configured. Set DEEPL_API_KEY, "
                "GOOGLE_CLOUD_TRANSLATE_PROJECT_ID or LIBRETRANSLATE_URL, or translate by hand."
            ),
        )
        return redirect(next_url)
    translation = Translation.objects.filter(id=translation_id).select_related("source__locale", "target_locale").first()
    if translation and not translator.can_translate(translation.source.locale, translation.target_locale):
        messages.error(
            request,
            _("%(provider)s cannot translate from %(source)s to %(target)s. Please translate this page by hand.")
            % {
                "provider": translator.display_name,
                "source": translation.source.locale.get_display_name(),
                "target": translation.target_locale.get_display_name(),
            },
        )
        return redirect(next_url)
    try:
        # Through the "translator" breaker: a provider that failed repeatedly is not waited for again.
        return machine_translation.call_provider(localize_machine_translate, request, translation_id)
    except Exception as error:  # the providers raise anything from HTTP errors to KeyError on odd JSON
        logger.warning("machine translation failed for translation %s", translation_id,
                       exc_info=not isinstance(error, circuit.CircuitOpen))
        messages.error(
            request,
            _("%(provider)s did not translate this page (the service refused or did not answer). Try again later or translate by hand.")
            % {"provider": translator.display_name},
        )
        return redirect(next_url)
