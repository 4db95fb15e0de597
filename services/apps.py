from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    """Places, regions and (later) events: the portal's location layer (issue 4)."""

    name = "services"
    verbose_name = _("Places and regions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import registry
        from services import signals  # noqa: F401
        from services.search import PlaceSearchSource

        registry.register(PlaceSearchSource())
