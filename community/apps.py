from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """The community board (issue 5): threads and replies by topic and region."""

    name = "community"
    verbose_name = _("Community board")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from community import signals  # noqa: F401
        from community.search import ThreadSearchSource
        from search import registry

        registry.register(ThreadSearchSource())
        self._register_personal_data()

    @staticmethod
    def _register_personal_data():
        """Members' export and erasure include their posts (accounts.personal_data)."""
        try:
            from accounts import personal_data as registry
        except ImportError:  # the accounts app without export/erasure
            return
        from community import personal_data

        registry.register(exporter=personal_data.export, eraser=personal_data.erase)
