"""What the engines index and what they answer: plain data, no models.

Content apps turn their objects into SearchDocuments (see registry.py); the
engines never import those apps.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchDocument:
    type: str  # "page", "place", "event", "post": the source's type
    id: str  # unique within the type and locale (a primary key as text)
    key: str  # the public key: a page's slug
    locale: str  # a code of portal.languages
    title: str
    body: str  # plain text, no markup
    url: str
    topic: str = ""  # one of portal.topics, or ""
    geo: tuple | None = None  # (latitude, longitude) for places and events


@dataclass(frozen=True)
class SearchQuery:
    text: str  # already validated and trimmed by search.query
    locales: tuple  # search only in these locales
    types: tuple = ()  # empty: every type
    limit: int = 10
    # Editors' synonyms for words of the text, searched as alternatives.
    expansions: tuple = ()


@dataclass(frozen=True)
class Hit:
    type: str
    id: str
    key: str
    locale: str
    title: str
    url: str
    snippet: str  # HTML: escaped text where only <mark> elements are markup
    score: float
    topic: str = ""
    extra: dict = field(default_factory=dict, compare=False)
