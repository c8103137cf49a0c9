"""SQL that sets up Czech full-text search on PostgreSQL (used by a migration and a command)."""

import logging
import warnings

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

MAPPED_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart"

FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION triada_czech_tsvector(document text) RETURNS tsvector AS $$
    SELECT public.unaccent('public.unaccent', to_tsvector('public.czech', document)::text)::tsvector
           || to_tsvector('public.czech_unaccent', document)
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION triada_czech_tsquery(query text) RETURNS tsquery AS $$
    SELECT public.unaccent('public.unaccent', to_tsquery('public.czech', query)::text)::tsquery
           || to_tsquery('public.czech_unaccent', query)
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION triada_czech_phrasequery(query text) RETURNS tsquery AS $$
    SELECT public.unaccent('public.unaccent', phraseto_tsquery('public.czech', query)::text)::tsquery
           || phraseto_tsquery('public.czech_unaccent', query)
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
"""

DICTIONARY_MISSING = (
    "The Czech ispell dictionary (hunspell-cs: cs_cz.dict, cs_cz.affix in PostgreSQL's tsearch_data) "
    "could not be loaded: %s. Search falls back to diacritics folding without inflection. "
    "Install hunspell-cs, run pg_updatedicts, then `manage.py czech_text_search`."
)


def install_czech_text_search(connection):
    """Create or refresh the configurations and functions; returns True with the dictionary."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'czech_unaccent'")
        if cursor.fetchone() is None:
            cursor.execute("CREATE TEXT SEARCH CONFIGURATION public.czech_unaccent (COPY = pg_catalog.simple)")
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION public.czech_unaccent ALTER MAPPING FOR {MAPPED_TOKENS} "
            "WITH public.unaccent, simple"
        )
        has_dictionary = True
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = 'czech_ispell'")
        if cursor.fetchone() is None:
            try:
                with transaction.atomic(using=connection.alias):
                    cursor.execute(
                        "CREATE TEXT SEARCH DICTIONARY public.czech_ispell "
                        "(TEMPLATE = ispell, DictFile = cs_cz, AffFile = cs_cz)"
                    )
            except DatabaseError as error:
                has_dictionary = False
                message = DICTIONARY_MISSING % str(error).splitlines()[0]
                logger.warning(message)
                warnings.warn(message, RuntimeWarning, stacklevel=2)
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'czech'")
        if cursor.fetchone() is None:
            cursor.execute("CREATE TEXT SEARCH CONFIGURATION public.czech (COPY = pg_catalog.simple)")
        dictionaries = "public.czech_ispell, simple" if has_dictionary else "public.unaccent, simple"
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION public.czech ALTER MAPPING FOR {MAPPED_TOKENS} WITH {dictionaries}"
        )
        cursor.execute(FUNCTIONS_SQL)
    return has_dictionary


def drop_czech_text_search(connection):
    """Reverse of install_czech_text_search, for the migration's backwards step."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP FUNCTION IF EXISTS triada_czech_tsvector(text), triada_czech_tsquery(text), "
            "triada_czech_phrasequery(text)"
        )
        cursor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS public.czech")
        cursor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS public.czech_unaccent")
        cursor.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS public.czech_ispell")


def czech_dictionary_in_use(connection):
    """True if the `czech` configuration maps words to the ispell dictionary."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = 'czech_ispell'")
        if cursor.fetchone() is None:
            return False
        cursor.execute("SELECT ts_lexize('public.czech_ispell', 'seniorům')::text")
        return cursor.fetchone()[0] == "{senior}"
