"""Keyboard only, on a 360×740 phone (issue 19: WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7, 2.4.11, 1.4.11).

The skip link is the first stop and moves the focus to the content; Tab reaches every
control in the page's order and each works with Enter or Space; the focus ring stands out by
3:1 or more against whatever lies next to it and is never entirely covered; the map never
drops the focus on <body>; in Urdu, Tab crosses the header from right to left.
"""
import re

import pytest

from tests.browser.test_places import keep_offline

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}
RING_ONLY_AT_LEAST = 3.0  # WCAG 1.4.11 non-text contrast
LINK_TEXT_AT_LEAST = 4.5  # WCAG 1.4.3 for the map's attribution link

# What Tab should reach, in the page's order: visible, enabled, not taken out of the order;
# of a group of radio buttons only one (the checked one, else the first), as browsers do.
# Each gets data-kbd (its place in that order) so the stops can be matched against it.
EXPECTED_ORDER = """() => {
  const groups = new Set();
  const order = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(el => !el.disabled && el.tabIndex >= 0 && el.type !== 'hidden' && el.checkVisibility({visibilityProperty: true}))
    .flatMap(el => {
      if (el.type !== 'radio') return [el];
      if (groups.has(el.name)) return [];
      groups.add(el.name);
      const group = [...document.querySelectorAll(`input[type=radio][name="${el.name}"]`)];
      return [group.find(radio => radio.checked) || el];
    });
  order.forEach((el, index) => { el.dataset.kbd = String(index); });
  return order.length;
}"""

# The focused element: where it is, what its ring is made of (outline and shadow colours
# at least 2px wide), the colours just outside the ring on its four sides and the element's
# own background (the ring's inner side), and whether the element shows at the middle of
# its part on screen (2.4.11: not entirely covered).
FOCUS_REPORT = """() => {
  const el = document.activeElement;
  const rgba = text => { const n = text.match(/[\\d.]+/g).map(Number); return n.length === 3 ? [...n, 1] : n; };
  const opaque = node => {
    for (; node && node.nodeType === 1; node = node.parentElement) {
      const [r, g, b, a] = rgba(getComputedStyle(node).backgroundColor);
      if (a > 0) return [r, g, b].map(c => Math.round(a * c + (1 - a) * 255));  // over white
    }
    return [255, 255, 255];
  };
  const style = getComputedStyle(el);
  const ring = [];
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ring.push(rgba(style.outlineColor).slice(0, 3));
  for (const m of style.boxShadow.matchAll(/(rgba?\\([^)]*\\))\\s+(-?[\\d.]+)px\\s+(-?[\\d.]+)px\\s+([\\d.]+)px\\s+([\\d.]+)px(?!\\s*inset)/g)) {
    if (parseFloat(m[5]) >= 2) ring.push(rgba(m[1]).slice(0, 3));
  }
  const box = el.getBoundingClientRect();
  const reach = 10;  // beyond the outline (2px off, 3px wide) and the shadow (7px)
  const clampX = x => Math.min(Math.max(x, 1), innerWidth - 2), clampY = y => Math.min(Math.max(y, 1), innerHeight - 2);
  const midX = clampX((box.left + box.right) / 2), midY = clampY((box.top + box.bottom) / 2);
  const around = [[box.left - reach, midY], [box.right + reach, midY], [midX, box.top - reach], [midX, box.bottom + reach]]
    .filter(([x, y]) => x >= 0 && x < innerWidth && y >= 0 && y < innerHeight)
    .flatMap(([x, y]) => {
      const behind = document.elementsFromPoint(x, y).find(node => node !== el && !el.contains(node));
      return behind ? [opaque(behind)] : [];
    });
  const own = rgba(style.backgroundColor)[3] > 0 ? [opaque(el)] : [];
  // A link's text may break over lines: each of its boxes is tried.
  const shown = [...el.getClientRects()].some(part => {
    const left = Math.max(part.left, 0), right = Math.min(part.right, innerWidth);
    const top = Math.max(part.top, 0), bottom = Math.min(part.bottom, innerHeight);
    if (right <= left || bottom <= top) return false;
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    return !!hit && (el.contains(hit) || (hit.tagName === 'LABEL' && hit.control === el));
  });
  return {
    key: el.dataset.kbd ?? null, tag: el.tagName, role: el.getAttribute('role'), href: el.getAttribute('href'),
    what: el.outerHTML.slice(0, 100), inHeader: !!el.closest('header'),
    left: box.left + scrollX, right: box.right + scrollX, top: box.top + scrollY, height: box.height,
    ring, around, own, shown,
  };
}"""

NATIVE = {"A", "BUTTON", "INPUT", "SELECT", "TEXTAREA", "SUMMARY"}
# Not native, and worked with the keys their role promises: Leaflet's pins and close button
# (buttons, tested below) and the map itself (a region panned and zoomed with arrows, + and -).
WIDGET_ROLES = {"button", "region"}


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ring_problems(stop):
    """What is wrong with a focused element's ring: each background next to it (outside, and the
    element's own inside) must meet some colour of the ring at 3:1 or more."""
    if not stop["ring"]:
        return [f"no focus ring: {stop['what']}"]
    return [f"{max(contrast(colour, background) for colour in stop['ring']):.2f}:1 against {background}: {stop['what']}"
            for background in stop["around"] + stop["own"]
            if max(contrast(colour, background) for colour in stop["ring"]) < RING_ONLY_AT_LEAST]


def small_phone(phone, locale="en-US"):
    page = phone(locale=locale)
    page.set_viewport_size(SMALL_PHONE)
    return page


def tab_through(page, limit=150):
    """Press Tab from the top of the page until the focus leaves it; a report for each stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_REPORT)
        if stop["tag"] == "BODY" or (stops and stop["what"] == stops[0]["what"]):
            return stops
        stops.append(stop)
    raise AssertionError(f"still tabbing after {limit} stops")


def focused(page):
    return page.evaluate("document.activeElement === document.body ? 'BODY' : document.activeElement.outerHTML.slice(0, 120)")


def first_place_url(page, base):
    page.goto(f"{base}/en/places/?region=KR-41110")
    return page.locator("ol.places:not(.events) > li h3 a").first.get_attribute("href")


PAGES = {
    "home": "/en/",
    "places list": "/en/places/?region=KR-41110",
    "place": None,  # the first place of that list
    "ask form": "/en/help/ask/",
    "login": "/en/account/login/",
}


@pytest.mark.parametrize("page_name", PAGES)
def test_tab_reaches_every_control_in_page_order_with_a_visible_ring(portal_server, phone, page_name):
    base = portal_server["url"]
    page = small_phone(phone)
    path = PAGES[page_name] or first_place_url(page, base)
    page.goto(f"{base}{path}")
    expected = page.evaluate(EXPECTED_ORDER)
    stops = tab_through(page)

    assert [stop["key"] for stop in stops] == [str(index) for index in range(expected)], [s["what"] for s in stops]
    assert stops[0]["href"] == "#main"  # the skip link first
    not_operable = [stop["what"] for stop in stops if stop["tag"] not in NATIVE and stop["role"] not in WIDGET_ROLES]
    assert not_operable == []
    assert [problem for stop in stops for problem in ring_problems(stop)] == []
    assert [stop["what"] for stop in stops if not stop["shown"]] == []  # none hidden under something else


def test_the_skip_link_moves_the_focus_to_the_content(portal_server, phone):
    page = small_phone(phone)
    page.goto(f"{portal_server['url']}/en/places/?region=KR-41110")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "place-region"  # the first control of the content


def test_controls_work_with_enter_and_space(portal_server, phone):
    base = portal_server["url"]
    page = small_phone(phone)
    page.goto(f"{base}/en/")
    help_lines = page.locator(".help-lines details")
    page.locator(".help-lines summary").focus()
    page.keyboard.press("Enter")
    assert help_lines.get_attribute("open") is not None
    assert page.locator(".help-lines details a[href='tel:1366']").is_visible()
    page.keyboard.press("Space")
    assert help_lines.get_attribute("open") is None

    page.locator(".languages summary").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # into the list that opened
    assert page.evaluate("document.activeElement.closest('.languages ul') !== null"), focused(page)

    page.goto(f"{base}/en/places/?region=KR-41110")
    interpretation = page.locator("input[name=interpretation]")
    interpretation.focus()
    page.keyboard.press("Space")
    assert interpretation.is_checked()
    page.get_by_role("button", name="Show places").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"interpretation=1"))

    page.goto(f"{base}/en/help/ask/")
    first_choice = page.locator("input[name=contact_method]").first
    first_choice.focus()
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=contact_method]").nth(1).is_checked()
    consent = page.locator("#id_consent")
    consent.focus()
    page.keyboard.press("Space")
    assert consent.is_checked()

    page.goto(f"{base}/en/account/login/")
    page.get_by_role("link", name="Create an account").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/account/signup/"))


@pytest.mark.parametrize("code", ["ur", "en"])
def test_tab_follows_the_reading_direction_of_the_header(portal_server, phone, code):
    """Within a row of the header each stop lies further along the reading direction than the
    one before (right to left in Urdu), and the rows go down: no jumping back."""
    base = portal_server["url"]
    page = small_phone(phone, locale=code)
    for path in (f"/{code}/", f"/{code}/daily-life/help-lines/"):
        page.goto(f"{base}{path}")
        stops = [stop for stop in tab_through(page) if stop["inHeader"]]
        assert len(stops) >= 5, path
        for before, after in zip(stops, stops[1:]):
            assert after["top"] >= before["top"] - 1, (path, before["what"], after["what"])
            same_row = abs(after["top"] - before["top"]) < min(before["height"], after["height"]) / 2
            if same_row and code == "ur":
                assert after["right"] < before["right"], (path, before["what"], after["what"])
            elif same_row:
                assert after["left"] > before["left"], (path, before["what"], after["what"])


def test_the_ring_stands_out_on_the_yellow_notice(portal_server, phone):
    """No page has a control on a notice yet (error summaries will): one is put there."""
    page = small_phone(phone)
    page.goto(f"{portal_server['url']}/en/")
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('afterbegin',
        '<p class="notice">A notice with <a href="#here">a link</a> and <button type="button">a button</button>.</p>')""")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link: to the content, then the notice's controls
    for _ in range(2):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_REPORT)
        assert stop["what"].startswith(("<a href=\"#here\"", "<button")), stop["what"]
        assert [255, 244, 214] in stop["around"]  # the notice's own colour is next to the ring
        assert ring_problems(stop) == []


def test_the_map_keeps_the_focus_and_names_its_pins_after_their_places(portal_server, phone):
    base = portal_server["url"]
    page = small_phone(phone)
    keep_offline(page, base)
    page.goto(f"{base}/en/places/?region=KR-41110")
    listed = page.locator("ol.places:not(.events) > li h3 a").all_inner_texts()
    show = page.locator("#show-map")
    show.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert show.inner_text() == "Hide map" and focused(page).startswith('<button type="button" id="show-map"')

    # One pin per spot, named after its places (not "1", "2"…); it shows its first place's number in
    # the list, with "+" when it holds more.
    pins = page.locator(".leaflet-marker-icon")
    on_map = []
    for index in range(pins.count()):
        names = pins.nth(index).locator(".visually-hidden > span").all_inner_texts()
        assert page.get_by_role("button", name="; ".join(names), exact=True).count() == 1, names
        places = [name for name in names if name in listed]
        label = pins.nth(index).locator(".map-pin-number").inner_text()
        if places:  # a pin of events only has no number
            assert label == str(listed.index(places[0]) + 1) + ("+" if len(places) > 1 else ""), (label, names)
        on_map += places
    assert sorted(on_map) == sorted(listed)
    boxes = [pins.nth(index).bounding_box() for index in range(pins.count())]
    for one, other in ((a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]):
        apart = (one["x"] + one["width"] <= other["x"] or other["x"] + other["width"] <= one["x"]
                 or one["y"] + one["height"] <= other["y"] or other["y"] + other["height"] <= one["y"])
        assert apart, (one, other)

    # Tab goes from the button into the map (the map, then its pins in the list's order).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "map"
    stops = []
    for _ in range(pins.count()):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS_REPORT))
    assert all("leaflet-marker-icon" in stop["what"] for stop in stops)
    firsts = [int(label.rstrip("+")) for label in page.locator(".leaflet-marker-icon .map-pin-number").all_inner_texts() if label]
    assert firsts == sorted(firsts)  # Tab follows the page's order: the pins are in the list's
    assert [problem for stop in stops for problem in ring_problems(stop)] == []
    grouped = next(index for index in range(pins.count()) if pins.nth(index).locator(".map-pin-number").inner_text().endswith("+"))
    pin = pins.nth(grouped)

    # Enter opens the popup and puts the focus in it; Escape closes it and gives the focus back.
    pin.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup").wait_for(timeout=5000)
    in_popup = page.evaluate("document.activeElement.closest('.leaflet-popup-content') !== null")
    assert in_popup, focused(page)
    popup_names = page.locator(".leaflet-popup-content a").all_inner_texts()
    assert len(popup_names) >= 2 and "; ".join(popup_names) in pin.get_attribute("title")
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached", timeout=5000)
    assert page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')"), focused(page)
    assert pin.evaluate("pin => pin === document.activeElement")

    # Space works the same, and the popup's close button (named in the page's language) too.
    page.keyboard.press("Space")
    close = page.get_by_role("button", name="Close", exact=True)
    close.wait_for(timeout=5000)
    while not close.evaluate("button => button === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.locator(".leaflet-popup").wait_for(state="detached", timeout=5000)
    assert pin.evaluate("pin => pin === document.activeElement"), focused(page)

    # The zoom buttons (Leaflet's links) answer Space too: the pins move apart.
    def spread():
        first, last = pins.first.bounding_box(), pins.last.bounding_box()
        return abs(first["x"] - last["x"]) + abs(first["y"] - last["y"])
    before = spread()
    page.get_by_role("button", name="Zoom in").focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")
    page.wait_for_timeout(400)
    assert spread() > 1.5 * before

    # Hide map: the button stays, keeps the focus and offers to show the map again.
    show.focus()
    page.keyboard.press("Space")
    assert not page.locator("#map").is_visible()
    assert show.inner_text() == "Show map" and focused(page).startswith('<button type="button" id="show-map"')
    page.keyboard.press("Enter")
    assert page.locator("#map").is_visible() and show.inner_text() == "Hide map"


def test_the_map_attribution_link_is_readable_and_underlined(portal_server, phone):
    page = small_phone(phone)
    keep_offline(page, portal_server["url"])
    page.goto(f"{portal_server['url']}/en/places/?region=KR-41110")
    page.get_by_role("button", name="Show map").click()
    link = page.locator(".leaflet-control-attribution a").first
    link.wait_for()
    colours = link.evaluate("""link => {
      const style = getComputedStyle(link), box = getComputedStyle(link.closest('.leaflet-control-attribution'));
      return {text: style.color, background: box.backgroundColor, line: style.textDecorationLine};
    }""")
    text, background = ([int(value) for value in re.findall(r"[\d.]+", colours[key])[:3]] for key in ("text", "background"))
    assert re.search(r"rgb\(255, 255, 255\)$", colours["background"]), colours  # opaque white, not over the tiles
    assert contrast(text, background) >= LINK_TEXT_AT_LEAST, colours
    assert "underline" in colours["line"]
