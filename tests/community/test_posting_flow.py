"""Asking and answering through the pages: new thread, reply, pending for new members, approval."""
import pytest

from community import moderation
from community.constants import ActionKind, Status
from community.models import ModerationAction, Post, Thread
from tests.community.conftest import add_reply, make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause")]


def new_thread_form(client, topic="employment"):
    response = client.get(f"/en/community/{topic}/new/")
    assert response.status_code == 200
    return response.context["form"].initial["submission"]


def test_a_member_starts_a_thread_and_it_is_public(logged_in, member, client):
    logged_in(member)
    token = new_thread_form(client)
    response = client.post("/en/community/employment/new/", {
        "title": "Unpaid wages in Ansan", "body": "My boss has not paid me.\n\n- 2 months\n- 3 people",
        "language": "", "submission": token})
    thread = Thread.objects.get(title="Unpaid wages in Ansan")
    assert response.status_code == 302 and response["Location"].startswith(f"/en/community/t/{thread.pk}/")
    assert thread.status == Status.APPROVED and thread.language == "en" and thread.author == member
    opening = thread.posts.get(position=0)
    assert opening.body_html == "<p>My boss has not paid me.</p><ul><li>2 months</li><li>3 people</li></ul>"
    page = client.get(response["Location"]).content.decode()
    assert '<div class="post-body" lang="en" dir="ltr"><p>My boss has not paid me.</p>' in page
    assert "Your post is published." in page
    board = client.get("/en/community/employment/")
    assert "Unpaid wages in Ansan" in board.content.decode()


def test_a_reply_is_public_and_counted(logged_in, member, thread, client):
    logged_in(member)
    token = client.get(f"/en/community/t/{thread.pk}/").context["form"].initial["submission"]
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "Call 1350.", "submission": token})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.reply_count == 1
    reply = thread.posts.get(position=1)
    assert reply.status == Status.APPROVED and thread.last_activity_at == reply.created_at
    assert "Call 1350." in client.get(f"/en/community/t/{thread.pk}/").content.decode()


def test_a_new_members_post_waits_for_approval_and_then_appears(logged_in, new_member, thread, client, make_member):
    logged_in(new_member)
    token = client.get(f"/en/community/t/{thread.pk}/").context["form"].initial["submission"]
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "Me too, in Suwon.", "submission": token})
    assert response.status_code == 302
    reply = thread.posts.get(position=1)
    assert reply.status == Status.PENDING
    own_view = client.get(response["Location"]).content.decode()
    assert "Me too, in Suwon." in own_view and "Only you can see this post until a moderator approves it." in own_view
    assert "a moderator has approved it" in own_view
    client.logout()
    assert "Me too, in Suwon." not in client.get(f"/en/community/t/{thread.pk}/").content.decode()
    thread.refresh_from_db()
    assert thread.reply_count == 0

    moderator = make_member("Moderator").user
    moderation.approve(reply, moderator, reason="Looks fine")
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert "Me too, in Suwon." in client.get(f"/en/community/t/{thread.pk}/").content.decode()
    assert ModerationAction.objects.filter(action=ActionKind.APPROVE, post=reply, moderator=moderator).exists()


def test_a_new_members_thread_is_visible_only_to_them_until_approved(logged_in, new_member, client):
    logged_in(new_member)
    token = new_thread_form(client, "housing")
    response = client.post("/en/community/housing/new/", {"title": "Deposit not returned", "body": "Help please.",
                                                           "submission": token})
    thread = Thread.objects.get(title="Deposit not returned")
    assert thread.status == Status.PENDING
    assert "waiting for a moderator" in client.get(response["Location"]).content.decode()
    client.logout()
    assert client.get(thread.get_absolute_url("en")).status_code == 404
    assert "Deposit not returned" not in client.get("/en/community/housing/").content.decode()


def test_thread_pages_hold_fifty_replies(member, other_member, client):
    thread = make_thread(member)
    for number in range(1, 56):
        add_reply(thread, other_member, body=f"Answer number {number}.")
    first = client.get(f"/en/community/t/{thread.pk}/").content.decode()
    second = client.get(f"/en/community/t/{thread.pk}/?page=2").content.decode()
    assert "Answer number 50." in first and "Answer number 51." not in first
    assert "Answer number 51." in second and "Answer number 55." in second and "Page 2 of 2" in second
    assert client.get(f"/en/community/t/{thread.pk}/?page=99").status_code == 200  # the last page
    assert client.get(f"/en/community/t/{thread.pk}/?page=x").status_code == 200


def test_board_pages_go_on_with_a_cursor(member, client, settings):
    settings.COMMUNITY_THREADS_PER_PAGE = 2
    for number in range(5):
        make_thread(member, title=f"Question {number}", topic="healthcare")
    first = client.get("/en/community/healthcare/")
    titles = [item["thread"].title for item in first.context["threads"]]
    assert len(titles) == 2 and first.context["next_page_url"]
    second = client.get(first.context["next_page_url"])
    more = [item["thread"].title for item in second.context["threads"]]
    assert len(more) == 2 and not set(titles) & set(more)
    assert client.get("/en/community/healthcare/?before=garbage").status_code == 200


def test_region_filter_includes_a_provinces_cities(member, client):
    from services.regions import load_regions
    from services.models import Region

    load_regions()
    suwon = Region.objects.get(code="KR-41110")
    make_thread(member, title="Suwon question", region=suwon)
    make_thread(member, title="Seoul question", region=Region.objects.get(code="KR-11"))
    gyeonggi = client.get("/en/community/employment/?region=KR-41").content.decode()
    assert "Suwon question" in gyeonggi and "Seoul question" not in gyeonggi
    city = client.get("/en/community/employment/?region=KR-41110").content.decode()
    assert "Suwon question" in city and "Seoul question" not in city
    unknown = client.get("/en/community/employment/?region=KR-99")
    assert unknown.status_code == 400 and "There is no region with the code KR-99" in unknown.content.decode()


def test_a_region_name_borrowed_from_english_is_marked_on_an_urdu_board(member, client):
    from services.models import Region
    from services.regions import load_regions

    load_regions()
    yeosu = Region.objects.create(
        code="KR-46130", kind="city", parent=Region.objects.get(code="KR-46"), names={"ko": "여수시", "en": "Yeosu"},
        latitude=34.76, longitude=127.66, south=34.5, west=127.4, north=34.9, east=127.9)
    borrowed = make_thread(member, title="Yeosu question", region=yeosu)
    make_thread(member, title="Suwon question", region=Region.objects.get(code="KR-41110"))
    board = client.get("/ur/community/employment/").content.decode()
    assert '· <span lang="en" dir="ltr">Yeosu</span>' in board and "· سوون" in board
    thread = client.get(f"/ur/community/t/{borrowed.pk}/").content.decode()
    assert '<span lang="en" dir="ltr">Yeosu</span>' in thread


def test_board_index_counts_public_threads(member, client):
    make_thread(member, topic="welfare")
    make_thread(member, topic="welfare", status=Status.PENDING)
    response = client.get("/en/community/")
    board = {b["key"]: b for b in response.context["boards"]}
    assert board["welfare"]["count"] == 1 and "1 thread" in response.content.decode()


def test_unknown_boards_and_threads_are_404(client):
    assert client.get("/en/community/no-such-topic/").status_code == 404
    assert client.get("/en/community/t/999999/").status_code == 404


def test_anonymous_readers_are_asked_to_log_in(client, thread):
    page = client.get(f"/en/community/t/{thread.pk}/").content.decode()
    assert "Log in to answer" in page and 'name="body"' not in page
    response = client.get("/en/community/employment/new/")
    assert response.status_code == 302 and "/en/account/login/" in response["Location"]
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "x"})
    assert response.status_code == 302 and Post.objects.filter(thread=thread).count() == 1


def test_an_unverified_member_is_told_to_confirm_their_email(logged_in, make_member, thread, client):
    logged_in(make_member("Unverified", verified=False))
    response = client.get("/en/community/employment/new/")
    assert response.status_code == 403
    assert "Confirm your email address before you post" in response.content.decode()
    assert "Confirm your email address" in client.get(f"/en/community/t/{thread.pk}/").content.decode()


def test_a_staff_account_without_a_nickname_cannot_post(client, thread, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", "editor@example.org", "x"))
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "x", "submission": "t"})
    assert response.status_code == 403 and "Choose a public nickname" in response.content.decode()
