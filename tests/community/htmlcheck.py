"""What a browser would build from HTML: every element with its attributes (for the XSS tests)."""
from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.found.append(("!--", {}))


def elements(html):
    """[(tag, {attribute: value})] in document order."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def dangerous(html):
    """Elements that could run script: script/svg/iframe/object/img/style elements,
    on* attributes, and links or sources that are not http(s), relative or fragment addresses."""
    found = []
    for tag, attributes in elements(html):
        if tag in ("script", "svg", "iframe", "object", "embed", "style", "img", "body", "math"):
            found.append((tag, attributes))
        for name, value in attributes.items():
            value = (value or "").strip().lower()
            if name.startswith("on") or (name in ("href", "src", "action", "formaction")
                                         and value.startswith(("javascript:", "data:", "vbscript:"))):
                found.append((tag, attributes))
    return found
