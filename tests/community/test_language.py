"""The language of a post: detected from its script, corrected by its author, marked in the page."""
import pytest

from community import language
from community.models import Thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause")]


@pytest.mark.parametrize("text,interface,expected", [
    ("월급을 못 받았어요", "en", "ko"),
    ("ค่าจ้างค้าง", "en", "th"),
    ("ប្រាក់ខែ", "vi", "km"),
    ("तलब पाएको छैन", "en", "ne"),
    ("Зарплату не платят", "uz", "ru"),
    ("تنخواہ نہیں ملی", "en", "ur"),
    ("給料がもらえません", "en", "ja"),
    ("工资", "ja", "ja"),  # Han characters alone, typed by a Japanese reader
    ("工资没发", "en", "zh-hans"),
    ("Chưa nhận lương", "vi", "vi"),  # Latin script: the interface language when it is Latin
    ("Gaji belum dibayar", "id", "id"),
    ("Unpaid wages", "ko", "en"),  # Latin script in a Korean interface: English
])
def test_detection(text, interface, expected):
    assert language.detect(text, interface) == expected


def test_the_author_corrects_the_language(logged_in, member, client):
    logged_in(member)
    client.post("/vi/community/employment/new/", {"title": "Gaji belum dibayar", "body": "Bos saya belum bayar.",
                                                  "language": "id", "submission": "lang"})
    thread = Thread.objects.get(author=member, topic="employment", title="Gaji belum dibayar")
    assert thread.language == "id" and thread.posts.get(position=0).language == "id"
    page = client.get(thread.get_absolute_url("vi")).content.decode()
    assert '<h1 lang="id" dir="auto">Gaji belum dibayar</h1>' in page
    assert '<div class="post-body" lang="id" dir="ltr">' in page


def test_an_unknown_language_choice_is_an_error_with_the_text_kept(logged_in, member, client):
    logged_in(member)
    response = client.post("/en/community/employment/new/", {"title": "T", "body": "Typed text", "language": "xx",
                                                              "submission": "bad"})
    assert response.status_code == 400 and "Typed text" in response.content.decode()


def test_urdu_posts_are_right_to_left(logged_in, member, client):
    logged_in(member)
    client.post("/ur/community/daily-life/new/", {"title": "بینک اکاؤنٹ", "body": "بینک اکاؤنٹ کیسے کھولیں؟",
                                                  "submission": "ur"})
    thread = Thread.objects.get(author=member, topic="daily-life")
    page = client.get(thread.get_absolute_url("ur")).content.decode()
    assert '<html lang="ur" dir="rtl">' in page and '<div class="post-body" lang="ur" dir="rtl">' in page
