"""Search backends that understand Czech.

- `search.backends.database`: the database backend chosen by the database in
  use; on PostgreSQL it is `search.backends.postgres` (Czech dictionary),
  elsewhere Wagtail's own (SQLite FTS5 folds diacritics by itself).
- `search.backends.elasticsearch8`: production, with Czech analyzers.
- `search.backends.opensearch2`: the same on OpenSearch 2 (the test run's
  live node; `SEARCH_ENGINE=opensearch2` in production).
"""
