"""`search.backends.database`: Wagtail's database backend, Czech on PostgreSQL.

Like `wagtail.search.backends.database`, the concrete backend depends on the
default database: PostgreSQL gets `search.backends.postgres` (the `czech`
text search configuration), SQLite and the rest keep Wagtail's own. SQLite's
FTS5 `unicode61` tokenizer removes diacritics by default on both the indexed
text and the query, which is the folding the embedded default needs.
"""

from django.db import connection
from wagtail.search.backends.database import SearchBackend as WagtailDatabaseSearchBackend


def SearchBackend(params):  # noqa: N802 (Wagtail looks up this name)
    """Wagtail's database search backend, chosen by vendor: Czech dictionary on PostgreSQL, escaped FTS5 queries on SQLite."""
    if connection.vendor == "postgresql":
        from .postgres import CzechPostgresSearchBackend

        return CzechPostgresSearchBackend(params)
    params = {key: value for key, value in params.items() if key != "SEARCH_CONFIG"}
    backend = WagtailDatabaseSearchBackend(params)
    from .sqlite import EscapedSQLiteSearchBackend, SQLiteSearchBackend

    if type(backend) is SQLiteSearchBackend:
        # Wagtail's FTS5 backend, with the user's quotes escaped (see search/backends/sqlite.py).
        return EscapedSQLiteSearchBackend(params)
    return backend
