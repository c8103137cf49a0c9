"""The public search: one query over SearchEntry, faceted, permission-aware.

The configured Wagtail backend (Czech PostgreSQL, SQLite FTS5 or Czech
Elasticsearch) ranks the entries the user may see in the chosen territory.
On PostgreSQL and Elasticsearch/OpenSearch the backend's `faceted_search`
returns the page, the exact total and the facets counted over every match
(GROUP BY over the matched set; aggregations). Only the embedded default
(SQLite) computes facets over the top MAX_HITS hits in Python.
"""

import bisect
import functools
import math
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.search.backends import get_search_backend

from cms.models import PlanningBody, TargetGroup, TerritoryHomePage
from search.czech import WORD_RE, fold, is_stop_word, stem
from search.models import EntryKind, SearchEntry

MAX_HITS = 1000
PAGE_SIZE = 10
SNIPPET_CHARS = 260


@dataclass
class Facet:
    """One facet of the results (type, body, year, target group) with its counts, for the filter links."""

    name: str
    label: str
    options: list = field(default_factory=list)  # (value, label, count, selected)


@dataclass
class SearchOutcome:
    """What the search page shows: the page of hits, the total and the facets, computed once per request."""

    query: str
    total: int
    page: object
    facets: list
    capped: bool


def base_queryset(user, territory=None):
    """The entries the user may see, in the territory or everywhere, before the words are applied."""
    entries = SearchEntry.objects.visible_to(user)
    if territory is not None:
        entries = entries.filter(territory=territory)
    return entries


def ranked_entries(query, user, territory=None, order="relevance", limit=MAX_HITS):
    """Up to `limit` entries matching `query`, best (or newest) first."""
    entries = base_queryset(user, territory).defer("text")
    if order == "date":
        entries = entries.order_by("-date")
        results = get_search_backend().search(query, entries, order_by_relevance=False)
    else:
        results = get_search_backend().search(query, entries)
    return list(results[:limit])


def _matches(hit, filters, skip=None):
    for name, value in filters.items():
        if name == skip or not value:
            continue
        if name == "kind" and hit.kind != value:
            return False
        if name == "territory" and str(hit.territory_id) != value:
            return False
        if name == "body" and str(hit.body_id) != value:
            return False
        if name == "year" and str(hit.year) != value:
            return False
        if name == "target_group" and value not in (hit.target_groups or []):
            return False
    return True


def _facet_values(hit, name):
    if name == "kind":
        return [hit.kind]
    if name == "territory":
        return [str(hit.territory_id)] if hit.territory_id else []
    if name == "body":
        return [str(hit.body_id)] if hit.body_id else []
    if name == "year":
        return [str(hit.year)] if hit.year else []
    if name == "target_group":
        return list(hit.target_groups or [])
    return []


def build_facets(hits, filters, facet_names, gettext):
    """Counts per facet over the hits that pass the *other* facets' filters."""
    counters = {}
    for name in facet_names:
        counter = Counter()
        for hit in hits:
            if _matches(hit, filters, skip=name):
                counter.update(_facet_values(hit, name))
        counters[name] = counter
    return facets_from_counts(counters, filters, facet_names, gettext)


def facets_from_counts(counters, filters, facet_names, gettext):
    """Facet options, labelled and ordered, from {facet: {value: count}}."""
    labels = {
        "kind": gettext("Type"),
        "territory": gettext("Territory"),
        "body": gettext("Body"),
        "year": gettext("Year"),
        "target_group": gettext("Target group"),
    }
    counters = {name: Counter(counters.get(name) or {}) for name in facet_names}
    names = _option_labels(counters)
    facets = []
    for name in facet_names:
        counter = counters[name]
        selected = filters.get(name) or ""
        if selected and selected not in counter:
            counter[selected] = 0
        if name == "year":
            ordered = sorted(counter.items(), key=lambda item: item[0], reverse=True)
        else:
            ordered = sorted(counter.items(), key=lambda item: (-item[1], names[name].get(item[0], item[0])))
        options = [(value, names[name].get(value, value), count, value == selected) for value, count in ordered]
        if options:
            facets.append(Facet(name, labels[name], options))
    return facets


def _option_labels(counters):
    names = {name: {} for name in counters}
    if "kind" in counters:
        names["kind"] = {value: str(label) for value, label in EntryKind.choices}
    # Only the labels are read: whole territory pages cost a join and a page object each.
    if counters.get("territory"):
        territories = TerritoryHomePage.objects.filter(pk__in=[int(v) for v in counters["territory"]])
        names["territory"] = {
            str(pk): short_name or title
            for pk, short_name, title in territories.values_list("pk", "short_name", "title")
        }
    if counters.get("body"):
        bodies = PlanningBody.objects.filter(pk__in=[int(v) for v in counters["body"]])
        names["body"] = {str(pk): name for pk, name in bodies.values_list("pk", "name")}
    if counters.get("target_group"):
        groups = TargetGroup.objects.filter(code__in=list(counters["target_group"]))
        names["target_group"] = dict(groups.values_list("code", "name"))
    return names


# Facet name on the results page → filter field of SearchEntry in the search index.
FACET_FIELDS = {
    "kind": "kind",
    "territory": "territory_id",
    "body": "body_id",
    "year": "year",
    "target_group": "target_groups",
}


class _ResultWindow:
    """One page of hits standing in for all `total` of them, for Django's Paginator."""

    def __init__(self, total, hits):
        self.total, self.hits = total, hits

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        return self.hits


def _aggregated_search(backend, query, user, territory, filters, facet_names, order, page_number):
    entries = base_queryset(user, territory).defer("text")
    if order == "date":
        entries = entries.order_by("-date")
    try:
        number = max(1, int(page_number))
    except (TypeError, ValueError):
        number = 1
    index_filters = {FACET_FIELDS[name]: value for name, value in filters.items() if name in FACET_FIELDS}
    index_facets = [FACET_FIELDS[name] for name in facet_names]

    def fetch(number):
        return backend.faceted_search(
            query, entries, index_filters, index_facets, (number - 1) * PAGE_SIZE, PAGE_SIZE, order != "date"
        )

    total, hits, counts = fetch(number)
    if not hits and total and number > 1:
        number = math.ceil(total / PAGE_SIZE)
        total, hits, counts = fetch(number)
    counters = {name: counts[FACET_FIELDS[name]] for name in facet_names}
    page = Paginator(_ResultWindow(total, hits), PAGE_SIZE).get_page(number)
    return total, page, counters


def run_search(query, user, *, territory=None, filters=None, order="relevance", page_number=1, gettext=str):
    """The public search: visible entries matching the words, filtered, ranked or by date, one page with facets."""
    filters = {name: value for name, value in (filters or {}).items() if value}
    facet_names = ["kind", "body", "year", "target_group"]
    if territory is None:
        facet_names.insert(1, "territory")
    backend = get_search_backend()
    if getattr(backend, "supports_facet_aggregations", False):
        total, page, counters = _aggregated_search(
            backend, query, user, territory, filters, facet_names, order, page_number
        )
        facets = facets_from_counts(counters, filters, facet_names, gettext)
        _decorate(page.object_list, query)
        return SearchOutcome(query, total, page, facets, capped=False)
    hits = ranked_entries(query, user, territory, order)
    facets = build_facets(hits, filters, facet_names, gettext)
    selected = [hit for hit in hits if _matches(hit, filters)]
    paginator = Paginator(selected, PAGE_SIZE)
    page = paginator.get_page(page_number)
    _decorate(page.object_list, query)
    return SearchOutcome(query, len(selected), page, facets, capped=len(hits) >= MAX_HITS)


def _decorate(hits, query):
    texts = dict(SearchEntry.objects.filter(pk__in=[hit.pk for hit in hits]).values_list("pk", "text"))
    for hit in hits:
        hit.snippet = make_snippet(texts.get(hit.pk, ""), query)
        hit.highlighted_title = highlight(hit.title, query)


def _term_stems(query):
    stems = set()
    for word in WORD_RE.findall(query or ""):
        if is_stop_word(word):
            continue
        word_stem = stem(word)
        if len(word_stem) >= 2:
            stems.add(word_stem)
    return frozenset(stems)


@functools.lru_cache(maxsize=50_000)
def _is_match(word, stems):
    """Cached: a long document repeats its words, and stemming each occurrence was most of a search's time."""
    folded, word_stem = fold(word), stem(word)
    return any(folded.startswith(s) or word_stem == s or (len(s) > 4 and s.startswith(word_stem)) for s in stems)


def highlight(text, query):
    """Escape `text` and wrap words matching the query (folded, roughly stemmed) in <mark>."""
    stems = _term_stems(query)
    if not stems or not text:
        return escape(text or "")
    out, position = [], 0
    for match in WORD_RE.finditer(text):
        out.append(escape(text[position : match.start()]))
        word = match.group(0)
        out.append(f"<mark>{escape(word)}</mark>" if _is_match(word, stems) else escape(word))
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece above is escaped)


def make_snippet(text, query, length=SNIPPET_CHARS):
    """The passage of `text` with the most query words, highlighted; escaped throughout."""
    text = text or ""
    if not text:
        return ""
    stems = _term_stems(query)
    words = list(WORD_RE.finditer(text))
    best_start, best_score = 0, -1
    if stems and words:
        hits = [m.start() for m in words if _is_match(m.group(0), stems)]
        for index, start in enumerate(hits):
            score = bisect.bisect_left(hits, start + length, lo=index) - index  # hits within `length`
            if score > best_score:
                best_start, best_score = start, score
    start = max(0, best_start - length // 4)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best_start else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(escape(prefix) + highlight(piece, query) + escape(suffix))  # noqa: S308


def suggestions(query, user, territory=None, limit=8):
    """Titles for the autocomplete box: prefix match, folded on both sides."""
    if not query or len(query.strip()) < 2:
        return []
    entries = base_queryset(user, territory).defer("text")
    results = get_search_backend().autocomplete(query, entries)
    return [
        {"title": entry.title, "url": entry.url_for(getattr(territory, "pk", None)), "kind": entry.get_kind_display()}
        for entry in results[:limit]
    ]
