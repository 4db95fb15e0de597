"""Members for the account tests, made directly (sign-up itself is tested through the views)."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from accounts.adapter import opaque_username
from accounts.models import Member

PASSWORD = "correct horse battery 42"


def make_member(email, nickname, password=PASSWORD, verified=True):
    user = get_user_model().objects.create_user(username=opaque_username(), email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    Member.objects.create(user=user, nickname=nickname)
    return user


@pytest.fixture
def lan(db):
    return make_member("lan.nguyen@example.org", "Lan")


@pytest.fixture
def minh(db):
    return make_member("minh.tran@example.org", "Minh")


def signup_data(nickname="Hoa", email="hoa@example.org", password=PASSWORD):
    return {"nickname": nickname, "email": email, "password1": password, "password2": password}


def link_in(message):
    """The first link in a mail's text body."""
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def logged_in(client):
    return "_auth_user_id" in client.session
