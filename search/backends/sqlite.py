"""Wagtail's SQLite FTS5 backend with the user's words escaped (the embedded default).

Wagtail quotes each word as an FTS5 string but leaves a `"` inside it, so a
query such as `a"` is an FTS5 syntax error (500 on /hledat/ and its
suggestions). Quotes carry no meaning for the `unicode61` tokenizer, so they
become spaces; a phrase becomes one quoted FTS5 string instead of raw syntax.
"""

from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText


def fts5_safe(text):
    """The words of `text` with nothing FTS5 could read as syntax inside a quoted string."""
    return " ".join(text.replace('"', " ").split())


class _EscapedTerms:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(fts5_safe(query.query_string), operator=query.operator, boost=query.boost)
        elif isinstance(query, Phrase):
            words = fts5_safe(query.query_string)
            return SearchQueryExpression(Lexeme(words), config=config) if words else None
        return super().build_search_query_content(query, config)


class EscapedSearchQueryCompiler(_EscapedTerms, SQLiteSearchQueryCompiler):
    """FTS5 full-text queries with the user's words escaped, so punctuation cannot break the query syntax."""

    pass


class EscapedAutocompleteQueryCompiler(_EscapedTerms, SQLiteAutocompleteQueryCompiler):
    """FTS5 autocomplete with the user's words escaped."""

    pass


class EscapedSQLiteSearchBackend(SQLiteSearchBackend):
    """Wagtail's SQLite backend with escaped queries: a stray quote in a query was an FTS5 syntax error (a 500)."""

    query_compiler_class = EscapedSearchQueryCompiler
    autocomplete_query_compiler_class = EscapedAutocompleteQueryCompiler

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        # A query of nothing but quotes is no query (Wagtail answers "" with no results).
        if isinstance(query, str):
            query = fts5_safe(query)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
