from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Members")

    def ready(self):
        from django.contrib import admin

        from accounts import staff_login  # importing it connects the failed-login counters

        admin.site.login_form = staff_login.AdminSiteLoginForm
