"""The `czech` text search configuration and the functions the Czech backend calls.

- `czech_ispell`: ispell dictionary from hunspell-cs (`cs_cz.dict`/`cs_cz.affix`
  in `$(pg_config --sharedir)/tsearch_data`, put there by `apt-get install
  hunspell-cs` and `pg_updatedicts`);
- `czech`: ispell, then `simple` for words the dictionary does not know;
- `czech_unaccent`: `unaccent` then `simple` (folded words, no stemming);
- `triada_czech_tsvector`, `triada_czech_tsquery`, `triada_czech_phrasequery`:
  see `search.backends.postgres` for why lemmas are unaccented after ispell.

If the dictionary files are missing, `czech` becomes `unaccent` + `simple`
(diacritics folding without inflection) and a warning says how to fix it;
re-running `manage.py czech_text_search` after installing hunspell-cs upgrades it.
Does nothing on databases other than PostgreSQL.
"""

from django.db import migrations

from search.pg_setup import drop_czech_text_search, install_czech_text_search


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        install_czech_text_search(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        drop_czech_text_search(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
