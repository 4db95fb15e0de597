from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup


class SynonymViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 900
    add_to_settings_menu = True
    list_display = ["terms", "locale"]
    list_filter = ["locale"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)
