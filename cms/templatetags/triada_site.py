"""Template tags of the public site: breadcrumbs, the strategy tree, extension points.

Other apps put content into the public pages through Wagtail hooks, so cms
never imports them:

- ``triada_block_tools``: ``fn(request, page, block)`` → safe HTML or None,
  rendered beside every body block (e.g. "comment on this paragraph");
- ``triada_item_tools``: ``fn(request, page, item)`` → safe HTML or None,
  rendered beside every activity of the strategic part (``item`` is a node of
  ``strategy_tree``: kind, code, title, anchor, block_id);
- ``triada_plan_sections``: ``fn(request, page)`` → iterable of plan sections
  (see ``plan_sections``), rendered on the plan page (annexes, approval history);
- ``triada_page_banners``: ``fn(request, page)`` → safe HTML or None, rendered
  above the content (e.g. "draft for comments").

Whatever a hook returns that is not marked safe (format_html, render_to_string,
mark_safe) is escaped, so a careless hook cannot inject markup.
"""

from django import template
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, select_template
from django.utils.html import conditional_escape, format_html_join
from wagtail import hooks
from wagtail.models import Page

from cms.models.strategy import StrategicItemKind, strategic_anchor

register = template.Library()

HEADING_TAGS = {"h2", "h3", "h4"}


@register.filter
def heading_tag(level, offset=0):
    """Only h2–h4 may come out of a heading block, whatever is stored.

    `offset` moves the level down when chapters are nested in a larger page
    (the whole plan on one page), keeping the heading order intact.
    """
    level = level if level in HEADING_TAGS else "h2"
    try:
        offset = int(offset or 0)
    except (TypeError, ValueError):
        offset = 0
    return f"h{min(int(level[1]) + max(offset, 0), 6)}"


@register.simple_tag(takes_context=True)
def heading_for(context, level):
    """The tag of a heading block, moved down by the context's `heading_offset` (if any)."""
    return heading_tag(level, context.get("heading_offset", 0))


@register.simple_tag
def full_chapters(plan):
    """The plan's published chapters as their specific pages, in order (one query per type)."""
    return list(plan.chapters().specific())


@register.simple_tag
def public_children(page):
    """The page's published children the public may open, in tree order; no query for a page without children.

    (`page.get_children.live.public` reads every view restriction first, even for a leaf.)
    """
    from cms.access import public_pages_for

    if not isinstance(page, Page) or not page.numchild:
        return []
    return list(public_pages_for(page.get_children()))


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, current_label=None):
    """Ancestors of `page` from the territory's home page down.

    With `current_label`, `page` itself becomes a link and the label is the
    current (last) crumb — for routable sub-pages such as a strategic item.
    """
    crumbs = []
    territory = context.get("current_territory")
    # Views that extend base.html may use `page` for something else (a paginator page).
    if isinstance(page, Page) and page.pk:
        top = territory.depth if territory is not None else 2
        # The chain the routing found (cms/routing.py) is exactly the page's ancestors.
        chain = getattr(context.get("request"), "_triada_chain", None)
        if chain and chain[-1].pk == page.pk:
            crumbs = [crumb for crumb in chain if crumb.depth >= top]
        else:
            crumbs = list(page.get_ancestors(inclusive=True).filter(depth__gte=top))
    items = [{"page": crumb, "title": crumb.title, "current": False} for crumb in crumbs]
    if current_label:
        items.append({"page": None, "title": current_label, "current": True})
    elif items:
        items[-1]["current"] = True
    return {"items": items if len(items) > 1 else [], "request": context.get("request")}


def _item(kind, code, block_id, value, base_url, strategic_part):
    return {
        "kind": kind,
        "code": code,
        "block_id": block_id,
        "anchor": strategic_anchor(kind, code),
        "url": base_url + strategic_part.reverse_subpage("strategic_item", args=[code]) if base_url else "",
        "link": f"{base_url}#{strategic_anchor(kind, code)}",
        "value": value,
        "title": value["title"],
        "children": [],
    }


def build_strategy_tree(strategic_part, base_url=""):
    """Nest the strategic part's items: priorities → measures → activities.

    Codes come from `iter_items()`, the one place that numbers them.
    """
    tree = []
    by_block = {}
    for kind, code, block_id, parent_id, value in strategic_part.iter_items():
        node = _item(kind, code, block_id, value, base_url, strategic_part)
        by_block[str(block_id)] = node
        parent = by_block.get(str(parent_id)) if parent_id else None
        if parent is not None:
            parent["children"].append(node)
        elif kind == StrategicItemKind.PRIORITY:
            tree.append(node)
    return tree


@register.simple_tag(takes_context=True)
def strategy_tree(context, strategic_part):
    """The strategic part as nested priorities → measures → activities with their public URLs, for the navigation tree."""
    if strategic_part is None or not hasattr(strategic_part, "iter_items"):
        return []
    request = context.get("request")
    base_url = strategic_part.get_url(request=request) or ""
    return build_strategy_tree(strategic_part, base_url)


def _hook_html(hook_name, *args):
    parts = []
    for fn in hooks.get_hooks(hook_name):
        result = fn(*args)
        if result:
            parts.append(result)
    return format_html_join("\n", "{}", ((part,) for part in parts))


@register.simple_tag(takes_context=True)
def block_tools(context, page, block):
    """What other apps offer beside one body block; empty by default."""
    return _hook_html("triada_block_tools", context.get("request"), page, block)


@register.simple_tag(takes_context=True)
def item_tools(context, page, item):
    """What other apps offer beside one item of the strategic part; empty by default."""
    return _hook_html("triada_item_tools", context.get("request"), page, item)


@register.simple_tag(takes_context=True)
def page_banners(context, page):
    """HTML of the `triada_page_banners` hooks for a page: other apps (review, consultation) announce state without cms knowing them."""
    if not isinstance(page, Page):
        return ""
    return _hook_html("triada_page_banners", context.get("request"), page)


@register.simple_tag(takes_context=True)
def plan_sections(context, page):
    """Sections other apps add to a plan page.

    Each section is a dict: ``id`` (the fragment id), ``title`` (rendered as
    an h2) and either ``html`` (already safe) or ``template`` with an optional
    ``context`` dict (``html`` must be marked safe, or it is escaped). They come from the context list ``plan_sections`` and the
    ``triada_plan_sections`` hook, in that order.
    """
    sections = list(context.get("plan_sections") or [])
    request = context.get("request")
    for fn in hooks.get_hooks("triada_plan_sections"):
        sections.extend(fn(request, page) or [])
    rendered = []
    for section in sections:
        html = section.get("html", "")
        if section.get("template"):
            section_context = context.flatten()
            section_context.update(section.get("context") or {})
            html = get_template(section["template"]).render(section_context, request)
        rendered.append(
            {"id": section.get("id", ""), "title": section.get("title", ""), "html": conditional_escape(html)}
        )
    return rendered


@register.simple_tag(takes_context=True)
def optional_include(context, *template_names):
    """Include the first template that exists; nothing if none does.

    For include points owned by apps that may not be installed (the header's
    search box).
    """
    try:
        found = select_template(list(template_names))
    except TemplateDoesNotExist:
        return ""
    return found.render(context.flatten(), context.get("request"))


@register.filter
def is_within(page, section):
    """True when `page` is `section` or lies below it (the menu's current section)."""
    if not page or not section or not getattr(page, "path", None):
        return False
    return page.path.startswith(section.path)


@register.filter
def document_summary(document):
    """ "PDF, 1,2 MB": the type and size a reader needs before opening a file."""
    from django.template.defaultfilters import filesizeformat

    extension = (document.file_extension or "").upper()
    size = document.file_size
    if size is None:
        try:
            size = document.get_file_size()
        except (OSError, ValueError):
            size = None
    parts = [extension] if extension else []
    if size:
        parts.append(str(filesizeformat(size)))
    return ", ".join(parts)


@register.simple_tag(takes_context=True)
def strategy_node(context, strategic_part, code):
    """The node of one item (with its children) from the strategic part's tree."""
    stack = list(strategy_tree(context, strategic_part))
    while stack:
        node = stack.pop(0)
        if node["code"] == code:
            return node
        stack.extend(node["children"])
    return None
