"""Every public page type and every mail, in all 14 languages: no Korean the reader did not ask for.

A reader of language L sees L, then English. Korean shown on purpose (an
address, a term beside its translation, a post written in Korean) is in an
element marked lang="ko"; on Urdu pages every run of Latin letters is in an
element marked with its own language (tests/language_check.py says how each
part's language is found). The content is what residents meet: the help-lines
article as published in all 14 languages (with Korean terms and Latin names
in it), an article that exists only in Korean and English (the English
fallback), a place and an event with Korean facts, a thread written in Korean
with a reply in Vietnamese, a help-desk case with an answer, and statistics.
"""
import json
from datetime import datetime, timedelta
from datetime import timezone as tz
from pathlib import Path

import pytest
from django.core import mail
from wagtail.models import Locale

from django.contrib.auth.models import Group, User

from accounts.models import Member
from community import notifications, sanctions
from community.constants import ActionKind
from community.models import ThreadSubscription
from helpdesk import cases
from helpdesk.constants import ContactMethod
from helpdesk.models import Case
from portal import languages, roles, topics
from services.models import Event, Place
from services.regions import load_regions
from tests.accounts.conftest import signup_data
from tests.community.conftest import add_reply, make_thread
from tests.conftest import article
from tests.language_check import problems_in_mail, problems_in_page

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[1] / "home" / "demo"
ALL_LANGUAGES = list(languages.CODES)
SUWON = (37.2636, 127.0286)


def _demo_article(key, *locales):
    """The demo article's lines for these languages (home/demo/*.jsonl), as published on a real site."""
    found = {}
    for path in sorted(DEMO.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if entry["key"] == key and entry["locale"] in locales:
                found[entry["locale"]] = entry
    return [found[code] for code in dict.fromkeys(("ko", "en", *locales)) if code in found]


@pytest.fixture
def content(import_jsonl, frozen_now, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        load_regions()
        import_jsonl(
            *_demo_article("help-lines", *ALL_LANGUAGES),
            article(key="english-only", topic="employment", title="외국인 근로자 상담",
                    body="임금 체불은 1350에 상담하세요."),
            article(key="english-only", locale="en", topic="employment", title="Advice for foreign workers",
                    body="Call 1350 about unpaid wages."),
        )
        ko, en = Locale.objects.get(language_code="ko"), Locale.objects.get(language_code="en")
        place = Place.objects.create(
            name="수원시 외국인복지센터", description="상담과 통역을 합니다.", category="foreign-resident-centre",
            address="경기도 수원시 팔달구 중부대로 100", latitude=SUWON[0], longitude=SUWON[1], phone="031-000-0000",
            languages_spoken="ko,en,vi", interpretation_available=True, locale=ko)
        english = place.copy_for_translation(en)
        english.name, english.description = "Suwon Foreign Residents' Welfare Centre", "Advice and interpretation."
        english.save()
        start = datetime(2026, 6, 20, 1, 0, tzinfo=tz.utc)
        event = Event.objects.create(title="한국어 교실", description="무료 한국어 수업입니다.", start=start,
                                     end=start + timedelta(hours=2), place=place, locale=ko)
        english_event = event.copy_for_translation(en)
        english_event.title, english_event.description = "Korean class", "A free Korean class."
        english_event.save()
        author = Member.objects.create(user=_user("author"), nickname="수원사람")
        helper = Member.objects.create(user=_user("helper"), nickname="Lan")
        thread = make_thread(author, title="월급을 못 받았어요", body="사장님이 두 달째 월급을 안 줘요.", language="ko")
        reply = add_reply(thread, helper, body="Bạn hãy gọi 1350.", language="vi")
        counsellor = _user("counsellor")
        counsellor.groups.add(Group.objects.get(name=roles.COUNSELLORS))
        case, code = cases.open_case(language="vi", topic="employment", question="Công ty không trả lương.",
                                     contact_method=ContactMethod.NONE, contact_value="", name="")
        cases.add_answer(case, counsellor, "Hãy gọi 1350 hoặc đến văn phòng lao động.")
        for number, language in enumerate(("vi", "ko", "ur", "th", "km") * 3):
            Case.objects.create(code=f"STAT{number}", language=language, topic="employment",
                                created_at=datetime(2026, 3, 10, 3, 0, tzinfo=tz.utc))
    return {"place": place, "event": event, "thread": thread, "reply": reply, "code": code, "author": author,
            "counsellor": counsellor}


def _user(name):
    return User.objects.create_user(username=name, email=f"{name}@example.org", password="not-used-1234")


def _pages(language, content):
    topic = f"/{topics.SLUGS['daily-life']}/"
    return [
        f"/{language}/",
        f"/{language}{topic}",
        f"/{language}{topic}help-lines/",
        f"/{language}/search/?q=1345",
        f"/{language}/search/?q=qzxqzxqzx",
        f"/{language}/places/?region=KR-41110",
        f"/{language}/places/{content['place'].pk}/",
        f"/{language}/events/{content['event'].pk}/",
        f"/{language}/community/",
        f"/{language}/community/employment/",
        content["thread"].get_absolute_url(language),
        f"/{language}/account/login/",
        f"/{language}/account/signup/",
        f"/{language}/account/password/reset/",
        f"/{language}/help/ask/",
        f"/{language}/help/case/",
        f"/{language}/help/statistics/",
    ]


def _english_only_url(client, language):
    """The Korean-and-English article as a reader of `language` reaches it (the topic page links to it)."""
    topic = client.get(f"/{language}/{topics.SLUGS['employment']}/")
    assert topic.status_code == 200
    html = topic.content.decode()
    start = html.index("english-only/")
    return html[html.rindex('href="', 0, start) + 6: start + len("english-only/")]


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_every_page_type_speaks_the_readers_language(client, content, language):
    problems = []
    pages = [*_pages(language, content), _english_only_url(client, language)]
    for url in pages:
        response = client.get(url, follow=True)  # a place or an event leads to its version in the reader's language
        assert response.status_code == 200, f"{url} answers {response.status_code}"
        problems += [f"{url}: {problem}" for problem in problems_in_page(response.content.decode(), language)]
    case_page = client.post(f"/{language}/help/case/", {"code": content["code"]})
    assert case_page.status_code == 200 and "1350" in case_page.content.decode()
    problems += [f"case: {problem}" for problem in problems_in_page(case_page.content.decode(), language)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("language", [code for code in ALL_LANGUAGES if code != "ko"])
def test_every_mail_speaks_the_readers_language(client, content, language, django_capture_on_commit_callbacks):
    """Sign-up, password reset (known and unknown address), a reply to a followed thread, the three
    moderation notices and a help-desk answer. A mail is plain text, with no part to mark: what members
    wrote is in the language they wrote it in, so the thread here is in the reader's language (a number)."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/{language}/account/signup/", signup_data(), follow=True)
        client.post(f"/{language}/account/password/reset/", {"email": "hoa@example.org"})
        client.post(f"/{language}/account/password/reset/", {"email": "nobody@example.org"})
    messages = [(message.subject, message.body) for message in mail.outbox]
    reader = Member.objects.create(user=_user("reader"), nickname="Mai")
    thread = make_thread(reader, title="1350?", body="1350", language=language)
    reply = add_reply(thread, Member.objects.get(nickname="Lan"), body="1350", language=language)
    ThreadSubscription.objects.create(member=reader, thread=thread, language=language)
    mail.outbox.clear()
    notifications.send_reply_notifications.enqueue(reply.pk)
    for kind in (ActionKind.WARN, ActionKind.SUSPEND, ActionKind.UNSUSPEND):
        mail.outbox.append(mail.EmailMessage(*sanctions.sanction_message(reader, kind, "", language)))
    case, _code = cases.open_case(language=language, topic="employment", question="?",
                                  contact_method=ContactMethod.EMAIL, contact_value="resident@example.org", name="")
    cases.add_answer(case, content["counsellor"], "1350")
    messages += [(message.subject, message.body) for message in mail.outbox]
    assert len(messages) == 8, [subject for subject, _body in messages]
    problems = [problem for subject, body in messages for problem in problems_in_mail(subject, body, language)]
    assert not problems, problems
