from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    """Places, regions and events: the portal's location layer (issue 4)."""

    name = "services"
    verbose_name = _("Places and regions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from search import registry
        from services import signals, spatial  # noqa: F401
        from services.search import EventSearchSource, PlaceSearchSource

        registry.register(PlaceSearchSource())
        registry.register(EventSearchSource())
        # A migration that rebuilds a table on SQLite drops the R*Tree's triggers: put them back.
        post_migrate.connect(spatial.repair_after_migrate, sender=self)
