"""The counsellors' inbox: cases filtered and paged with a fixed number of queries.

Paging fetches one row more than a page instead of counting, so a page costs
the same with a thousand cases or a million; only non-personal columns are
read, so listing decrypts nothing. The rows reach the template as ready-made
text (inbox_rows): each label is translated once per page, not once per row.
"""
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from helpdesk.cases import OPEN_STATUSES
from helpdesk.constants import Channel, Status
from helpdesk.models import Case
from portal import languages, topics

PER_PAGE = 50
LIST_FIELDS = (
    "id", "code", "created_at", "language", "topic", "channel", "status", "interpretation", "first_answered_at",
    "region__id", "region__code", "region__names",
    "assigned_to__id", "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name",
)


@dataclass
class InboxPage:
    cases: list
    number: int
    has_previous: bool
    has_next: bool


def inbox_queryset(user, status="open", assigned="all", language="", topic=""):
    cases = Case.objects.select_related("region", "assigned_to").only(*LIST_FIELDS)
    if status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        cases = cases.filter(status=status)
    if assigned == "mine":
        cases = cases.filter(assigned_to=user)
    elif assigned == "unassigned":
        cases = cases.filter(assigned_to__isnull=True)
    if language:
        cases = cases.filter(language=language)
    if topic:
        cases = cases.filter(topic=topic)
    return cases.order_by("-created_at", "-id")


def inbox_page(user, filters, number=1, per_page=PER_PAGE):
    """One page of the inbox, newest first: one query whatever the filters."""
    number = max(1, number)
    start = (number - 1) * per_page
    rows = list(inbox_queryset(user, **filters)[start:start + per_page + 1])
    return InboxPage(rows[:per_page], number, number > 1, len(rows) > per_page)


@dataclass(frozen=True)
class InboxRow:
    """One case as the inbox shows it: plain text in the reader's language, nothing personal."""

    pk: int
    url: str
    code: str
    received: str  # "YYYY-MM-DD HH:MM" in the site's time zone
    language: str
    topic: str
    region: str
    channel: str
    status: str
    is_new: bool
    answered: bool
    interpretation: bool
    counsellor: str


def inbox_rows(cases):
    """InboxRows for a page of cases (no query).

    The labels are plain strings looked up in dicts made once per page: the
    template's get_FOO_display and lazy labels cost a translation lookup and a
    hash of every choice for each cell (about half the page's time with 50 rows).
    """
    language_names = {language.code: language.name for language in languages.LANGUAGES}
    topic_labels = {key: str(label) for key, label in topics.CHOICES}
    channel_labels = {value: str(label) for value, label in Channel.choices}
    status_labels = {value: str(label) for value, label in Status.choices}
    region_names, counsellor_names = {}, {}
    rows = []
    for case in cases:
        region, counsellor = case.region, case.assigned_to
        if region is not None and region.pk not in region_names:
            region_names[region.pk] = str(region)
        if counsellor is not None and counsellor.pk not in counsellor_names:
            counsellor_names[counsellor.pk] = counsellor.get_full_name() or counsellor.get_username()
        rows.append(InboxRow(
            pk=case.pk, url=reverse("helpdesk_admin_case", args=[case.pk]), code=case.code,
            received=timezone.localtime(case.created_at).strftime("%Y-%m-%d %H:%M"),
            language=language_names.get(case.language, case.language),
            topic=topic_labels.get(case.topic, case.topic),
            region=region_names[region.pk] if region is not None else "—",
            channel=channel_labels.get(case.channel, case.channel),
            status=status_labels.get(case.status, case.status), is_new=case.status == Status.NEW,
            answered=case.first_answered_at is not None, interpretation=case.interpretation,
            counsellor=counsellor_names[counsellor.pk] if counsellor is not None else "—",
        ))
    return rows
