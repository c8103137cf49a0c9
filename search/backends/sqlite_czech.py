"""The embedded default's FTS5 search, Czech-aware on both sides.

SQLite's `unicode61` tokenizer folds diacritics but knows no inflection, so
"zasedaci mistnost" would miss "zasedací místnosti". Every indexed title and
body gets the folded stems of its words (`search.czech.stem`) appended, and
every query word is replaced by its stem (the last one as a prefix), so both
sides meet on the same form: "valna hromada" finds "valné hromady".
"""

from django.utils.encoding import force_str
from modelsearch.backends.database.sqlite.sqlite import SQLiteIndex
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk

from search.backends.sqlite import (
    EscapedAutocompleteQueryCompiler,
    EscapedSearchQueryCompiler,
    EscapedSQLiteSearchBackend,
)
from search.czech import WORD_RE, is_stop_word, stem, with_stems


def stemmed_query(query_string):
    """The query as Czech stems without stop words, matching how the index stores text ("mistnost" finds "místnosti")."""
    words = [word for word in WORD_RE.findall(query_string or "") if not is_stop_word(word)]
    return " ".join(stem(word) for word in words) or query_string


class CzechSQLiteIndex(SQLiteIndex):
    """SQLite FTS5 index that adds Czech stems to each entry's text, as FTS5 has no Czech stemmer."""

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)
        if not objs or not model.get_search_fields():
            return
        entries = self.entries.filter(
            content_type_id=get_content_type_pk(model), object_id__in=[force_str(obj.pk) for obj in objs]
        )
        for pk, title, body in entries.values_list("pk", "title", "body"):
            self.entries.filter(pk=pk).update(title=with_stems(title), body=with_stems(body))


class CzechSearchQueryCompiler(EscapedSearchQueryCompiler):
    """Stems plain-text queries like the index, on top of the FTS5 escaping."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(stemmed_query(query.query_string), operator=query.operator, boost=query.boost)
        return super().build_search_query_content(query, config)


class CzechSQLiteSearchBackend(EscapedSQLiteSearchBackend):
    """The embedded mode's search: SQLite FTS5 with Czech stemming and escaped queries."""

    index_class = CzechSQLiteIndex
    query_compiler_class = CzechSearchQueryCompiler
    autocomplete_query_compiler_class = EscapedAutocompleteQueryCompiler


SearchBackend = CzechSQLiteSearchBackend
