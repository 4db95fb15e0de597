from allauth.mfa.base import views as mfa_views
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from community import urls as community_urls
from helpdesk import urls as helpdesk_urls
from helpdesk import stats_urls as helpdesk_stats_urls
from home.api import api_router
from portal import health, machine_translation_views, views
from search import urls as search_urls
from services import urls as services_urls

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
# allauth answers its throttles with a 429 page: ours says when to try again (Retry-After), in the reader's language.
handler429 = "portal.too_many_requests.allauth_page"

urlpatterns = [
    path("", views.root, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", views.robots_txt),
    path("sitemap.xml", sitemap),
    path("api/v2/", api_router.urls),
    *search_urls.api_urlpatterns,
    *services_urls.api_urlpatterns,
    path("search/", views.search_redirect),
    # Ours first: explains unconfigured or refusing providers to the editor.
    path(
        "admin/localize/translate/<int:translation_id>/machine_translate/",
        machine_translation_views.machine_translate,
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    # Members: our account pages, then allauth's sign-up, log-in and reset, in the reader's language.
    path("account/", include("accounts.urls")),
    path("account/", include("allauth.account.urls")),
    # Of allauth's two-factor pages only the code step of a login is served: staff who sign in on the
    # members' page give their code there. Members do not manage authenticators (the pages are not ours
    # and not translated into the readers' languages); staff enrol in the admin (accounts.second_factor).
    path("account/2fa/authenticate/", mfa_views.authenticate, name="mfa_authenticate"),
    *search_urls.page_urlpatterns, *services_urls.page_urlpatterns, *helpdesk_urls.page_urlpatterns, *helpdesk_stats_urls.page_urlpatterns, *community_urls.page_urlpatterns, path("", include(wagtail_urls)), prefix_default_language=True
)
