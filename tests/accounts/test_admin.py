"""Members in the Wagtail admin: listed for Administrators, without emails."""
import pytest
from django.contrib.auth.models import Group, User

from portal import roles
from tests.accounts.conftest import make_member
from tests.permissions import log_in

pytestmark = pytest.mark.django_db


def _staff(group_name):
    user = User.objects.create_user(username=f"staff-{group_name}", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_administrators_see_members_but_no_emails(client):
    member = make_member("lan.nguyen@example.org", "Lan")
    log_in(client, _staff(roles.ADMINISTRATORS))
    listing = client.get("/admin/snippets/accounts/member/")
    assert listing.status_code == 200
    assert b"Lan" in listing.content and b"lan.nguyen@example.org" not in listing.content
    inspect = client.get(f"/admin/snippets/accounts/member/inspect/{member.member.pk}/")
    assert inspect.status_code == 200
    assert b"Lan" in inspect.content and b"lan.nguyen@example.org" not in inspect.content
    # Read-only: no editing the member's nickname from here.
    assert client.get(f"/admin/snippets/accounts/member/edit/{member.member.pk}/").status_code in (302, 403)
