"""Wagtail's PostgreSQL search backend with Czech inflection and diacritics folding.

Why not just `SEARCH_CONFIG = "czech"`: Wagtail builds index vectors with
`to_tsvector(config, text)` and queries with `to_tsquery(config, terms)`, so a
configuration applies on both sides. But the Czech ispell dictionary
(hunspell-cs) only knows words spelt with diacritics and returns lemmas with
diacritics ("seniorům" → "senior", "městech" → "město"), and PostgreSQL cannot
put a filtering dictionary such as `unaccent` *after* ispell. A configuration
alone gives either inflection or folding, never both.

So the migration `search.0002_czech_text_search` creates two SQL functions and
this backend uses them instead of `to_tsvector`/`to_tsquery`:

- `triada_czech_tsvector(text)`: the ispell lemmas of the text with their
  accents removed, plus every word of the text unaccented (positions kept);
- `triada_czech_tsquery(text)`: the query through the `czech` configuration,
  lemmas unaccented, OR the query through `czech_unaccent` (folded words).

"seniorům" therefore finds "senioři" (lemma "senior"), "pecovatelska sluzba"
finds "pečovatelská služba" (folded words), and "pečovatelská sluzba" works too.
Autocomplete uses `czech_unaccent` (unaccent + simple, no stemming) on both
the index and the query side.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import F, TextField, Value
from django.db.models.sql.subqueries import InsertQuery
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres.postgres import (
    EMPTY_VECTOR,
    IndexEntry,
    ObjectIndexer,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.index import SearchField
from modelsearch.query import Fuzzy, MatchAll, Not, Phrase, PlainText
from modelsearch.utils import ADD, get_content_type_pk

from search.czech import fold, stem, without_stop_words

CZECH_CONFIG = "czech"
FOLDED_CONFIG = "czech_unaccent"


class CzechSearchVector(SearchVector):
    """`setweight(triada_czech_tsvector(text), weight)`."""

    function = "triada_czech_tsvector"

    def __init__(self, *expressions, weight=None):
        super().__init__(*expressions, weight=weight)


class CzechSearchQuery(SearchQuery):
    """`triada_czech_tsquery(raw tsquery text)`; see the module docstring."""

    def __init__(self, value, *, phrase=False, invert=False):
        super().__init__(value, search_type="raw", invert=invert)
        self.function = "triada_czech_phrasequery" if phrase else "triada_czech_tsquery"


class CzechObjectIndexer(ObjectIndexer):
    @cached_property
    def body(self):
        """Everything searchable, the title included.

        Wagtail matches `title || body`, a concatenation no index can serve;
        with the title in the body too, matching `body` alone gives the same
        hits and uses the GIN index on it. The title vector still ranks.
        """
        texts = []
        for field in self.search_fields:
            for current_field, boost, value in self.prepare_field(self.obj, field):
                if isinstance(current_field, SearchField):
                    texts.append((value, boost))
        return self.as_vector(texts)

    def as_vector(self, texts, for_autocomplete=False):
        texts = [(text.strip(), weight) for text, weight in texts]
        texts = [(text, weight) for text, weight in texts if text]
        if not texts:
            return EMPTY_VECTOR
        if for_autocomplete:
            return super().as_vector(texts, for_autocomplete=True)
        return ADD([CzechSearchVector(Value(text, output_field=TextField()), weight=weight) for text, weight in texts])


class CzechPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Wagtail's `PostgresIndex.add_items` with the Czech indexer.

        Upstream instantiates its module-level ObjectIndexer directly, so the
        method is repeated here rather than patched; keep it in step on upgrades.
        """
        if not model.get_search_fields():
            return
        indexers = [CzechObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows_sql = []
        data_params = []
        for indexer in indexers:
            data_params.extend((content_type_pk, indexer.id))
            parts = []
            for field_name, vector in (
                ("title", indexer.title),
                ("autocomplete", indexer.autocomplete),
                ("body", indexer.body),
            ):
                value = compiler.prepare_value(IndexEntry._meta.get_field(field_name), vector)
                sql, params = value.as_sql(compiler, self.write_connection)
                parts.append(sql)
                data_params.extend(params)
            data_params.extend((indexer.title_text, indexer.body_text))
            rows_sql.append(f"(%s, %s, {parts[0]}, {parts[1]}, {parts[2]}, 1.0, %s, %s)")

        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {IndexEntry._meta.db_table}
                    (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows_sql)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,
                data_params,
            )
        self._refresh_title_norms()


class CzechQueryMixin:
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            terms = without_stop_words([term for term in re.split(r"[\s\-]+", query.query_string) if term])
            if not terms:
                return None
            last_term = terms.pop()
            lexemes = self.term_lexeme(last_term, invert, prefix=self.LAST_TERM_IS_PREFIX)
            for term in terms:
                if query.operator == "and":
                    lexemes &= self.term_lexeme(term, invert)
                else:
                    lexemes |= self.term_lexeme(term, invert)
            return self.make_query(lexemes, config)
        if isinstance(query, Phrase):
            return CzechSearchQuery(query.query_string, phrase=True, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)

    def term_lexeme(self, term, invert, prefix=False):
        """The term, or its folded stem as a prefix ("sluzby" → 'sluzb':*).

        The stem catches inflected forms typed without diacritics, which the
        ispell dictionary cannot lemmatise ("sluzby" finds "služba").
        """
        lexeme = Lexeme(term, invert=invert, prefix=prefix)
        term_stem = stem(term)
        if prefix or len(term_stem) < 4 or term_stem == fold(term):
            return lexeme
        alternative = Lexeme(term_stem, invert=invert, prefix=True)
        # Inverted terms combine the other way round (De Morgan).
        return (lexeme & alternative) if invert else (lexeme | alternative)

    def make_query(self, lexemes, config):
        return CzechSearchQuery(lexemes)


class CzechSearchQueryCompiler(CzechQueryMixin, PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        simple_match = not (
            self.fields is not None
            or isinstance(self.query, (MatchAll, Fuzzy))
            or (isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll))
        )
        if not simple_match:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        if search_query is None:
            return self.queryset.none()
        rank_expression = self._build_rank_expression(self.get_index_vectors(search_query), config)
        # The body vector holds the title too (CzechObjectIndexer.body): one indexed match.
        queryset = self.queryset.annotate(_vector_=F("index_entries__body")).filter(_vector_=search_query)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)


class CzechAutocompleteQueryCompiler(CzechQueryMixin, PostgresAutocompleteQueryCompiler):
    def make_query(self, lexemes, config):
        return SearchQuery(lexemes, search_type="raw", config=config)


class CzechPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = CzechSearchQueryCompiler
    autocomplete_query_compiler_class = CzechAutocompleteQueryCompiler
    index_class = CzechPostgresIndex

    def __init__(self, params):
        params = {"SEARCH_CONFIG": CZECH_CONFIG, **params}
        super().__init__(params)
        # Folded on both sides, so "pecov" suggests "Pečovatelská služba".
        self.autocomplete_config = FOLDED_CONFIG


SearchBackend = CzechPostgresSearchBackend
