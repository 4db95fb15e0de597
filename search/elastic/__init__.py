"""The Elasticsearch side of search, as plain data wherever possible.

analysis.py  which analyzer each language gets on a given cluster
mapping.py   the index: settings, per-locale fields, the stored entry
queries.py   the JSON we send for a search or a suggestion, and how hits come back

Only search/engines/elasticsearch.py talks to a cluster; everything here can
be checked without one.
"""
