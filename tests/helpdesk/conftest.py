"""Help-desk fixtures: users in each role, a region, a partner and a way to open cases."""
import pytest
from django.contrib.auth.models import Group, User

from helpdesk import cases
from helpdesk.constants import ContactMethod
from helpdesk.models import Partner
from portal import roles
from services.models import Region

ROLE_GROUPS = {
    "member": None,
    "editor": roles.EDITORS,
    "counsellor": roles.COUNSELLORS,
    "manager": roles.HELPDESK_MANAGERS,
    "administrator": roles.ADMINISTRATORS,
}


@pytest.fixture
def make_user(db):
    def make(role, username=None):
        user = User.objects.create_user(username=username or role, password="x-" + role)
        if ROLE_GROUPS[role]:
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        return user

    return make


@pytest.fixture
def counsellor(make_user):
    return make_user("counsellor")


@pytest.fixture
def region(db):
    province = Region.objects.create(code="KR-46", kind="province", names={"ko": "전라남도", "en": "Jeollanam-do"},
                                     latitude=34.8, longitude=126.9, south=34.0, west=125.0, north=35.5, east=127.9)
    return Region.objects.create(code="KR-46830", kind="county", parent=province, names={"ko": "영암군", "en": "Yeongam"},
                                 latitude=34.8, longitude=126.7, south=34.6, west=126.4, north=34.9, east=126.9)


@pytest.fixture
def partner(db):
    return Partner.objects.create(name="Mokpo Labour Attorneys", kind="labour attorney", phone="061-000-0000")


@pytest.fixture
def open_case(db):
    """open_case(**overrides) -> (case, code) with a phone contact by default."""

    def make(**overrides):
        fields = {
            "language": "vi", "topic": "employment", "question": "Công ty không trả lương ba tháng.",
            "contact_method": ContactMethod.PHONE, "contact_value": "010-1234-5678", "name": "Nguyen Van A",
            **overrides,
        }
        return cases.open_case(**fields)

    return make
