"""Small Czech text helpers shared by the backends, the snippets and the tests.

PostgreSQL has no Czech stop-word file (and a migration cannot write one into
the server's share directory), so stop words are dropped from queries here;
Elasticsearch uses its built-in `_czech_` list.
"""

import functools
import re
import unicodedata

# Short function words that would otherwise have to appear in every hit
# (Wagtail ANDs the terms of a query). Folded forms; compared folded.
STOP_WORDS = frozenset(
    [
        "a",
        "aby",
        "aj",
        "ale",
        "anebo",
        "ani",
        "ano",
        "asi",
        "az",
        "bez",
        "bude",
        "budem",
        "budes",
        "by",
        "byl",
        "byla",
        "byli",
        "bylo",
        "byt",
        "ci",
        "co",
        "coz",
        "do",
        "i",
        "jak",
        "jako",
        "je",
        "jeho",
        "jej",
        "jeji",
        "jejich",
        "jen",
        "jeste",
        "ji",
        "jine",
        "jiz",
        "jsem",
        "jses",
        "jsme",
        "jsou",
        "jste",
        "k",
        "kam",
        "kde",
        "kdo",
        "kdyz",
        "ke",
        "ktera",
        "ktere",
        "kteri",
        "kterou",
        "ktery",
        "ku",
        "ma",
        "mate",
        "me",
        "mezi",
        "mi",
        "mit",
        "mne",
        "mnou",
        "muj",
        "muze",
        "na",
        "nad",
        "nam",
        "napiste",
        "nas",
        "nasi",
        "ne",
        "nebo",
        "nebot",
        "nez",
        "nic",
        "nove",
        "novy",
        "o",
        "od",
        "ode",
        "on",
        "ona",
        "oni",
        "ono",
        "ony",
        "po",
        "pod",
        "podle",
        "pokud",
        "pouze",
        "prave",
        "pred",
        "pres",
        "pri",
        "pro",
        "proc",
        "proto",
        "protoze",
        "prvni",
        "pta",
        "re",
        "s",
        "se",
        "si",
        "sve",
        "svych",
        "svym",
        "svymi",
        "ta",
        "tak",
        "take",
        "takze",
        "tato",
        "te",
        "tedy",
        "tema",
        "ten",
        "tento",
        "teto",
        "tim",
        "timto",
        "tipy",
        "to",
        "tohle",
        "toho",
        "tohoto",
        "tom",
        "tomto",
        "tomuto",
        "tu",
        "tuto",
        "ty",
        "tyto",
        "u",
        "uz",
        "v",
        "vam",
        "vas",
        "vase",
        "ve",
        "vice",
        "vsak",
        "z",
        "za",
        "zda",
        "zde",
        "ze",
    ]
)

WORD_RE = re.compile(r"\w+", re.UNICODE)

# Common Czech inflectional endings, longest first: highlighting, and the folded
# prefix queries that catch inflected words typed without diacritics.
_ENDINGS = sorted(
    [
        "ovi",
        "ami",
        "emi",
        "ach",
        "ech",
        "ich",
        "ych",
        "ymi",
        "imi",
        "ata",
        "aty",
        "ete",
        "eti",
        "ove",
        "ovy",
        "ovu",
        "ou",
        "am",
        "em",
        "im",
        "ym",
        "om",
        "um",
        "ho",
        "mu",
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
    ],
    key=len,
    reverse=True,
)


def fold(text):
    """Lower case without diacritics: "Pečovatelská" → "pecovatelska"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def is_stop_word(word):
    """Whether a word is a Czech stop word (compared without diacritics, as queries often come without them)."""
    return fold(word) in STOP_WORDS


def without_stop_words(terms):
    """Drop stop words from query terms, unless nothing else would be left."""
    kept = [term for term in terms if not is_stop_word(term.strip("\"'"))]
    return kept or list(terms)


@functools.lru_cache(maxsize=200_000)
def stem(word):
    """A crude folded stem, enough to highlight "seniory" for the query "seniorům".

    Cached: indexing a document stems every word of it, and texts repeat their words
    (uncached, stemming was ~85 % of the PostgreSQL indexing time).
    """
    folded = fold(word)
    for ending in _ENDINGS:
        if len(folded) - len(ending) >= 4 and folded.endswith(ending):
            return folded[: -len(ending)]
    return folded


@functools.lru_cache(maxsize=200_000)
def _differing_stem(word):
    """The word's stem if it is no stop word and the stem differs from the folded word, else None."""
    if is_stop_word(word):
        return None
    word_stem = stem(word)
    return word_stem if word_stem != fold(word) else None


def with_stems(text):
    """`text` followed by the stems of its words that differ from the words themselves.

    Indexed this way (SQLite, PostgreSQL), a query word's stem is an exact term of the index,
    never a prefix: "sluzby" finds "služba" through the term 'sluzb'.
    """
    stems = [word_stem for word in WORD_RE.findall(text or "") if (word_stem := _differing_stem(word))]
    return f"{text} {' '.join(stems)}" if stems else text
