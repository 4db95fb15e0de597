"""The interface both engines implement (database: embedded; elasticsearch)."""
from abc import ABC, abstractmethod


class SearchUnavailable(Exception):
    """The engine cannot answer now (cluster down, timeout): the caller falls back."""


class SearchEngine(ABC):
    name = ""  # "database" | "elasticsearch", as the API reports it

    @abstractmethod
    def index_documents(self, documents):
        """Add or replace documents (matched on type, id, locale). Returns how many."""

    @abstractmethod
    def remove_documents(self, type_, ids, locale=None):
        """Remove documents of a type by id (all their locales unless locale is given)."""

    @abstractmethod
    def search(self, query):
        """Hits for a SearchQuery, best first, at most query.limit."""

    @abstractmethod
    def suggest(self, prefix, locale, limit=8):
        """[(title, url)] of titles starting with, then containing, the prefix: suggestions as you type."""

    @abstractmethod
    def rebuild(self, documents, progress=None):
        """Replace the whole index with documents, readers never seeing it half-built.

        progress(done) is called as documents go in. Returns how many.
        """

    @abstractmethod
    def indexed_keys(self):
        """Set of (type, id, locale) in the index, to compare with the database."""
