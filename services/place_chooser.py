"""The place chooser of the admin (an event's "place"): search by name or address, filter by region and category.

Wagtail gives a snippet chooser a search box only when the model is indexed by
wagtail.search (index.Indexed), and its database backend does not analyse Korean
(docs/decisions/0005-embedded-search.md): "수원" would not find "수원시". The chooser
matches parts of words in the database instead, the same on SQLite and PostgreSQL,
in the name and address of every language version of a place, so an editor finds
아주대학교병원 by typing "Ajou" when the place has an English name.

It lists each place once, in its Korean version: an event's place is always the
Korean version (services.models.Event.copy_place_location), and the name in the
editor's admin language is shown next to it when the place has one.
"""
from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from portal import languages
from services import categories

MAX_WORDS = 8  # every word is a subquery; a pasted paragraph should not become fifty
FILTER = {"data-chooser-modal-search-filter": True}  # Wagtail's chooser reloads the results on change


def _contains(field, word):
    """field contains word, ignoring case. SQLite's LIKE ignores the case of ASCII letters
    only, so the usual spellings of other alphabets' words are tried too ("больница" finds
    "Больница"); on PostgreSQL they are redundant and harmless."""
    spellings = {word, word.lower(), word.upper(), word.capitalize(), word.title()}
    condition = Q()
    for spelling in spellings:
        condition |= Q(**{f"{field}__icontains": spelling})
    return condition


def search_places(places, text):
    """The places (a queryset) some language version of which has each word of text in its
    name or address (a word may match in one version, the next in another)."""
    from services.models import Place

    for word in text.split()[:MAX_WORDS]:
        versions = Place.objects.filter(_contains("name", word) | _contains("address", word))
        places = places.filter(translation_key__in=versions.values("translation_key"))
    return places


def region_choices():
    """("", all) then each province followed by its cities and counties, indented, in the admin language."""
    from services.models import Region

    regions = list(Region.objects.all())
    children = {}
    for region in regions:
        children.setdefault(region.parent_id, []).append(region)
    choices = [("", _("All regions"))]
    for province in sorted(children.get(None, []), key=str):
        choices.append((province.code, str(province)))
        choices += [(city.code, f"— {city}") for city in sorted(children.get(province.pk, []), key=str)]
    return choices


class PlaceFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Name or address"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Search")}))
    region = forms.ChoiceField(required=False, widget=forms.Select(attrs=FILTER))
    category = forms.ChoiceField(required=False, widget=forms.Select(attrs=FILTER),
                                 choices=[("", _("All categories")), *categories.CHOICES])

    def __init__(self, *args, **kwargs):
        from services.models import Place

        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()
        for name in ("region", "category"):  # the model's own labels, in the admin language
            self.fields[name].label = capfirst(Place._meta.get_field(name).verbose_name)

    def filter(self, objects):
        from services.models import Region

        objects = super().filter(objects)
        region = Region.objects.filter(code=self.cleaned_data.get("region") or None).first()
        if region is not None:  # a province holds its cities' places
            objects = objects.filter(region__in=region.with_descendants())
        if self.cleaned_data.get("category"):
            objects = objects.filter(category=self.cleaned_data["category"])
        text = (self.cleaned_data.get("q") or "").strip()
        if text:
            objects = search_places(objects, text)
            self.is_searching, self.search_query = True, text
        return objects


class PlaceChooseViewMixin:
    filter_form_class = PlaceFilterForm
    ordering = ["name", "pk"]

    def get_object_list(self):
        return (self.model_class.objects.filter(locale__language_code=languages.SOURCE_LANGUAGE)
                .select_related("region"))

    def get_results_page(self, request):
        page = super().get_results_page(request)
        self.names_in_admin_language = self._names_in_admin_language(page.object_list)
        return page

    def _names_in_admin_language(self, places):
        """{translation_key: name} of the page's places in the admin language (one query)."""
        language = get_language()
        if not language or language == languages.SOURCE_LANGUAGE:
            return {}
        return dict(self.model_class.objects.filter(
            translation_key__in=[place.translation_key for place in places], locale__language_code=language,
        ).values_list("translation_key", "name"))

    def display_name(self, place):
        translated = self.names_in_admin_language.get(place.translation_key)
        return f"{place.name} · {translated}" if translated and translated != place.name else place.name

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = self.display_name
        return column

    @property
    def columns(self):
        field = self.model_class._meta.get_field
        return [
            self.title_column,
            Column("address", label=capfirst(field("address").verbose_name)),
            Column("region", label=capfirst(field("region").verbose_name)),
            Column("category_label", label=capfirst(field("category").verbose_name)),
        ]


class PlaceChooseView(PlaceChooseViewMixin, ChooseView):
    pass


class PlaceChooseResultsView(PlaceChooseViewMixin, ChooseResultsView):
    pass


class PlaceChooserViewSet(SnippetChooserViewSet):
    """Set as PlaceViewSet.chooser_viewset_class (services.wagtail_hooks)."""

    choose_view_class = PlaceChooseView
    choose_results_view_class = PlaceChooseResultsView
