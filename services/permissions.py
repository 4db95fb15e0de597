"""Who may change which language version of a place or an event.

Editors (and administrators) keep places and events in every language:
they may add them, so they own the Korean source, whose facts every
translation shows. Translators have the model's view and change permissions
(portal.roles.TRANSLATED_SNIPPETS), because wagtail-localize's translation
editor asks for exactly that, and this policy narrows "change" to the versions
in the languages they translate: never the Korean source, never another
language. They have no add and no delete.

Wagtail's snippet views and wagtail-localize ask in different places:
- the snippet edit view checks only the model permission before
  wagtail-localize's before_edit_snippet hook replaces it with the
  translation editor: InstanceCheckedEditView checks the instance first;
- the listing offers an edit link on every row: InstanceCheckedIndexView asks
  per row, and opens a translator's listing in their language;
- wagtail-localize's own endpoints for one translation (segments, machine
  translation, PO files, preview, stop) check only the model permission
  (user_can_edit_snippet_type): TranslationLocaleMiddleware asks this policy
  about the translation's target before they run.
"""
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from portal import roles

ALL_LANGUAGES = None


class TranslatorPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, with "change" of an instance limited to a translator's languages."""

    def changeable_language_codes(self, user):
        """ALL_LANGUAGES for those who may add (they keep the source), else the codes the user translates."""
        if user.is_superuser or self.user_has_permission(user, "add"):
            return ALL_LANGUAGES
        return _translator_languages(user)[0]

    def user_may_change_in_locale(self, user, locale_id):
        if not self.user_has_permission(user, "change"):
            return False
        codes = self.changeable_language_codes(user)
        return codes is ALL_LANGUAGES or locale_id in _translator_languages(user)[1]

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change":
            return self.user_may_change_in_locale(user, instance.locale_id)
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        others = set(actions) - {"change"}
        if others and self.user_has_any_permission(user, others):
            return instances
        codes = self.changeable_language_codes(user)
        return instances if codes is ALL_LANGUAGES else instances.filter(locale__language_code__in=codes)


def _translator_languages(user):
    """(codes, locale ids) of the languages the user translates, read once per request (a listing asks per row)."""
    cache_name = "_portal_translator_languages"
    if not hasattr(user, cache_name):
        codes = frozenset(roles.translator_language_codes(user)) if user.is_authenticated else frozenset()
        ids = frozenset(Locale.objects.filter(language_code__in=codes).values_list("id", flat=True))
        setattr(user, cache_name, (codes, ids))
    return getattr(user, cache_name)


def register(*models):
    """Give the models this policy (before their snippet viewsets are registered: Wagtail's rule)."""
    from wagtail.permissions import register_permission_policy

    for model in models:
        register_permission_policy(model, TranslatorPermissionPolicy(model))


class InstanceCheckedEditView:
    """A snippet edit view that checks "change" of this instance before anything, hooks included."""

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission_for_instance("change", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InstanceCheckedIndexView:
    """A snippet listing with edit links only where the user may edit, opened in a translator's language."""

    def get_edit_url(self, instance):
        if self.user_has_permission_for_instance("change", instance):
            return super().get_edit_url(instance)
        return None

    def get_locale(self):
        if self.i18n_enabled and not self.request.GET.get("locale"):
            codes = self.permission_policy.changeable_language_codes(self.request.user)
            if codes:  # a translator: their language first (the Korean originals are a click away)
                return Locale.objects.filter(language_code__in=sorted(codes)).first() or super().get_locale()
        return super().get_locale()


class TranslationLocaleMiddleware:
    """Before wagtail-localize's views of one translation of a place or an event, the policy must allow
    changing the target language; page translations are left to wagtail-localize (it asks the page's
    permissions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    @cached_property
    def prefix(self):
        # wagtail-localize's URLs of one translation, /admin/localize/translate/<translation_id>/…
        # (portal.urls puts its own machine-translate view in front of one of them: same path).
        return reverse("wagtail_localize:machine_translate", args=[0]).split("/0/")[0] + "/"

    def process_view(self, request, view_func, view_args, view_kwargs):
        translation_id = view_kwargs.get("translation_id")
        if translation_id is None or not request.user.is_authenticated or not request.path.startswith(self.prefix):
            return None  # (the admin sends anonymous users to its login page)
        from wagtail_localize.models import Translation

        translation = Translation.objects.filter(pk=translation_id).select_related("source").first()
        if translation is None:
            return None  # wagtail-localize answers 404
        model = translation.source.specific_content_type.model_class()
        policy = policy_registry.get_by_type(model, fallback=False) if model is not None else None
        if not isinstance(policy, TranslatorPermissionPolicy):
            return None  # pages, and snippets without this policy: wagtail-localize's own checks
        if not policy.user_may_change_in_locale(request.user, translation.target_locale_id):
            raise PermissionDenied
        return None
