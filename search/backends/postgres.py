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

import functools
import json
import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Func, IntegerField, TextField, Value
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

from search.czech import WORD_RE, fold, stem, with_stems, without_stop_words

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
    """Wagtail's indexer with title and body in one Czech-analysed field, so one GIN index serves every query."""

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
        # The folded stems ride along, so queries match them exactly (see CzechQueryMixin.term_lexeme).
        lemmas = getattr(self, "lemmas", {})
        return ADD(
            [
                CzechSearchVector(Value(with_lemma_stems(text, lemmas), output_field=TextField()), weight=weight)
                for text, weight in texts
            ]
        )


def with_lemma_stems(text, lemmas):
    """`text` with the stems of its words and of their dictionary lemmas ("služeb" → 'sluzb' of "služba").

    A query typed without diacritics ("sluzby") cannot be lemmatised, so its stem must meet the
    stem of the text's lemma; once a prefix ('sluzb':*) did that, at the cost of the GIN index.
    """
    extra = []
    for word in WORD_RE.findall(text.lower()) if lemmas else ():
        extra.extend(lemma_stem for lemma in lemmas.get(word, ()) if (lemma_stem := _lemma_stem(lemma)))
    stemmed = with_stems(text)
    return f"{stemmed} {' '.join(extra)}" if extra else stemmed


@functools.lru_cache(maxsize=100_000)
def _lemma_stem(lemma):
    """The lemma's folded stem when it differs from the folded lemma (cached: texts repeat their words)."""
    lemma_stem = stem(lemma)
    return lemma_stem if lemma_stem != fold(lemma) else None


def dictionary_lemmas(connection, texts):
    """{word: lemmas} from the Czech ispell dictionary for every distinct word of `texts`, in one query.

    Empty when the dictionary is not installed (search then folds without inflection anyway).
    """
    words = sorted({word for text in texts for word in WORD_RE.findall((text or "").lower())})
    if not words:
        return {}
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = 'czech_ispell'")
            if cursor.fetchone() is None:
                return {}
            cursor.execute("SELECT w, ts_lexize('public.czech_ispell', w) FROM unnest(%s::text[]) AS w", [words])
            return {word: lemmas for word, lemmas in cursor.fetchall() if lemmas}
    except DatabaseError:
        return {}


class CzechPostgresIndex(PostgresIndex):
    """Wagtail's PostgreSQL index using the Czech indexer."""

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
        texts = [value for indexer in indexers for value in (indexer.title_text, indexer.body_text)]
        lemmas = dictionary_lemmas(self.write_connection, texts)
        for indexer in indexers:
            indexer.lemmas = lemmas
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
    """Queries built from Czech stems and lemmas without stop words, matching how the index stores text."""

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
        """The term, or its folded stem ("sluzby" → 'sluzb').

        The stem catches inflected forms typed without diacritics, which the
        ispell dictionary cannot lemmatise ("sluzby" finds "služba"). It is an
        exact term, indexed with every word (`search.czech.with_stems`), not a
        prefix: a prefix makes GIN walk every lexeme starting with it and the
        planner overestimate the matches into a sequential scan of the index.
        """
        lexeme = Lexeme(term, invert=invert, prefix=prefix)
        term_stem = stem(term)
        if prefix or len(term_stem) < 4 or term_stem == fold(term):
            return lexeme
        alternative = Lexeme(term_stem, invert=invert)
        # Inverted terms combine the other way round (De Morgan).
        return (lexeme & alternative) if invert else (lexeme | alternative)

    def make_query(self, lexemes, config):
        return CzechSearchQuery(lexemes)

    def title_rank(self, config):
        """Wagtail's title part of the rank: the small title vector, cheap to rank for every match."""
        return self.build_tsrank(F("index_entries__title"), self.query, config=config) * F("index_entries__title_norm")

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        """Rank by the query's words joined by OR: every hit has all of them already.

        `ts_rank` of an AND query measures the distance between every pair of
        positions, which costs ~2x more on long documents than counting the terms.
        """
        if isinstance(query, PlainText) and query.operator == "and":
            query = PlainText(query.query_string, operator="or", boost=query.boost)
        return super().build_tsrank(vector, query, config=config, boost=boost)


class CzechSearchQueryCompiler(CzechQueryMixin, PostgresSearchQueryCompiler):
    """Full-text search with Czech queries; a plain search takes the fast path the GIN index serves."""

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
    """Autocomplete with the Czech query mixin, sent as a raw tsquery."""

    def make_query(self, lexemes, config):
        return SearchQuery(lexemes, search_type="raw", config=config)


SEARCH_RANDOM_PAGE_COST = 1.1
# Set for the search statement only (see faceted_search). The planner over-estimates a tsquery's
# matches (several word forms OR-ed) ~5x, then hashes every entry (a sequential scan of all of
# them) to join the few matched index rows; looking each match up by `search_entry_id_as_text`
# is what the numbers favour at every scale measured (bench search, bench national).
SEARCH_PLANNER_SETTINGS = (
    f"random_page_cost = {SEARCH_RANDOM_PAGE_COST}",
    "enable_hashjoin = off",
    "enable_mergejoin = off",
    # Starting parallel workers costs more than the few thousand rows a query reads, and under
    # concurrent requests they only take cores from other visitors.
    "max_parallel_workers_per_gather = 0",
)

# Filter field → (SQL column of the matched set, how the selected value is compared).
FACET_COLUMNS = {
    "kind": ("kind", "m.kind = %s"),
    "territory_id": ("territory_id", "m.territory_id = %s"),
    "body_id": ("body_id", "m.body_id = %s"),
    "year": ("year", "m.year = %s"),
    "target_groups": ("target_groups", "m.target_groups @> %s::jsonb"),
}


def _sql_value(name, value):
    if name == "target_groups":
        return json.dumps([str(value)])
    if name == "kind":
        return str(value)
    return int(value)


def _orm_filter(name, value):
    if name == "target_groups":
        return {"target_groups__contains": [str(value)]}
    return {name: _sql_value(name, value)}


class CzechPostgresSearchBackend(PostgresSearchBackend):
    """The production database search: Czech dictionary, one index, exact totals and facets in one statement."""

    query_compiler_class = CzechSearchQueryCompiler
    autocomplete_query_compiler_class = CzechAutocompleteQueryCompiler
    index_class = CzechPostgresIndex
    # search.query asks for the page, the exact total and the facets in one call (faceted_search).
    supports_facet_aggregations = True

    def __init__(self, params):
        params = {"SEARCH_CONFIG": CZECH_CONFIG, **params}
        super().__init__(params)
        # Folded on both sides, so "pecov" suggests "Pečovatelská služba".
        self.autocomplete_config = FOLDED_CONFIG

    def faceted_search(self, query, queryset, filters, facet_names, start, size, by_relevance=True):
        """The page of hits passing every filter, the exact total, and per facet the counts over
        *all* matches passing the other facets' filters — the same answer as the Elasticsearch backends.

        One statement (`faceted_sql`) answers all three when ranked by relevance.
        Returns (total, objects in rank order, {facet: {value: count}}).
        """
        filters = {name: value for name, value in filters.items() if value not in (None, "")}
        counts = {name: {} for name in facet_names}
        try:
            sql, params = self.faceted_sql(query, queryset, filters, facet_names, start, size, by_relevance)
        except EmptyResultSet:  # nothing left to search for (e.g. only punctuation)
            return 0, [], counts
        total, page = 0, []
        with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
            # The planner does not cost detoasting the index rows' long tsvectors, so with the default
            # random_page_cost it reads every row (national scale: 4x slower) instead of the GIN
            # index's matches; 1.1 is the usual value for SSDs, set for these statements only.
            for setting in SEARCH_PLANNER_SETTINGS:
                cursor.execute(f"SET LOCAL {setting}")
            cursor.execute(sql, params)
            for facet, value, number in cursor.fetchall():
                if facet == PAGE_ROW:
                    page.append((number, int(value)))
                elif facet:
                    counts[facet][value] = number
                else:
                    total = number
            if not by_relevance and total > start:
                hits = list(self.page_results(query, queryset, filters, by_relevance)[start : start + size])
                return total, hits, counts
        objects = queryset.in_bulk([pk for _position, pk in page])
        return total, [objects[pk] for _position, pk in sorted(page) if pk in objects], counts

    def page_results(self, query, queryset, filters, by_relevance=True):
        """The ranked search results that pass every filter (slice it for a page)."""
        for name, value in filters.items():
            queryset = queryset.filter(**_orm_filter(name, value))
        return self.search(query, queryset, order_by_relevance=by_relevance)

    def faceted_sql(self, query, queryset, filters, facet_names, start=0, size=0, by_relevance=False):
        """One statement: the matched set once (a materialised CTE over the GIN index), the exact total
        and a GROUP BY per facet over it, and — ranked by relevance — the page's primary keys.

        Rows are (facet, value, count): facet '' is the total, PAGE_ROW rows give (pk, position).
        Ranking is bounded (`ranked_page_sql`), so a query matching 60,000 entries costs what
        one matching a few hundred does; no count depends on a cap of hits.
        """
        results = self.search(query, queryset, order_by_relevance=False)
        compiler = getattr(results, "query_compiler", None)
        if compiler is None:  # Wagtail's EmptySearchResults: no words left
            raise EmptyResultSet
        config = compiler.get_config(self)
        matched = results.get_queryset().order_by()
        # Every match, unordered: the set the facets are counted over, with its index row and title rank.
        matched = matched.annotate(
            _entry_=F("index_entries__id"),
            _title_rank_=compiler.title_rank(config),
            # The stored size of the body vector, read from its TOAST pointer (no detoasting).
            _body_size_=Func(F("index_entries__body"), function="pg_column_size", output_field=IntegerField()),
        )
        columns = [column for column, _condition in FACET_COLUMNS.values()]
        inner_sql, inner_params = matched.values_list(
            "pk", "_entry_", "_title_rank_", "_body_size_", *columns
        ).query.sql_with_params()

        def where(skip=None):
            parts, params = [], []
            for name, value in filters.items():
                if name != skip:
                    parts.append(FACET_COLUMNS[name][1])
                    params.append(_sql_value(name, value))
            return (" WHERE " + " AND ".join(parts) if parts else ""), params

        total_where, total_params = where()
        selects = [f"SELECT '' AS facet, '' AS value, count(*) AS n FROM m{total_where}"]
        params = [*inner_params, *total_params]
        for name in facet_names:
            column = FACET_COLUMNS[name][0]
            condition, condition_params = where(skip=name)
            if name == "target_groups":
                source, value = (
                    "m CROSS JOIN LATERAL jsonb_array_elements_text(m.target_groups) AS g(value)",
                    "g.value",
                )
            else:
                source, value = "m", f"m.{column}::text"
                condition = (condition + " AND " if condition else " WHERE ") + f"m.{column} IS NOT NULL"
            # `name` is a key of FACET_COLUMNS (looked up above), never user text.
            selects.append(f"SELECT '{name}', {value}, count(*) FROM {source}{condition} GROUP BY 2")
            params += condition_params
        if by_relevance and size:
            page_sql, page_params = self.ranked_page_sql(compiler, config, queryset.db, where(), start, size)
            selects.append(page_sql)
            params += page_params
        sql = (
            f"WITH m (pk, entry, title_rank, body_size, {', '.join(columns)}) AS MATERIALIZED ({inner_sql}) "
            + " UNION ALL ".join(selects)
        )
        return sql, params

    def ranked_page_sql(self, compiler, config, using, filtered, start, size):
        """The page's rows (PAGE_ROW, pk, position) ranked as Wagtail ranks (title rank + body rank),
        with the body — the long, TOAST-stored vector — ranked for RANK_CANDIDATES entries only.

        Candidates are the filtered matches with the best title rank, then the longest stored bodies
        (more of the query's word forms; read from the TOAST pointer, not detoasted), in blocks of
        RANK_CANDIDATES; the full rank orders each block, and a page reaches only as many blocks as
        it needs. Block by block, every match has exactly one position, whatever page is asked for.
        """
        table = IndexEntry._meta.db_table
        index_query = IndexEntry.objects.all().query
        sql_compiler = index_query.get_compiler(using=using)
        body_rank = compiler.build_tsrank(F("body"), compiler.query, config=config).resolve_expression(index_query)
        body_sql, body_params = sql_compiler.compile(body_rank)
        candidates = RANK_CANDIDATES * ((start + size - 1) // RANK_CANDIDATES + 1)
        where, where_params = filtered
        cheap_order = "t.title_rank DESC, t.body_size DESC, t.pk DESC"
        sql = f"""
            SELECT '{PAGE_ROW}', r.pk::text, r.position FROM (
                SELECT c.pk, row_number() OVER (
                    ORDER BY c.block, c.title_rank + {body_sql} DESC, c.pk DESC
                ) AS position
                FROM (
                    SELECT t.pk, t.entry, t.title_rank,
                           (row_number() OVER (ORDER BY {cheap_order}) - 1) / %s AS block
                    FROM (
                        SELECT m.pk, m.entry, m.title_rank, m.body_size FROM m{where}
                        ORDER BY {cheap_order.replace("t.", "m.")} LIMIT %s
                    ) t
                ) c JOIN {table} ON {table}.id = c.entry
            ) r WHERE r.position > %s AND r.position <= %s"""
        return sql, [*body_params, RANK_CANDIDATES, *where_params, candidates, start, start + size]


# How many of a query's matches have their body ranked (the rest are counted, never ranked).
RANK_CANDIDATES = 200
PAGE_ROW = "#page"
