"""Read a post in your language: the dummy translator (settings.test) reverses words;
with no translator configured the action is hidden."""
import pytest

from community import translation
from community.models import MachineTranslation
from portal import machine_translation
from tests.community.conftest import add_reply, make_thread
from tests.doubles import UnreachableTranslator

pytestmark = pytest.mark.django_db


@pytest.fixture
def korean_thread(member):
    return make_thread(member, title="임금 체불 문제", body="사장님이 돈을 안 줘요\n\n- 두 달\n- 세 사람", language="ko")


def test_the_adapter_translates_plain_text():
    assert machine_translation.translate_text("one two three", "en", "ko") == "three two one"
    assert machine_translation.can_translate("ko", "en") and not machine_translation.can_translate("en", "en")


def test_the_adapter_says_when_it_cannot(settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    assert not machine_translation.can_translate("ko", "en")
    with pytest.raises(machine_translation.MachineTranslationError):
        machine_translation.translate_text("x", "ko", "en")


def test_the_translate_action_shows_the_post_in_the_readers_language(korean_thread, client):
    opening = korean_thread.posts.get(position=0)
    page = client.get(korean_thread.get_absolute_url("en")).content.decode()
    url = f"/en/community/p/{opening.pk}/translation/"
    assert f'href="{url}"' in page and "Translate into English" in page
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert "Machine translation" in body and "Dummy translator" in body
    assert "안 돈을 사장님이" in body  # words reversed, line by line
    assert "<li>달 두</li><li>사람 세</li>" in body  # the list kept its shape
    assert "<h1>문제 체불 임금</h1>" in body
    assert f'href="{korean_thread.get_absolute_url("en")}#post-{opening.pk}">Show the original</a>' in body
    cached = MachineTranslation.objects.get(post=opening, language="en")
    assert cached.provider == "Dummy translator"


def test_translations_are_cached(korean_thread, client, settings):
    opening = korean_thread.posts.get(position=0)
    client.get(f"/en/community/p/{opening.pk}/translation/")
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "tests.doubles.UnreachableTranslator"}
    response = client.get(f"/en/community/p/{opening.pk}/translation/")
    assert response.status_code == 200 and "안 돈을 사장님이" in response.content.decode()
    assert MachineTranslation.objects.count() == 1


def test_a_translation_is_sanitised_like_a_post(member, korean_thread, monkeypatch):
    reply = add_reply(korean_thread, member, body="안전한 글", language="ko")
    monkeypatch.setattr(machine_translation, "translate_texts",
                        lambda texts, source, target: ["<script>alert(1)</script> [x](javascript:alert(1))"] * len(texts))
    result = translation.translate(reply, "en")
    assert result.body_html == "<p>&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))</p>"


def test_a_provider_failure_is_explained(korean_thread, client, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "tests.doubles.UnreachableTranslator"}
    assert UnreachableTranslator  # the double used above
    opening = korean_thread.posts.get(position=0)
    response = client.get(f"/en/community/p/{opening.pk}/translation/")
    assert response.status_code == 503 and "did not answer" in response.content.decode()
    assert "Show the original" in response.content.decode() and not MachineTranslation.objects.exists()


def test_without_a_translator_the_action_is_hidden(korean_thread, client, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    opening = korean_thread.posts.get(position=0)
    page = client.get(korean_thread.get_absolute_url("en")).content.decode()
    assert "/translation/" not in page and "Translate into" not in page
    assert client.get(f"/en/community/p/{opening.pk}/translation/").status_code == 404


def test_no_action_for_a_post_already_in_the_readers_language(korean_thread, client):
    page = client.get(korean_thread.get_absolute_url("ko")).content.decode()
    assert "/translation/" not in page


def test_translations_are_rate_limited_per_client(member, korean_thread, client, settings):
    settings.COMMUNITY_TRANSLATIONS_PER_CLIENT_PER_MINUTE = 1
    first = add_reply(korean_thread, member, body="첫째", language="ko")
    second = add_reply(korean_thread, member, body="둘째", language="ko")
    assert client.get(f"/en/community/p/{first.pk}/translation/").status_code == 200
    response = client.get(f"/en/community/p/{second.pk}/translation/")
    assert response.status_code == 429 and "Too many translations" in response.content.decode()
    assert client.get(f"/en/community/p/{first.pk}/translation/").status_code == 200  # cached: no provider call
