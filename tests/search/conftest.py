import pytest

from tests.conftest import article


@pytest.fixture
def publish(import_jsonl, django_capture_on_commit_callbacks):
    """Import lines and run what waits for the commit (the index updates) at once."""

    def run(*entries):
        with django_capture_on_commit_callbacks(execute=True):
            return import_jsonl(*entries)

    return run


@pytest.fixture
def no_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def hospital_pages(publish):
    publish(
        article(key="hospital-guide", locale="ko", topic="healthcare", title="외국인 병원 이용 안내",
                body="병원에 갈 때는 외국인등록증과 건강보험증을 가져가세요.\n\n통역이 필요하면 1345에 전화하세요."),
        article(key="hospital-guide", locale="en", topic="healthcare", title="Going to a hospital",
                body="Bring your residence card and health insurance card to hospitals.\n\nCall 1345 for an interpreter."),
        article(key="hospital-guide", locale="vi", topic="healthcare", title="Đi khám ở bệnh viện",
                body="Hãy mang thẻ cư trú và thẻ bảo hiểm y tế khi đi bệnh viện."),
        article(key="garbage-rules", locale="ko", topic="daily-life", title="쓰레기 버리는 방법",
                body="음식물 쓰레기는 전용 봉투에 담아 버립니다."),
    )
