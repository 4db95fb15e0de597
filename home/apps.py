from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home import signals  # noqa: F401
        from home.search import PageSearchSource
        from search import registry

        registry.register(PageSearchSource())
