"""POST data of the strategic part's editor, read from the form Wagtail renders (tests and bench/bench_strategy.py)."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def entry(page, code):
    return next(e for c, e in page.ordered_entries() if c == code)


def _entry_data(form, changes):
    instance = form.instance
    data = {
        "id": instance.pk or "",
        "uid": form.fields["uid"].initial or "",
        "number": instance.number,
        "title": instance.title,
        "description": rich_text(instance.description or ""),
    }
    if "parent" in form.fields:
        data["parent"] = str(instance.parent_uid)
    if "responsible_organisation" in form.fields:
        data.update(
            {
                "responsible_organisation": instance.responsible_organisation,
                "year_from": instance.year_from or "",
                "year_to": instance.year_to or "",
                "estimated_cost": instance.estimated_cost if instance.estimated_cost is not None else "",
                "funding_sources": streamfield([("source", dict(b.value)) for b in instance.funding_sources]),
                "indicators": streamfield([("indicator", dict(b.value)) for b in instance.indicators]),
                "target_groups": [tg.pk for tg in instance.target_groups.all()],
                "service_types": [st.pk for st in instance.service_types.all()],
            }
        )
    data.update(changes.get(instance.uid, {}))
    return data


def form_post_data(response, changes=None, *, new=(), delete=()):
    """POST data of the editor's form as rendered, with `changes` {uid: {field: value}} applied."""
    changes = changes or {}
    form = response.context["form"]
    page = form.instance
    formset = form.formsets["strategy_entries"]
    items = []
    for subform in formset.forms:
        item = _entry_data(subform, changes)
        if subform.instance.uid in delete:
            item["DELETE"] = "1"
        items.append(item)
    items.extend(new)
    data = {
        "title": page.title,
        "slug": page.slug,
        "number": page.number,
        "lead": page.lead,
        "responsible_group": page.responsible_group_id or "",
        "target_groups": [tg.pk for tg in page.target_groups.all()],
        "body": streamfield([]),
        "comments": inline_formset([]),
        "strategy_scope": form[("strategy_scope")].value() or "",
        "strategy_entries": inline_formset(items, initial=formset.initial_form_count()),
    }
    return nested_form_data(data)


def field_count(post):
    return sum(len(value) if isinstance(value, list) else 1 for value in post.values())


def scoped_url(page, uid):
    return reverse("cms_strategy_edit", args=[page.pk, uid])
