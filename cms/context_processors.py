"""Make the territory of the current site, and its menu, available to every template.

The menu, the contact page and the accessibility statement come from one
query for the territory's children, made only when a template asks for one
of them (lazily), and at most once per request.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from cms.sites import site_for_request

# Slugs that mark a territory's accessibility statement (zákon 99/2019 Sb.).
ACCESSIBILITY_STATEMENT_SLUGS = ("prohlaseni-o-pristupnosti", "pristupnost")


class TerritoryPages:
    """The territory's live public children, fetched once and shared by the lookups below."""

    def __init__(self, territory, request=None):
        self.territory = territory
        self.request = request
        self._children = None

    @property
    def children(self):
        if self._children is None:
            if self.territory is None:
                self._children = []
            else:
                from cms.access import public_pages_for

                self._children = list(
                    public_pages_for(self.territory.get_children()).only(
                        "id", "title", "slug", "path", "depth", "url_path", "show_in_menus", "content_type_id"
                    )
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
            from cms.access import public_pages_for

            linked_id = self.territory.accessibility_statement_id
            linked = next((child for child in self.children if child.pk == linked_id), None)
            if linked is None:
                linked = public_pages_for(Page.objects.filter(pk=linked_id)).first()
            if linked is not None:
                return linked
        found = next((child for child in self.children if child.slug in ACCESSIBILITY_STATEMENT_SLUGS), None)
        if found is not None or self.territory is None:
            return found
        from cms.access import public_pages_for

        # Rarely deeper in the tree (e.g. under an "O webu" page).
        return (
            public_pages_for(StandardPage.objects.descendant_of(self.territory))
            .filter(slug__in=ACCESSIBILITY_STATEMENT_SLUGS)
            .order_by("depth", "path")
            .first()
        )


def _territory_from_chain(request, root_page_id):
    """The territory as the one-query routing fetched it with the page's ancestors (cms/routing.py)."""
    from cms.models import TerritoryHomePage

    for page in getattr(request, "_triada_chain", None) or ():
        if page.pk == root_page_id:
            if isinstance(page, TerritoryHomePage):
                return page
            return getattr(page, "territoryhomepage", None)
    return None


def territory(request):
    """Once per request: hooks rendering their own templates with the request run this again."""
    cached = getattr(request, "_triada_territory_context", None)
    if cached is not None:
        return cached
    from cms.models import TerritoryHomePage

    site = site_for_request(request)
    current = None
    if site is not None:
        current = _territory_from_chain(request, site.root_page_id)
        if current is None:
            current = TerritoryHomePage.objects.filter(pk=site.root_page_id).first()
    pages = TerritoryPages(current, request)
    context = {
        "current_territory": current,
        "menu_items": SimpleLazyObject(pages.menu_items),
        "accessibility_statement": SimpleLazyObject(pages.accessibility_statement),
        "contact_page": SimpleLazyObject(pages.contact_page),
    }
    if request is not None:
        request._triada_territory_context = context
    return context
