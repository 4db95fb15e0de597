"""Every public page type, and the forms in their error state, pass axe-core and reflow (issue 19).

For English, Vietnamese, Khmer and Urdu (right to left), each page is opened twice on a 360×740
phone: at the browser's default text size, and with the default font size doubled. Each time axe
(WCAG 2.0/2.1/2.2 A and AA, best practices) must find nothing; then the page is narrowed to 320 px
and nothing may stick out sideways, left or right (1.4.4, 1.4.10): 320 px at 200% text is the
smallest phone with large text, harder than 360 px.

200% text is the browser's own text-size setting, not zoom: Chromium's default font size raised
from 16 to 32 px over the DevTools protocol (Page.setFontSizes), as a reader does in Settings.
Our CSS sizes text in rem, so every font doubles and px boxes (44 px targets) stay as they are,
which is the harder case for reflow. An injected "html{font-size:200%}" would enlarge our text
too, but not what a reader's setting changes besides: rem in media queries (the help row's
narrow layout), and it would hide a root font size set in px that ignores the setting.

One browsing context per view, reused for every page: a navigation each, no new context, so the
crawl stays a few minutes. Marked `crawl`: .ci/run runs it once, on SQLite.
"""
import re
import urllib.request

import pytest

from tests.browser.axe_check import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.crawl]

LANGUAGES = ["en", "vi", "km", "ur"]
PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 740}
VIEWS = ["default text", "200% text"]

PAGES = {
    "home": "/{lang}/",
    "topic": "/{lang}/daily-life/",
    "article": "/{lang}/daily-life/help-lines/",
    "search with results": "/{lang}/search/?q=1345",
    "search without results": "/{lang}/search/?q=qzxqzx",
    "places": "/{lang}/places/?region=KR-41110",
    "place": "/{lang}/places/{place}/",
    "event": "/{lang}/events/{event}/",
    "community": "/{lang}/community/",
    "board": "/{lang}/community/employment/",
    "thread": "/{lang}/community/t/{thread}/",
    "login": "/{lang}/account/login/",
    "sign-up": "/{lang}/account/signup/",
    "password reset": "/{lang}/account/password/reset/",
    "help ask": "/{lang}/help/ask/",
    "case lookup": "/{lang}/help/case/",
    "statistics": "/{lang}/help/statistics/",
}

# The demo has no board threads: one from a member, with a long unbroken link in its text.
NEW_THREAD = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from accounts.models import Member
from community import markup
from community.constants import Status
from community.models import Post, Thread
now = timezone.now()
user = get_user_model().objects.create_user(username="axe-crawl", email="axe-crawl@example.org", password="axe-crawl-not-used-1")
member = Member.objects.create(user=user, nickname="AxeCrawl", created_at=now)
body = "My employer has not paid me for two months. Where do I report it? https://www.moel.go.kr/english/main.jsp?lang=en&section=wages"
thread = Thread.objects.create(topic="employment", title="Unpaid wages for two months", author=member, language="en",
                               status=Status.APPROVED, created_at=now, last_activity_at=now, last_position=0)
Post.objects.create(thread=thread, position=0, author=member, body_source=body, body_html=markup.render(body),
                    language="en", status=Status.APPROVED, created_at=now)
print(thread.pk)
"""

# What ends left of the page or right of its width: boxes, each only where it starts sticking out
# (its parent does not) and once for a row of siblings, and text wider than its own box (a long
# word, a web address). Skipped: what is not shown, what sits in a box that scrolls or clips on
# its own (the statistics tables, the map), and what is moved off screen on purpose until focused.
SIDEWAYS = """(width) => {
  // Measured from the root box: a phone lays a page that overflows out wider than the screen,
  // and a right-to-left one from its right edge, so the viewport's 0 is not the page's.
  const start = document.documentElement.getBoundingClientRect().left;
  const sticksOut = box => box.width > 0 && (box.left < start - 1 || box.right > start + width + 1);
  const shown = el => el && el.checkVisibility({visibilityProperty: true}) && !el.closest('.skip, .hp, .visually-hidden');
  const out = el => shown(el) && sticksOut(el.getBoundingClientRect());
  const clipped = el => {
    for (let up = el; up && up !== document.body; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    return false;
  };
  const found = new Map();
  for (const el of document.body.querySelectorAll('*'))
    if (out(el) && !out(el.parentElement) && !out(el.previousElementSibling) && !clipped(el.parentElement))
      found.set(el, el.getBoundingClientRect());
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), range = document.createRange();
  while (texts.nextNode()) {
    const el = texts.currentNode.parentElement;
    range.selectNodeContents(texts.currentNode);
    const box = range.getBoundingClientRect();
    if (sticksOut(box) && !found.has(el) && shown(el) && !out(el) && !clipped(el)) found.set(el, box);
  }
  const offenders = [...found].map(([el, box]) =>
    `${el.outerHTML.slice(0, 100)} (left ${Math.round(box.left - start)}, right ${Math.round(box.right - start)})`);
  return {scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 6)};
}"""


def sideways(page, width):
    """What makes the page wider than `width` px, as readable lines; [] when nothing does."""
    found = page.evaluate(SIDEWAYS, width)
    problems = [f"  sticks out: {offender}" for offender in found["offenders"]]
    if found["scrollWidth"] > width:
        problems.insert(0, f"  the page is {found['scrollWidth']} px wide at {width} px")
    return problems


def check(page, view):
    """axe's violations and the reflow problems of the open page, as one readable report.

    Every <details> is opened first (help lines, languages, questions): what a reader opens
    must reflow too, and axe then checks it as well."""
    page.evaluate("document.querySelectorAll('details').forEach(details => { details.open = true; })")
    report = []
    violations = axe_violations(page)
    if violations:
        report.append(describe(violations))
    # Narrowed to 320 px: at 200% text that is also the smallest phone with large text.
    page.set_viewport_size(NARROW)
    try:
        report += [f"{line} ({view})" for line in sideways(page, NARROW["width"])]
    finally:
        page.set_viewport_size(PHONE)
    return "\n".join(report)


def _first(base, path, pattern):
    html = urllib.request.urlopen(f"{base}{path}", timeout=10).read().decode()
    found = re.search(pattern, html)
    return found and found.group(1)


@pytest.fixture(scope="module")
def demo_ids(portal_server):
    """The place, event and thread whose pages are checked."""
    base = portal_server["url"]
    place = _first(base, "/en/places/?region=KR-41110", r'href="/en/places/(\d+)/"')
    event = _first(base, "/en/places/?region=KR-41110", r'href="/en/events/(\d+)/"')
    thread = _first(base, "/en/community/employment/", r'href="/en/community/t/(\d+)/"')
    if thread is None:
        thread = portal_server["manage"]("shell", "-c", NEW_THREAD).strip().splitlines()[-1]
    assert place and event and thread
    return {"place": place, "event": event, "thread": thread}


@pytest.fixture(scope="module")
def views(browser, portal_server):
    """A phone page per view, kept for the whole module; requests leave for nowhere but the portal."""
    contexts, pages = [], {}
    for view in VIEWS:
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        contexts.append(context)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(portal_server["url"])
                      else route.abort())
        page = context.new_page()
        if view == "200% text":
            cdp = context.new_cdp_session(page)
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        pages[view] = page
    yield pages
    for context in contexts:
        context.close()


def test_200_percent_text_doubles_the_text(portal_server, views):
    """The setting the text-size view relies on really enlarges our text."""
    sizes = {}
    for view, page in views.items():
        page.goto(f"{portal_server['url']}/en/")
        sizes[view] = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)")
    assert sizes["200% text"] >= 1.9 * sizes["default text"], sizes


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGES)
def test_public_page_passes_axe_and_reflows(portal_server, demo_ids, views, page_type, language, view):
    page = views[view]
    path = PAGES[page_type].format(lang=language, **demo_ids)
    response = page.goto(f"{portal_server['url']}{path}")
    assert response.status == 200, path
    report = check(page, view)
    assert not report, f"{path} at {view}:\n{report}"


def _ask_empty(page, attempt):
    page.locator(".helpdesk-form button[type=submit]").click()


def _sign_up_mismatched(page, attempt):
    page.fill("#id_nickname", f"Axe{attempt}")
    page.fill("#id_email", f"axe-{attempt}@example.org")
    page.fill("#id_password1", "Correct-horse-battery-7")
    page.fill("#id_password2", "Correct-horse-battery-8")
    page.locator("form.form button[type=submit]").click()


def _log_in_wrongly(page, attempt):
    # A new address each time: five failures for one address would lock it (LOGIN_FAILED_RATE).
    page.fill("#id_login", f"axe-{attempt}@example.org")
    page.fill("#id_password", "not-the-password-1")
    page.locator("form.form button[type=submit]").click()


def _look_up_a_wrong_code(page, attempt):
    page.fill("#id_code", "AAAA-BBBB-CCCC-DDDD")
    page.locator(".helpdesk-form button[type=submit]").click()


FORMS = {
    "help ask, sent empty": ("/{lang}/help/ask/", _ask_empty),
    "sign-up, passwords differ": ("/{lang}/account/signup/", _sign_up_mismatched),
    "login, wrong password": ("/{lang}/account/login/", _log_in_wrongly),
    "case lookup, wrong code": ("/{lang}/help/case/", _look_up_a_wrong_code),
}
ERROR_SHOWN = ".errorlist, [aria-invalid=true]"


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("form", FORMS)
def test_form_in_its_error_state_passes_axe_and_reflows(portal_server, views, form, language, view):
    page = views[view]
    path, submit_wrongly = FORMS[form]
    path = path.format(lang=language)
    page.goto(f"{portal_server['url']}{path}")
    with page.expect_navigation():
        submit_wrongly(page, f"{language}-{VIEWS.index(view)}")
    assert page.locator(ERROR_SHOWN).count(), f"{path}: no error shown after {form}"
    report = check(page, view)
    assert not report, f"{path} ({form}) at {view}:\n{report}"
