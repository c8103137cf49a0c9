"""Where search learns how to describe each kind of content.

Search knows no app but cms: every app registers its own sources in its
`AppConfig.ready()` (cms's are registered by search itself, since cms imports
nothing from the others), so a new app becomes findable without search
changing. A source says how to describe one object as `SearchEntry` fields and
how to list everything of its kind for a rebuild; a page follower names the
other objects whose entries follow a page (a strategic part's items, a
meeting's attachments).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

_SOURCES: dict[type, "SearchSource"] = {}
_PAGE_FOLLOWERS: dict[str, Callable[[int], Iterable]] = {}


@dataclass(frozen=True)
class SearchSource:
    """How search describes instances of `model` (and of its subclasses without a source of their own)."""

    model: type
    label: str  # plural, shown by rebuild_search_index
    key: Callable  # obj -> "kind:pk", the prefix of all its entries
    describe: Callable  # obj -> [(key, fields)]; [] when it must not be found
    queryset: Callable  # () -> everything to describe in a rebuild


def register(source):
    """Add (or replace) the source of `source.model`."""
    _SOURCES[source.model] = source
    return source


def register_page_follower(name, objects_of_page):
    """`objects_of_page(page_pk)` lists objects whose entries must be refreshed with that page."""
    _PAGE_FOLLOWERS[name] = objects_of_page


def source_for(obj):
    """The source of the nearest class of `obj` that has one, or None."""
    for cls in type(obj).__mro__:
        source = _SOURCES.get(cls)
        if source is not None:
            return source
    return None


def sources():
    """Every registered source, in registration order."""
    return list(_SOURCES.values())


def page_followers(page_pk):
    """The objects whose entries follow the page `page_pk`."""
    for objects_of_page in _PAGE_FOLLOWERS.values():
        yield from objects_of_page(page_pk)
