"""Landmarks a screen reader lists can be told apart: no two of one role share a name (axe landmark-unique).

The home page once had two navigations named "Services" (its cards and the footer), and each statistics
table's scroll region carried its section's name.
"""
import datetime
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from helpdesk.models import Case

pytestmark = pytest.mark.django_db

SECTIONING = ("article", "aside", "main", "nav", "section")


def accessible_name(element, html):
    if element.get("aria-label"):
        return element["aria-label"].strip()
    ids = element.get("aria-labelledby", "").split()
    return " ".join(html.find(id=name).get_text(" ", strip=True) for name in ids if html.find(id=name))


def landmarks(html):
    """[(role, name)] of every landmark of the page, as browsers map HTML elements to roles."""
    found = []
    for element in html.find_all(True):
        name = accessible_name(element, html)
        role = element.get("role")
        if role is None:
            if element.name in ("header", "footer"):
                if element.find_parent(SECTIONING):
                    continue
                role = "banner" if element.name == "header" else "contentinfo"
            else:
                role = {"nav": "navigation", "main": "main", "aside": "complementary"}.get(element.name)
                if element.name in ("section", "form") and name:  # landmarks only when named
                    role = "region" if element.name == "section" else "form"
        if role in ("banner", "contentinfo", "navigation", "main", "complementary", "search", "region", "form"):
            found.append((role, name))
    return found


def assert_unique(response):
    assert response.status_code == 200
    found = landmarks(BeautifulSoup(response.content.decode(), "html.parser"))
    repeated = [landmark for landmark, count in Counter(found).items() if count > 1]
    assert not repeated, repeated
    return found


@pytest.mark.parametrize("language", ["en", "vi", "km", "ur"])
def test_home_page_landmarks_have_distinct_names(client, language):
    found = assert_unique(client.get(f"/{language}/"))
    assert sum(role == "navigation" for role, _name in found) >= 3  # help lines, services, topics, footer


@pytest.fixture
def published_month(frozen_now):
    start = datetime.datetime(2024, 1, 10, 10, tzinfo=datetime.timezone.utc)
    Case.objects.bulk_create(Case(code=f"vi{index}", created_at=start, language="vi", topic="employment")
                             for index in range(12))


@pytest.mark.parametrize("language", ["en", "ur"])
def test_statistics_sections_and_their_scroll_regions_have_distinct_names(client, published_month, language):
    found = assert_unique(client.get(f"/{language}/help/statistics/", {"from": "2024-01", "to": "2024-01"}))
    regions = [name for role, name in found if role == "region"]
    assert len(regions) >= 6 and all(regions)  # each table: its section and its scroll region, both named
