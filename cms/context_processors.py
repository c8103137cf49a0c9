"""Make the territory of the current site, and its menu, available to every template.

The menu, the contact page and the accessibility statement come from one
query for the territory's children, made only when a template asks for one
of them (lazily), and at most once per request.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site

# Slugs that mark a territory's accessibility statement (zákon 99/2019 Sb.).
ACCESSIBILITY_STATEMENT_SLUGS = ("prohlaseni-o-pristupnosti", "pristupnost")


class TerritoryPages:
    """The territory's live public children, fetched once and shared by the lookups below."""

    def __init__(self, territory):
        self.territory = territory
        self._children = None

    @property
    def children(self):
        if self._children is None:
            if self.territory is None:
                self._children = []
            else:
                self._children = list(
                    self.territory.get_children()
                    .live()
                    .public()
                    .only("id", "title", "slug", "path", "depth", "url_path", "show_in_menus", "content_type_id")
                )
        return self._children

    def menu_items(self):
        """Children marked "show in menus"; all of them if none is marked.

        The fallback keeps a fresh territory navigable before anyone has ticked the box.
        """
        marked = [child for child in self.children if child.show_in_menus]
        return marked or self.children

    def contact_page(self):
        from cms.models import ContactPage

        content_type_id = ContentType.objects.get_for_model(ContactPage).pk
        return next((child for child in self.children if child.content_type_id == content_type_id), None)

    def accessibility_statement(self):
        """The territory's linked statement; by slug only while none is linked (fresh territories)."""
        from cms.models import StandardPage

        if self.territory is not None and self.territory.accessibility_statement_id:
            linked = Page.objects.live().public().filter(pk=self.territory.accessibility_statement_id).first()
            if linked is not None:
                return linked
        found = next((child for child in self.children if child.slug in ACCESSIBILITY_STATEMENT_SLUGS), None)
        if found is not None or self.territory is None:
            return found
        # Rarely deeper in the tree (e.g. under an "O webu" page).
        return (
            StandardPage.objects.descendant_of(self.territory)
            .live()
            .public()
            .filter(slug__in=ACCESSIBILITY_STATEMENT_SLUGS)
            .order_by("depth", "path")
            .first()
        )


def territory(request):
    """Once per request: hooks rendering their own templates with the request run this again."""
    cached = getattr(request, "_triada_territory_context", None)
    if cached is not None:
        return cached
    from cms.models import TerritoryHomePage

    site = Site.find_for_request(request)
    current = None
    if site is not None:
        current = TerritoryHomePage.objects.filter(pk=site.root_page_id).first()
    pages = TerritoryPages(current)
    context = {
        "current_territory": current,
        "menu_items": SimpleLazyObject(pages.menu_items),
        "accessibility_statement": SimpleLazyObject(pages.accessibility_statement),
        "contact_page": SimpleLazyObject(pages.contact_page),
    }
    if request is not None:
        request._triada_territory_context = context
    return context
