"""Importing places and events from the admin: upload → preview (nothing saved) → confirm → saved.

The preview and the saving run the commands' importers, so the rows and
reasons are theirs; these tests check what the admin adds: nothing is saved
before the confirmation, each bad line is shown with its number in the editor's
admin language, the confirmation saves the good lines once, and the upload
stays on the server, reachable only with its user's signed token.
"""
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from wagtail.users.models import UserProfile

from portal import roles
from search.models import IndexEntry
from services import pending_imports
from services.models import Event, Place
from tests.permissions import log_in
from tests.services.test_ical import calendar
from tests.services.test_import_events import CLASS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("regions", "no_elasticsearch")]

HEADER = "external_id,locale,name,description,category,latitude,longitude,region,phone\n"
PLACES_CSV = HEADER + (
    "ajou,ko,아주대학교병원,대학병원,hospital,37.280,127.047,KR-41110,1688-6114\n"  # line 2
    "broken,ko,잘못된 행,,castle,37.2,127.0,,\n"  # line 3: unknown category
    "immigration,ko,수원출입국·외국인사무소,,immigration-office,37.249,127.071,KR-41110,1345\n"  # line 4
    "ajou,en,Ajou University Hospital,A university hospital,,,,,\n"  # line 5: a translation
)


def editor(username="editor", language="en"):
    user = User.objects.create_user(username=username, password="not-used-123")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def editor_client(client):
    return log_in(client, editor())


def upload(client, kind, text, name="places.csv", **fields):
    response = client.post(f"/admin/services/import/{kind}/",
                           {"file": SimpleUploadedFile(name, text.encode()), **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(f"/admin/services/import/{kind}/preview/?token=")
    return response["Location"]


def token_of(preview_html):
    return re.search(r'name="token" value="([^"]+)"', preview_html).group(1)


def cells(html, table_class):
    table = re.search(rf'<table class="listing {table_class}">(.*?)</table>', html, re.S).group(1)
    return [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)][1:]


def test_the_preview_shows_what_would_happen_and_saves_nothing(editor_client, django_capture_on_commit_callbacks):
    preview_url = upload(editor_client, "places", PLACES_CSV)
    with django_capture_on_commit_callbacks() as on_commit:
        html = editor_client.get(preview_url).content.decode()
    assert not Place.objects.exists()
    assert not IndexEntry.objects.filter(type="place").exists()
    assert on_commit == []  # not even a search-index update waits for a commit
    assert "Read: 4. Would be created: 3; updated: 0; unchanged: 0; skipped: 1." in html
    assert cells(html, "import-errors") == [["3", "unknown category &#x27;castle&#x27;"]]
    assert cells(html, "import-changes") == [
        ["아주대학교병원", "ko", "new"], ["수원출입국·외국인사무소", "ko", "new"], ["Ajou University Hospital", "en", "new"]]
    assert "Save the import" in html


def test_a_bad_line_is_reported_with_its_number_in_the_admin_users_language(client):
    # The reason is the importer's, translated when shown (services.import_reasons) from locale/vi.
    log_in(client, editor("biên-tập-viên", language="vi"))
    html = client.get(upload(client, "places", PLACES_CSV)).content.decode()
    assert cells(html, "import-errors") == [["3", "danh mục không xác định &#x27;castle&#x27;"]]


def test_confirming_saves_the_good_lines_once(editor_client, django_capture_on_commit_callbacks):
    html = editor_client.get(upload(editor_client, "places", PLACES_CSV)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/admin/services/import/places/confirm/", {"token": token_of(html)})
    result = response.content.decode()
    assert response.status_code == 200
    assert "Read: 4. Created: 3; updated: 0; unchanged: 0; skipped: 1." in result
    assert cells(result, "import-errors") == [["3", "unknown category &#x27;castle&#x27;"]]
    assert sorted(Place.objects.values_list("external_id", "locale__language_code")) == [
        ("ajou", "en"), ("ajou", "ko"), ("immigration", "ko")]
    assert IndexEntry.objects.filter(type="place").count() == 3

    again = editor_client.post("/admin/services/import/places/confirm/", {"token": token_of(html)})
    assert again.status_code == 302 and again["Location"] == "/admin/services/import/places/"
    assert Place.objects.count() == 3 and not pending_imports.PendingImport.objects.exists()


def test_importing_the_same_file_again_changes_nothing(editor_client):
    html = editor_client.get(upload(editor_client, "places", PLACES_CSV)).content.decode()
    editor_client.post("/admin/services/import/places/confirm/", {"token": token_of(html)})
    html = editor_client.get(upload(editor_client, "places", PLACES_CSV)).content.decode()
    assert "Would be created: 0; updated: 0; unchanged: 3; skipped: 1." in html
    assert "There is nothing to save from this file." in html and "Save the import" not in html


def test_an_events_file_is_previewed_then_imported(editor_client):
    text = calendar(CLASS)
    html = editor_client.get(upload(editor_client, "events", text, name="events.ics", locale="ko",
                                    region="KR-41110")).content.decode()
    assert not Event.objects.exists()
    assert cells(html, "import-changes") == [["한국어 교실", "ko", "new"]]
    response = editor_client.post("/admin/services/import/events/confirm/", {"token": token_of(html)})
    assert response.status_code == 200
    event = Event.objects.get()
    assert (event.uid, event.region.code, event.recurrence_kind) == ("class@suwon", "KR-41110", "weekly")


def test_a_bad_event_is_reported_with_its_line_and_uid(editor_client):
    text = calendar(CLASS, "UID:daily@x\nSUMMARY:매일 체조\nDTSTART:20261201T070000\nDURATION:PT1H\n"
                           "GEO:37.2636;127.0286\nRRULE:FREQ=DAILY")
    html = editor_client.get(upload(editor_client, "events", text, name="events.ics", locale="ko")).content.decode()
    [[line, uid, reason]] = cells(html, "import-errors")
    assert (uid, reason) == ("daily@x", "FREQ=DAILY is not supported: only WEEKLY and MONTHLY repetitions")
    assert text.splitlines()[int(line) - 1] == "BEGIN:VEVENT"


def test_a_cut_off_calendar_is_refused_whole(editor_client):
    text = calendar(CLASS)
    html = editor_client.get(upload(editor_client, "events", text[: text.rindex("END:VCALENDAR")],
                                    name="events.ics", locale="ko")).content.decode()
    assert "Nothing can be imported from this file:" in html and "is cut off at line" in html
    assert "Save the import" not in html


def test_the_upload_is_reachable_only_with_its_users_token(editor_client):
    html = editor_client.get(upload(editor_client, "places", PLACES_CSV)).content.decode()
    token = token_of(html)
    colleague = log_in(Client(), editor("colleague"))
    for client, data in ((colleague, {"token": token}), (editor_client, {"token": token[:-2] + "xx"}),
                         (editor_client, {})):
        response = client.post("/admin/services/import/places/confirm/", data)
        assert response.status_code == 302 and response["Location"] == "/admin/services/import/places/"
    assert colleague.get(f"/admin/services/import/places/preview/?token={token}").status_code == 302
    assert editor_client.post("/admin/services/import/events/confirm/", {"token": token}).status_code == 302
    assert not Place.objects.exists()


def test_an_expired_upload_cannot_be_confirmed(editor_client, time_machine):
    html = editor_client.get(upload(editor_client, "places", PLACES_CSV)).content.decode()
    time_machine.move_to(timezone.now() + timedelta(seconds=pending_imports.TOKEN_MAX_AGE + 1))
    response = editor_client.post("/admin/services/import/places/confirm/", {"token": token_of(html)})
    assert response.status_code == 302 and not Place.objects.exists()


@pytest.mark.parametrize("body, words", [
    ("이름,위도\n".encode("cp949"), "not UTF-8"),
    (b"x" * (pending_imports.MAX_UPLOAD_BYTES + 1), "larger than 5 MB"),
])
def test_a_file_that_cannot_be_read_is_refused_at_upload(editor_client, body, words):
    response = editor_client.post("/admin/services/import/places/", {"file": SimpleUploadedFile("p.csv", body)})
    assert response.status_code == 200 and words in response.content.decode()
    assert not pending_imports.PendingImport.objects.exists()


def test_editors_reach_the_import_from_the_listings_and_the_menu(editor_client):
    for model, kind in (("place", "places"), ("event", "events")):
        listing = editor_client.get(f"/admin/snippets/services/{model}/").content.decode()
        assert f'href="/admin/services/import/{kind}/"' in listing
    dashboard = editor_client.get("/admin/").content.decode()
    assert "/admin/services/import/places/" in dashboard and "/admin/services/import/events/" in dashboard
