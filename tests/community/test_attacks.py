"""Attack cases as tests: stored XSS in the page, CSRF, double submission, a 1 MB post,
another member's post."""
import pytest
from django.test import Client

from community.constants import Status
from community.models import Post, PostRevision, Thread
from tests.community.conftest import add_reply
from tests.community.htmlcheck import dangerous, elements

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause")]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "[win](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<body onload=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
]


def test_stored_xss_payloads_render_as_text_in_the_thread_page(logged_in, member, thread, client):
    logged_in(member)
    for number, payload in enumerate(PAYLOADS):
        response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": payload, "submission": f"x{number}"})
        assert response.status_code == 302
    client.logout()
    page = client.get(f"/en/community/t/{thread.pk}/").content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    assert dangerous(main) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in main
    assert "[win](javascript:alert(1))" in main


def test_xss_in_a_title_is_text(logged_in, member, client):
    logged_in(member)
    client.post("/en/community/daily-life/new/", {"title": "<script>alert(1)</script>", "body": "x", "submission": "t"})
    thread = Thread.objects.get(topic="daily-life", author=member)
    for url in (thread.get_absolute_url("en"), "/en/community/daily-life/"):
        page = client.get(url).content.decode()
        assert not any(tag == "script" and not attributes.get("src") for tag, attributes in elements(page))
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_every_board_form_needs_the_csrf_token(member, thread, other_member):
    reply = add_reply(thread, other_member)
    own = add_reply(thread, member)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member.user)
    forms = [
        ("/en/community/employment/new/", {"title": "T", "body": "B", "submission": "a"}),
        (f"/en/community/t/{thread.pk}/reply/", {"body": "B", "submission": "b"}),
        (f"/en/community/t/{thread.pk}/follow/", {"follow": "1"}),
        (f"/en/community/p/{own.pk}/edit/", {"body": "Changed"}),
        (f"/en/community/p/{own.pk}/delete/", {}),
        (f"/en/community/p/{reply.pk}/report/", {"reason": "spam"}),
    ]
    for url, data in forms:
        assert client.post(url, data).status_code == 403, url
    assert Post.objects.filter(thread=thread).count() == 3 and not thread.subscriptions.exists()
    own.refresh_from_db()
    assert own.status == Status.APPROVED and own.body_source != "Changed" and not reply.reports.exists()
    # With the token from the page, the same reply goes through.
    page = client.get(f"/en/community/t/{thread.pk}/")
    token = page.context["csrf_token"]
    submission = page.context["form"].initial["submission"]
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "B", "submission": submission,
                                                                    "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302


def test_submitting_the_same_form_twice_makes_one_post(logged_in, member, thread, client):
    logged_in(member)
    data = {"body": "Only once, please.", "submission": "same-token"}
    first = client.post(f"/en/community/t/{thread.pk}/reply/", data)
    second = client.post(f"/en/community/t/{thread.pk}/reply/", data)  # within 30 s: no "wait" error either
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Post.objects.filter(thread=thread, body_source="Only once, please.").count() == 1
    data = {"title": "Twice?", "body": "Once.", "submission": "thread-token"}
    client.post("/en/community/immigration/new/", data)
    client.post("/en/community/immigration/new/", data)
    assert Thread.objects.filter(title="Twice?").count() == 1


def test_a_one_megabyte_post_is_refused_and_nothing_is_saved(logged_in, member, thread, client):
    logged_in(member)
    before = (Post.objects.count(), Thread.objects.count())
    huge = "가" * (1024 * 1024)
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": huge, "submission": "big"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Your post is too long: 1,048,576 characters. Posts can have at most 10,000 characters." in page
    assert huge in page  # what was typed is kept
    response = client.post("/en/community/employment/new/", {"title": "Big", "body": huge, "submission": "big2"})
    assert response.status_code == 400 and "Your post is too long" in response.content.decode()
    assert (Post.objects.count(), Thread.objects.count()) == before


def test_a_body_larger_than_the_upload_limit_is_refused(logged_in, member, thread, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    logged_in(member)
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "x" * 200_000, "submission": "huge"})
    assert response.status_code == 400 and not Post.objects.filter(submission_token="huge").exists()


def test_another_member_cannot_edit_or_delete_a_post(logged_in, member, other_member, thread, client):
    theirs = thread.posts.get(position=0)
    logged_in(member)
    for url in (f"/en/community/p/{theirs.pk}/edit/", f"/en/community/p/{theirs.pk}/delete/"):
        assert client.get(url).status_code == 403
    assert client.post(f"/en/community/p/{theirs.pk}/edit/", {"body": "Hacked", "title": "Hacked"}).status_code == 403
    assert client.post(f"/en/community/p/{theirs.pk}/delete/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == Status.APPROVED and theirs.body_source != "Hacked" and not PostRevision.objects.exists()


def test_hidden_and_pending_posts_of_others_are_not_found(logged_in, member, other_member, thread, client):
    pending = add_reply(thread, other_member, status=Status.PENDING)
    logged_in(member)
    for url in (f"/en/community/p/{pending.pk}/edit/", f"/en/community/p/{pending.pk}/report/",
                f"/en/community/p/{pending.pk}/translation/"):
        assert client.get(url).status_code == 404, url
