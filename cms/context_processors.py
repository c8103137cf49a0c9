"""Make the territory of the current site, and its menu, available to every template.

Everything beyond the territory itself is lazy: a page that does not show the
menu or the footer links costs no query for them.
"""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

# Slugs that mark a territory's accessibility statement (zákon 99/2019 Sb.).
ACCESSIBILITY_STATEMENT_SLUGS = ("prohlaseni-o-pristupnosti", "pristupnost")


def _menu_items(territory):
    """The territory's children marked "show in menus"; all its live children if none is marked.

    The fallback keeps a fresh territory navigable before anyone has ticked the box.
    """
    if territory is None:
        return []
    children = list(
        territory.get_children().live().public().only("id", "title", "path", "depth", "url_path", "show_in_menus")
    )
    marked = [child for child in children if child.show_in_menus]
    return marked or children


def _accessibility_statement(territory):
    from cms.models import StandardPage

    if territory is None:
        return None
    return (
        StandardPage.objects.descendant_of(territory)
        .live()
        .public()
        .filter(slug__in=ACCESSIBILITY_STATEMENT_SLUGS)
        .order_by("depth", "path")
        .first()
    )


def _contact_page(territory):
    from cms.models import ContactPage

    if territory is None:
        return None
    return ContactPage.objects.child_of(territory).live().public().first()


def territory(request):
    from cms.models import TerritoryHomePage

    site = Site.find_for_request(request)
    current = None
    if site is not None:
        current = TerritoryHomePage.objects.filter(pk=site.root_page_id).first()
    return {
        "current_territory": current,
        "menu_items": SimpleLazyObject(lambda: _menu_items(current)),
        "accessibility_statement": SimpleLazyObject(lambda: _accessibility_statement(current)),
        "contact_page": SimpleLazyObject(lambda: _contact_page(current)),
    }
