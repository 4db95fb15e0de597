"""Outside services that are down (a dead port) or hang (a black hole): every reader's and editor's
action still answers, quickly, with the clear fallback, and repeated failures open the service's
circuit breaker so that later calls do not touch the network at all. Loopback only."""
import smtplib
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone, translation

from accounts.models import Member
from helpdesk import cases
from helpdesk.models import Answer, Case
from tests.helpdesk.test_ask import valid
from portal import circuit, machine_translation
from search import engines, service
from services import geocoding
from tests.community.conftest import make_member, make_thread  # noqa: F401  (make_member is a fixture)
from tests.conftest import article

pytestmark = pytest.mark.django_db

SEARCH = {"q": "병원", "locale": "ko"}
BREAKER_THRESHOLD = 3  # failures in a row before each service's breaker opens


def _timed(call, *args, **kwargs):
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def _state(name):
    return circuit.states()[name]["state"]


def _connections_after_a_moment(hole):
    time.sleep(0.2)  # the black hole accepts in a thread of its own
    return len(hole.connections)


# --- Elasticsearch ---------------------------------------------------------------

@pytest.fixture
def hospital_page(import_jsonl, django_capture_on_commit_callbacks, settings):
    settings.ELASTICSEARCH_URL = ""  # indexed by the embedded engine only, before the cluster "fails"
    with django_capture_on_commit_callbacks(execute=True):
        import_jsonl(article(key="hospital-guide", locale="ko", topic="healthcare", title="외국인 병원 이용 안내",
                             body="병원에 갈 때는 외국인등록증을 가져가세요."))


@pytest.fixture(params=["black_hole", "dead_port"])
def failing_cluster(request, settings, hospital_page, client):
    """ELASTICSEARCH_URL at a loopback port that hangs or refuses; yields the black hole (or None)."""
    # Loading views and templates on the very first request is not what is measured.
    client.get("/api/v1/search", SEARCH)
    client.get("/ko/search/", {"q": "병원"})
    hole = request.getfixturevalue("black_hole") if request.param == "black_hole" else None
    port = hole.port if hole else request.getfixturevalue("dead_port")
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.SEARCH_INDEX_PREFIX = f"faults{port}"
    engines.primary()  # nor is importing the Elasticsearch client, once per process
    return hole


def test_searches_answer_from_the_embedded_engine_within_a_second(client, failing_cluster):
    response, seconds = _timed(client.get, "/api/v1/search", SEARCH)
    assert response.status_code == 200 and seconds < 1
    assert response.json()["engine"] == "database"
    assert response.json()["results"][0]["key"] == "hospital-guide"
    page, seconds = _timed(client.get, "/ko/search/", {"q": "병원"})
    assert page.status_code == 200 and seconds < 1
    assert "외국인 병원 이용 안내" in page.content.decode()


def test_a_search_with_no_hits_asks_the_failing_cluster_only_once(failing_cluster):
    # Nothing found in Korean and English makes a second, wider search: it must not wait again.
    results, seconds = _timed(service.search, "zzzz-nowhere", "vi")
    assert results.engine == "database" and results.hits == [] and seconds < 1


def test_repeated_failures_open_the_breaker_and_later_searches_do_not_touch_the_socket(client, failing_cluster):
    for _ in range(BREAKER_THRESHOLD):
        client.get("/api/v1/search", SEARCH)
    assert _state("search") == circuit.OPEN
    seen = _connections_after_a_moment(failing_cluster) if failing_cluster else None
    for _ in range(5):
        response, seconds = _timed(client.get, "/api/v1/search", SEARCH)
        assert response.status_code == 200 and response.json()["engine"] == "database" and seconds < 0.3
    assert client.get("/api/v1/search/suggest", {"q": "병", "locale": "ko"}).status_code == 200
    if failing_cluster:
        assert _connections_after_a_moment(failing_cluster) == seen


def test_after_the_pause_one_search_tries_the_cluster_again(client, failing_cluster, monkeypatch):
    for _ in range(BREAKER_THRESHOLD):
        client.get("/api/v1/search", SEARCH)
    search_breaker = circuit.breaker("search")
    monkeypatch.setattr(search_breaker, "clock", lambda: time.monotonic() + search_breaker.reset_after + 1)
    assert _state("search") == circuit.HALF_OPEN
    seen = _connections_after_a_moment(failing_cluster) if failing_cluster else None
    assert client.get("/api/v1/search", SEARCH).json()["engine"] == "database"
    if failing_cluster:
        assert _connections_after_a_moment(failing_cluster) == seen + 1  # the one trial
    monkeypatch.undo()
    assert _state("search") == circuit.OPEN  # the trial failed: closed to callers again


def test_publishing_succeeds_and_is_searchable_while_the_cluster_is_down(
        settings, dead_port, import_jsonl, django_capture_on_commit_callbacks, caplog):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{dead_port}"
    for number in range(BREAKER_THRESHOLD + 1):  # the last ones find the breaker open
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):  # the index update runs after the commit
            report = import_jsonl(article(key=f"clinic-{number}", locale="ko", topic="healthcare",
                                          title=f"보건소 안내 {number}", body="보건소 진료 시간."))
        assert report.created == 1 and time.monotonic() - started < 5
    assert _state("search") == circuit.OPEN
    assert "not updated" in caplog.text and "circuit breaker open" in caplog.text
    results = service.search("보건소", "ko")
    assert results.engine == "database" and len(results.hits) == BREAKER_THRESHOLD + 1


def test_an_unexpected_engine_error_never_fails_a_publish(settings, dead_port, import_jsonl,
                                                          django_capture_on_commit_callbacks, monkeypatch, caplog):
    from search.engines.elasticsearch import ElasticsearchEngine

    def broken(engine, documents):
        raise RuntimeError("a bug in the engine")

    monkeypatch.setattr(ElasticsearchEngine, "index_documents", broken)
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{dead_port}"
    with django_capture_on_commit_callbacks(execute=True):
        report = import_jsonl(article(key="clinic", locale="ko", topic="healthcare", title="보건소", body="진료 시간."))
    assert report.created == 1 and "unexpected error" in caplog.text
    assert service.search("보건소", "ko").hits  # the embedded engine was updated all the same


# --- Geocoder --------------------------------------------------------------------

@pytest.fixture
def nominatim_at(settings, monkeypatch):
    """Point geopy's Nominatim at a loopback port, with a short timeout."""
    monkeypatch.setattr(geocoding.NominatimGeocoder, "_last_request", 0.0)  # no one-second wait from other tests

    def point(port):
        settings.GEOCODER_BACKEND = "services.geocoding.NominatimGeocoder"
        settings.GEOCODER_USER_AGENT = "portal-fault-tests"
        settings.GEOCODER_DOMAIN, settings.GEOCODER_SCHEME, settings.GEOCODER_TIMEOUT = f"127.0.0.1:{port}", "http", 0.5

    return point


@pytest.fixture
def place_form(db):
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale

    from services.models import Place
    from services.wagtail_hooks import PlaceViewSet

    form_class = PlaceViewSet.edit_handler.bind_to_model(Place).get_form_class()
    user = get_user_model().objects.create_superuser("editor", "editor@example.kr", "a-long-password-1")

    def make(address):
        data = {"name": "보건소", "category": "hospital", "address": address, "latitude": "", "longitude": ""}
        return form_class(data=data, instance=Place(locale=Locale.objects.get(language_code="ko")), for_user=user)

    return make


def _unreachable_message(form):
    geocoding.NominatimGeocoder._last_request = 0.0  # Nominatim's one request a second is not what is measured
    with translation.override("en"):
        return not form.is_valid() and "the geocoding service is unreachable" in str(form.errors["latitude"])


def test_a_hanging_geocoder_gives_the_editor_the_clear_message_within_its_timeout(nominatim_at, black_hole, place_form):
    nominatim_at(black_hole.port)
    for number in range(BREAKER_THRESHOLD):
        ok, seconds = _timed(_unreachable_message, place_form(f"수원시 팔달구 {number}"))
        assert ok and seconds < 1.5
    assert _state("geocoder") == circuit.OPEN
    seen = _connections_after_a_moment(black_hole)
    ok, seconds = _timed(_unreachable_message, place_form("수원시 장안구"))
    assert ok and seconds < 0.3
    assert _connections_after_a_moment(black_hole) == seen


def test_a_refusing_geocoder_gives_the_clear_message_at_once(nominatim_at, dead_port, place_form):
    nominatim_at(dead_port)
    ok, seconds = _timed(_unreachable_message, place_form("수원시 권선구"))
    assert ok and seconds < 1.5


# --- Machine translation -----------------------------------------------------------

@pytest.fixture
def libretranslate_at(settings):
    def point(port):
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
            "CLASS": machine_translation.PROVIDERS["libretranslate"],
            "OPTIONS": {"LIBRETRANSLATE_URL": f"http://127.0.0.1:{port}", "API_KEY": "", "TIMEOUT": 0.5},
        }

    return point


@pytest.fixture
def korean_post(make_member, settings, tmp_path):  # noqa: F811
    settings.ELASTICSEARCH_URL, settings.MEDIA_ROOT = "", tmp_path / "media"
    return make_thread(make_member("Lan"), title="임금 체불", body="사장님이 돈을 안 줘요", language="ko").posts.get()


def test_a_hanging_translator_gives_the_reader_the_unavailable_answer_within_its_timeout(
        client, korean_post, libretranslate_at, black_hole):
    libretranslate_at(black_hole.port)
    url = f"/en/community/p/{korean_post.pk}/translation/"
    for _ in range(BREAKER_THRESHOLD):
        response, seconds = _timed(client.get, url)
        assert response.status_code == 503 and seconds < 1.5
        assert "The translation service did not answer" in response.content.decode()
    assert _state("translator") == circuit.OPEN
    seen = _connections_after_a_moment(black_hole)
    response, seconds = _timed(client.get, url)
    assert response.status_code == 503 and seconds < 0.3
    assert _connections_after_a_moment(black_hole) == seen


def test_failed_translations_do_not_use_up_the_readers_translation_quota(client, korean_post, libretranslate_at,
                                                                         dead_port, settings):
    settings.COMMUNITY_TRANSLATIONS_PER_CLIENT_PER_MINUTE = 2
    libretranslate_at(dead_port)
    url = f"/en/community/p/{korean_post.pk}/translation/"
    assert [client.get(url).status_code for _ in range(4)] == [503] * 4  # never 429: nothing was translated
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
    circuit.reset_all()  # the provider is back
    assert client.get(url).status_code == 200


def test_a_refusing_translator_gives_the_editor_the_unavailable_answer(libretranslate_at, dead_port):
    libretranslate_at(dead_port)
    with pytest.raises(machine_translation.MachineTranslationError):
        _timed(machine_translation.translate_text, "안녕하세요", "ko", "en")


# --- Mail ----------------------------------------------------------------------------

@pytest.fixture
def smtp_at(settings):
    """The real SMTP backend, behind portal.mail's wrapper, at a loopback port."""

    def point(port):
        settings.EMAIL_BACKEND = "portal.mail.ResilientEmailBackend"
        settings.EMAIL_INNER_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 0.5
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    return point


@pytest.fixture(params=["black_hole", "dead_port"])
def failing_smtp(request, smtp_at):
    hole = request.getfixturevalue("black_hole") if request.param == "black_hole" else None
    smtp_at(hole.port if hole else request.getfixturevalue("dead_port"))
    return hole


def _signup(client, number):
    return client.post("/en/account/signup/", {
        "nickname": f"Hoa{number}", "email": f"hoa{number}@example.org",
        "password1": "correct horse battery 42", "password2": "correct horse battery 42"})


def test_a_sign_up_succeeds_and_is_kept_when_the_mail_server_fails(client, failing_smtp, settings, caplog):
    response, seconds = _timed(_signup, client, 1)
    assert response.status_code == 302 and response["Location"] == "/en/account/confirm-email/"
    assert seconds < 1.5
    assert Member.objects.filter(nickname="Hoa1", user__email="hoa1@example.org").exists()
    assert "mail(s) not sent" in caplog.text and "hoa1@example.org" not in caplog.text
    # The mail server is back: signing in later sends the confirmation that was not delivered
    # (allauth sends at most one every three minutes).
    settings.EMAIL_INNER_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    circuit.reset_all()
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        client.post("/en/account/login/", {"login": "hoa1@example.org", "password": "correct horse battery 42"})
    assert [message.to for message in mail.outbox] == [["hoa1@example.org"]]


def test_a_help_desk_question_and_its_email_answer_are_kept_when_the_mail_server_fails(client, failing_smtp):
    response, seconds = _timed(client.post, "/vi/help/ask/", valid())
    assert response.status_code == 200 and seconds < 1.5
    case = Case.objects.get()
    counsellor = _counsellor()
    (answer, delivery), seconds = _timed(cases.add_answer, case, counsellor, "Gọi 1350")
    assert seconds < 1.5 and not delivery.delivered  # the counsellor is told the e-mail did not go
    assert Answer.objects.get(pk=answer.pk).text == "Gọi 1350"  # the answer waits on the case page


def test_repeated_mail_failures_open_the_breaker_and_later_mail_is_not_attempted(client, failing_smtp):
    for number in range(BREAKER_THRESHOLD):
        _signup(client, number)
    assert _state("mail") == circuit.OPEN
    seen = _connections_after_a_moment(failing_smtp) if failing_smtp else None
    response, seconds = _timed(_signup, client, 99)
    assert response.status_code == 302 and seconds < 0.5
    if failing_smtp:
        assert _connections_after_a_moment(failing_smtp) == seen


def _counsellor():
    from django.contrib.auth.models import Group, User

    from portal import roles

    user = User.objects.create_user(username="counsellor", password="x-counsellor")
    user.groups.add(Group.objects.get(name=roles.COUNSELLORS))
    return user


class RefusedRecipientBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"no such user")})


def test_refused_addresses_never_open_the_mail_breaker(settings):
    settings.EMAIL_BACKEND = "portal.mail.ResilientEmailBackend"
    settings.EMAIL_INNER_BACKEND = "tests.faults.test_outside_services.RefusedRecipientBackend"
    for number in range(BREAKER_THRESHOLD + 2):
        assert mail.send_mail("Hello", "Body", None, [f"typo{number}@example.org"]) == 0
    assert _state("mail") == circuit.CLOSED


def test_the_wrapper_passes_mail_through_when_the_server_works(settings):
    settings.EMAIL_BACKEND = "portal.mail.ResilientEmailBackend"
    settings.EMAIL_INNER_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    connection = mail.get_connection()
    messages = [mail.EmailMessage("Hello", "Body", to=[f"member{n}@example.org"], connection=connection)
                for n in range(2)]
    assert connection.send_messages(messages) == 2
    assert [m.to for m in mail.outbox] == [["member0@example.org"], ["member1@example.org"]]
    assert _state("mail") == circuit.CLOSED
