"""The dashboard's filters: a date range (Korean dates, both days included) and optional categories."""
import datetime

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpdesk import statistics, stats_labels
from helpdesk.constants import Channel, ResidentType
from portal import languages, topics

MAX_DAYS = 10 * 366  # the month buckets stay a short CASE; ten years is more than anyone compares


def today():
    return timezone.localtime(timezone.now(), statistics.TIME_ZONE).date()


def default_range(day=None):
    """The last 12 months: from the first day of the month 11 months ago to today."""
    day = day or today()
    start = day.replace(day=1)
    for _month in range(11):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return start, day


def _region_choices(regions):
    """Provinces with their cities and counties under them, indented."""
    by_parent = {}
    for region in regions.values():
        by_parent.setdefault(region.parent_id, []).append(region)
    choices = [("", _("All regions"))]
    for province in sorted(by_parent.get(None, []), key=lambda region: region.code):
        choices.append((province.code, stats_labels.region_name(province)))
        choices += [(city.code, "— " + stats_labels.region_name(city))
                    for city in sorted(by_parent.get(province.pk, []), key=lambda region: region.code)]
    return choices


class DashboardFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (included)"), widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.ChoiceField(label=_("Language"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False,
                              choices=[("", _("All topics")), *topics.CHOICES])
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("All channels")), *Channel.choices])
    resident_type = forms.ChoiceField(label=_("Who asked"), required=False,
                                      choices=[("", _("Everyone")), *ResidentType.choices])

    def __init__(self, data=None, **kwargs):
        start, end = default_range()
        if not data:  # the page opened without filters: the last 12 months
            data = {"start": start.isoformat(), "end": end.isoformat()}
        super().__init__(data, **kwargs)
        self.regions = statistics.regions_by_id()
        self.fields["region"].choices = _region_choices(self.regions)
        self.fields["language"].choices = [("", _("All languages"))] + [
            (language.code, stats_labels.language_name_for_staff(language.code)) for language in languages.LANGUAGES]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The last day must not come before the first day."))
            elif (end - start).days >= MAX_DAYS:
                self.add_error("start", _("Choose at most ten years at a time."))
        return cleaned

    def filters(self):
        """statistics.Filters for the valid form; the end day is included, so the range ends the day after."""
        data = self.cleaned_data
        region_ids = ()
        if data["region"]:
            chosen = next(region for region in self.regions.values() if region.code == data["region"])
            region_ids = statistics.region_and_descendant_ids(chosen, self.regions)
        return statistics.Filters(
            start=data["start"], end=data["end"] + datetime.timedelta(days=1), language=data["language"],
            region_ids=region_ids, topic=data["topic"], channel=data["channel"], resident_type=data["resident_type"],
        )

    def query_string(self):
        """The filters as a query string, for the CSV links."""
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = self.data.get(name, "")
            if value:
                query[name] = value
        return query.urlencode()
