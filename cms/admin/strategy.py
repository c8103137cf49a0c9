"""Editing the strategic part one level at a time, in Wagtail's own page editor.

A real strategic part has ~190 items with ~40 inputs each: posting the whole
tree exceeds Django's field limit and takes seconds. So the page form carries
only a *scope*: the item being edited and its direct children (the root scope
holds the priorities). Everything else stays as it is in the latest revision,
which the editor loads again when saving, so two people editing different
activities do not overwrite each other. The scope travels as a hidden field
(`strategy_scope`) and as the URL of `StrategyEditView`.

This module is imported by the model (`base_form_class`, panels), so it must
not import cms.models at import time.
"""

import uuid

from django import forms
from django.forms.formsets import BaseFormSet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modelcluster.queryset import FakeQuerySet
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, Panel

from cms.models.strategy import (
    ANCHOR_PREFIXES,
    CHILD_KIND,
    StrategicItemKind,
    StrategyEntry,
    duplicate_codes,
    entry_codes,
    forget_items,
    ordered_entries,
)

RELATION = "strategy_entries"
SCOPE_FIELD = "strategy_scope"
ACTIVITY_FIELDS = (
    "responsible_organisation",
    "year_from",
    "year_to",
    "estimated_cost",
    "funding_sources",
    "indicators",
    "target_groups",
    "service_types",
)
KIND_LABELS = {
    StrategicItemKind.PRIORITY: _("Priority"),
    StrategicItemKind.MEASURE: _("Measure"),
    StrategicItemKind.ACTIVITY: _("Activity"),
}
# Whole phrases, not "Add %(kind)s": Czech declines the noun ("Přidat prioritu").
ADD_LABELS = {
    StrategicItemKind.PRIORITY: _("Add priority"),
    StrategicItemKind.MEASURE: _("Add measure"),
    StrategicItemKind.ACTIVITY: _("Add activity"),
}
PARENT_KIND = {child: parent for parent, child in CHILD_KIND.items() if parent is not None}
PARENT_FIELD = "parent"


def scope_url(page, entry):
    """The editor of `entry` and its children (the page's own editor for the root)."""
    if entry is None:
        return reverse("wagtailadmin_pages:edit", args=[page.pk])
    return reverse("cms_strategy_edit", args=[page.pk, entry.uid])


def scoped_entries(entries, scope):
    """The entries a scope edits: the scope item first, then its children by number."""
    parent_uid = scope.uid if scope is not None else None
    children = sorted((e for e in entries if e.parent_uid == parent_uid), key=lambda e: e.number)
    return ([scope] if scope is not None else []) + children


class ScopedEntryFormSet:
    """Mixed into the InlinePanel's formset class: one scope, and identity by `uid`.

    Entries added in a draft of a live page have no primary key yet; the
    hidden `uid` field matches them, and saving keeps those outside the scope.
    """

    scope = None
    codes = {}
    page = None
    all_entries = ()

    def child_kind(self):
        return CHILD_KIND.get(self.scope.kind if self.scope is not None else None)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["uid"] = forms.CharField(required=False, widget=forms.HiddenInput)
        if index is not None and index < self.initial_form_count() and form.instance is not None:
            form.fields["uid"].initial = str(form.instance.uid)

    def parent_choices(self, kind):
        """(uid, "Priorita 1 Title") of every item that can hold an item of `kind`, in reading order."""
        if not hasattr(self, "_parent_choices"):
            self._parent_choices = {}
            for code, entry in ordered_entries(self.all_entries):
                label = f"{KIND_LABELS[entry.kind]} {code} {entry.title}"
                self._parent_choices.setdefault(entry.kind, []).append((str(entry.uid), label))
        return self._parent_choices.get(PARENT_KIND.get(kind), [])

    def _construct_form(self, i, **kwargs):
        if self.is_bound and i < self.initial_form_count():
            prefix = self.add_prefix(i)
            pk = self.data.get(f"{prefix}-{self.model._meta.pk.name}", "")
            if pk == "":
                uid = self.data.get(f"{prefix}-uid", "")
                kwargs["instance"] = (
                    next((e for e in self.get_queryset() if e.pk is None and str(e.uid) == uid), None) or self.model()
                )
            else:
                kwargs["instance"] = self._existing_object(self._get_to_python(self.model._meta.pk)(pk))
        elif i < self.initial_form_count():
            kwargs["instance"] = self.get_queryset()[i]
        form = BaseFormSet._construct_form(self, i, **kwargs)
        self._prepare(form)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        self._prepare(form)
        return form

    def _prepare(self, form):
        entry = form.instance
        if not entry.kind:
            # A new item is a child of the scope: a priority, a measure or an activity.
            entry.kind = self.child_kind() or StrategicItemKind.ACTIVITY
            entry.parent_uid = self.scope.uid if self.scope is not None else None
        if entry.kind != StrategicItemKind.ACTIVITY:
            # Priorities and measures have no activity fields: not shown, not posted, kept as stored.
            for name in ACTIVITY_FIELDS:
                form.fields.pop(name, None)
        if entry.kind in PARENT_KIND:
            # Moving an item keeps its identity: only its parent (and so its code) changes.
            form.fields[PARENT_FIELD] = forms.TypedChoiceField(
                label=_("Belongs to"),
                choices=self.parent_choices(entry.kind),
                coerce=uuid.UUID,
                required=False,
                initial=str(entry.parent_uid) if entry.parent_uid else "",
                help_text=_("Choose another item to move this one there; its code changes, its identity stays."),
            )
        form.strategy_code = self.codes.get(entry.uid)
        form.strategy_kind_label = KIND_LABELS.get(entry.kind, "")
        form.strategy_is_scope = self.scope is not None and entry.uid == self.scope.uid
        form.strategy_url = scope_url(self.page, entry) if entry.pk or entry.uid in self.codes else ""

    def save(self, commit=True):
        manager = getattr(self.instance, self.rel_name)
        deleted = {form.instance.uid for form in self.deleted_forms}
        drafts = [e for e in manager.all() if e.pk is None and e.uid not in deleted]
        saved = super().save(commit=False)
        present = {id(e) for e in manager.all()}
        manager.add(*[e for e in drafts if id(e) not in present])
        if commit:
            manager.commit()
        return saved


class StrategicPartPageForm(WagtailAdminPageForm):
    """The page form with the item formset narrowed to one scope; checks codes of the whole tree."""

    strategy_scope = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        entries = list(getattr(page, RELATION).all())
        wanted = getattr(page, "_strategy_scope", None)
        if wanted is None and self.is_bound:
            wanted = self.data.get(self.add_prefix(SCOPE_FIELD)) or None
        self.scope = next((e for e in entries if str(e.uid) == str(wanted)), None) if wanted else None
        self.all_entries = entries
        self.codes = entry_codes(entries)
        self.initial[SCOPE_FIELD] = str(self.scope.uid) if self.scope is not None else ""
        original = self.formsets.get(RELATION)
        if original is not None:
            self.formsets[RELATION] = self._scoped_formset(original)

    def _scoped_formset(self, original):
        scoped = scoped_entries(self.all_entries, self.scope)
        formset_class = type(
            "Scoped" + type(original).__name__,
            (ScopedEntryFormSet, type(original)),
            {"scope": self.scope, "codes": self.codes, "page": self.instance, "all_entries": self.all_entries},
        )
        if self.scope is not None and self.scope.kind == StrategicItemKind.ACTIVITY:
            formset_class.extra = 0
            formset_class.max_num = formset_class.absolute_max = len(scoped)
        return formset_class(
            self.data if self.is_bound else None,
            self.files if self.is_bound else None,
            instance=self.instance,
            queryset=FakeQuerySet(StrategyEntry, scoped),
            prefix=original.prefix,
            form_kwargs=original.form_kwargs,
        )

    def save(self, commit=True):
        instance = super().save(commit=False)
        forget_items(instance)
        if commit:
            # Wagtail commits a page that is not live on every draft save. Its ~190 items
            # live in the revision like a live page's draft and reach their table on
            # publish; rewriting them all here is what made a save slow.
            relations = [rel.get_accessor_name() for rel in get_all_child_relations(instance)]
            m2m = [field.name for field in get_all_child_m2m_relations(instance)]
            fields = [f.name for f in instance._meta.concrete_fields if not f.primary_key]
            instance.save(update_fields=[*fields, *m2m, *(name for name in relations if name != RELATION)])
        return instance

    def is_valid(self):
        if not super().is_valid():
            return False
        return self._tree_is_valid()

    def _tree_is_valid(self):
        """Codes stay unique and no item with children is deleted, across the whole tree."""
        formset = self.formsets[RELATION]
        in_scope = {e.uid for e in formset.get_queryset()}
        final = [e for e in self.all_entries if e.uid not in in_scope]
        form_of = {}
        deleted = set()
        for form in formset.forms:
            if form in formset.deleted_forms:
                deleted.add(form.instance.uid)
                continue
            if form.instance.pk is None and form.instance.uid not in self.codes and not form.has_changed():
                continue
            parent_uid = form.cleaned_data.get(PARENT_FIELD)
            if parent_uid:
                form.instance.parent_uid = parent_uid
            final.append(form.instance)
            form_of[form.instance.uid] = form
        valid = True
        for code, entries in duplicate_codes(final).items():
            titles = ", ".join(f"„{entry.title}“" for entry in entries)
            message = _(
                "The code %(code)s is used by more than one item (%(titles)s). Every item needs its own code."
            ) % {
                "code": code,
                "titles": titles,
            }
            targets = [form_of[e.uid] for e in entries if e.uid in form_of]
            for form in targets:
                form.add_error("number", message)
            if not targets:
                self.add_error(None, message)
            valid = False
        orphaned = {e.parent_uid for e in final if e.parent_uid in deleted}
        for uid in orphaned:
            code = self.codes.get(uid, "")
            self.add_error(
                None,
                _("Item %(code)s cannot be deleted while it has items under it. Delete or move them first.")
                % {"code": code},
            )
            valid = False
        return valid


class StrategyEntryHeaderPanel(Panel):
    """The code and kind of an item, its hidden identity, and a link to edit its children."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/strategy_entry_header.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            form = self.form
            entry = form.instance if form is not None else None
            kind = getattr(entry, "kind", "")
            context.update(
                {
                    "form": form,
                    "code": getattr(form, "strategy_code", None),
                    "kind_label": KIND_LABELS.get(kind, ""),
                    "is_scope": getattr(form, "strategy_is_scope", False),
                    "url": getattr(form, "strategy_url", ""),
                    "child_label": KIND_LABELS.get(CHILD_KIND.get(kind), ""),
                }
            )
            return context


class StrategyParentPanel(Panel):
    """The choice of the item's parent (measures and activities only): moving keeps the item's identity."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/strategy_parent.html"

        def is_shown(self):
            return self.form is not None and PARENT_FIELD in self.form.fields

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["field"] = self.form[PARENT_FIELD]
            return context


class StrategyEntryPanels(MultiFieldPanel):
    """One item's fields; `uid` and `parent` are rendered by the item's own panels, not again as leftovers."""

    OWN_FIELDS = ("uid", PARENT_FIELD)

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def render_missing_fields(self):
            rendered = set(self.panel.get_form_options().get("fields", [])) | set(self.panel.OWN_FIELDS)
            return mark_safe("".join(str(self.form[name]) for name in self.form.fields if name not in rendered))


class StrategyInlinePanel(InlinePanel):
    """The items of one scope, each headed by its kind, with "Add activity" (not "Add item of the strategy")."""

    @cached_property
    def child_edit_handler(self):
        return StrategyEntryPanels(self.panel_definitions, heading=self.heading).bind_to_model(
            self.db_field.related_model
        )

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "cms/admin/strategy_inline_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            scope = getattr(self.form, "scope", None)
            # An activity's scope has no children to add.
            context["add_label"] = ADD_LABELS.get(CHILD_KIND.get(scope.kind if scope is not None else None))
            return context


class StrategyScopePanel(Panel):
    """Where in the tree the editor is, and the whole outline to move to another item."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/strategy_scope.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            form = self.form
            page = self.instance
            scope = getattr(form, "scope", None)
            entries = getattr(form, "all_entries", [])
            by_uid = {e.uid: e for e in entries}
            trail = []
            current = scope
            while current is not None:
                trail.insert(0, current)
                current = by_uid.get(current.parent_uid)
            outline = [
                {
                    "code": code,
                    "entry": entry,
                    "depth": code.count("."),
                    "kind_label": KIND_LABELS.get(entry.kind, ""),
                    "url": scope_url(page, entry) if page.pk else "",
                    "anchor": f"{ANCHOR_PREFIXES[entry.kind]}-{code.replace('.', '-')}",
                    "current": scope is not None and entry.uid == scope.uid,
                }
                for code, entry in ordered_entries(entries)
            ]
            context.update(
                {
                    "scope_field": form[SCOPE_FIELD] if form is not None and SCOPE_FIELD in form.fields else None,
                    "scope": scope,
                    "scope_code": getattr(form, "codes", {}).get(scope.uid) if scope is not None else None,
                    "scope_kind": KIND_LABELS.get(scope.kind, "") if scope is not None else "",
                    "child_label": KIND_LABELS.get(CHILD_KIND.get(scope.kind if scope else None), ""),
                    "trail": [
                        {"entry": e, "code": form.codes.get(e.uid), "url": scope_url(page, e) if page.pk else ""}
                        for e in trail
                    ],
                    "root_url": scope_url(page, None) if page.pk else "",
                    "outline": outline,
                }
            )
            return context


STRATEGY_ENTRY_PANELS = [
    StrategyEntryHeaderPanel(),
    StrategyParentPanel(),
    FieldPanel("number"),
    FieldPanel("title"),
    FieldPanel("description"),
    FieldPanel("responsible_organisation"),
    FieldRowPanel([FieldPanel("year_from"), FieldPanel("year_to")], heading=_("Period")),
    FieldPanel("estimated_cost"),
    FieldPanel("funding_sources"),
    FieldPanel("indicators"),
    FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
    FieldPanel("service_types", widget=forms.CheckboxSelectMultiple),
]
