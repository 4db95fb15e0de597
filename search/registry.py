"""Content types say what they index; the search code never imports them.

An app registers a SearchSource in its AppConfig.ready() and, when its objects
change, calls search.sync.update(type, obj) or search.sync.remove(type, ids).
"""
_sources = {}


class SearchSource:
    type = ""  # "page", "place", ...
    label = ""  # shown next to a result (gettext_lazy)

    def all_documents(self):
        """Every SearchDocument that should be in the index now (for rebuild and check)."""
        raise NotImplementedError

    def documents_for(self, obj):
        """SearchDocuments for one object: [] when it must not be indexed (draft, alias, hidden)."""
        raise NotImplementedError


def register(source):
    _sources[source.type] = source
    return source


def sources():
    return dict(_sources)


def get(type_):
    return _sources[type_]
