"""The page form every portal page uses in the admin."""
import re

from wagtail.admin.forms import WagtailAdminPageForm

from portal.slugs import readable_slug

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


class PortalPageForm(WagtailAdminPageForm):
    def clean_slug(self):
        # Translations copy the source page's slug, so a Korean slug would end up in
        # every language's URL: Korean becomes its romanisation (외국인등록 ->
        # oegugindeungnok); a slug the editor typed in Latin letters is kept.
        slug = self.cleaned_data.get("slug") or ""
        return readable_slug(slug) if HANGUL.search(slug) else slug
