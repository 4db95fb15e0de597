from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self):
        from portal import admin_text, gettext_fallback

        # Before any request, and before Wagtail's apps create their viewsets and admin URLs
        # ("portal" comes before them in INSTALLED_APPS, so its ready() runs first).
        gettext_fallback.install()
        admin_text.make_admin_text_lazy()
