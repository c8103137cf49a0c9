"""Forms: the public project-intent form and the staff forms of monitoring and the pool.

Everything typed is stored as plain text (the consultation's `plain`) and only
ever rendered escaped.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.widgets import AdminDocumentChooser

from cms.models import StrategicItem, StrategicItemKind, TargetGroup
from implementation.models import FulfilmentStatus, ProjectIntent
from workflows.consultation.services import plain

PLAIN_FIELDS = ("title", "description", "submitter_name", "organisation", "phone", "funding_source", "timeline")


class ProjectIntentForm(forms.ModelForm):
    # Honeypot as in the consultation's comment form: hidden from people, filled by naive bots.
    """The public project proposal: plain-text fields only and a honeypot, like the consultation's comment form."""

    website = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = ProjectIntent
        fields = [
            "title",
            "description",
            "strategic_item",
            "target_groups",
            "budget",
            "funding_sought",
            "funding_source",
            "timeline",
            "submitter_name",
            "submitter_kind",
            "organisation",
            "email",
            "phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "target_groups": forms.CheckboxSelectMultiple,
            "submitter_kind": forms.RadioSelect,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        items = (
            StrategicItem.objects.for_plan(plan)
            .current()
            .filter(kind__in=[StrategicItemKind.MEASURE, StrategicItemKind.ACTIVITY])
        )
        self.fields["strategic_item"].queryset = items.order_by("sort_order")
        self.fields["strategic_item"].label_from_instance = lambda item: f"{item.code} {item.title}"
        self.fields["strategic_item"].empty_label = _("I do not know")
        self.fields["target_groups"].queryset = TargetGroup.objects.order_by("name")
        self.fields["description"].max_length = 5000
        for name in ("budget", "funding_sought"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = "0"

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean(self):
        cleaned = super().clean()
        for name in PLAIN_FIELDS:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = plain(cleaned[name])
        for name in ("budget", "funding_sought"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("An amount cannot be negative."))
        if cleaned.get("budget") and cleaned.get("funding_sought") and cleaned["funding_sought"] > cleaned["budget"]:
            self.add_error("funding_sought", _("The funding sought cannot exceed the total budget."))
        return cleaned


class OpenRoundForm(forms.Form):
    """The year to monitor and when reports are due."""

    year = forms.IntegerField(label=_("Year monitored"), min_value=2000, max_value=2100)
    due_date = forms.DateField(label=_("Reports due"), widget=forms.DateInput(attrs={"type": "date"}))


class StartUpdateForm(forms.Form):
    """The year of the annual update whose draft copy is made."""

    year = forms.IntegerField(label=_("Update for the year"), min_value=2000, max_value=2100)


class ReportForm(forms.Form):
    """The working group's report on one activity; indicator and money fields are added per report."""

    status = forms.ChoiceField(
        label=_("State of fulfilment"), choices=[("", "—"), *FulfilmentStatus.choices], required=False
    )
    narrative = forms.CharField(
        label=_("What was done this year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 10000}),
        max_length=10000,
    )

    def __init__(self, *args, report, evidence_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.indicator_fields = []
        for index, value in enumerate(report.indicator_values.all()):
            name = f"indicator_{index}"
            target = f" ({_('target')} {value.target:g} {value.unit})" if value.target is not None else ""
            self.fields[name] = forms.DecimalField(
                label=f"{value.name}{target}", required=False, initial=value.actual, decimal_places=2, max_digits=14
            )
            self.indicator_fields.append((name, value))
        self.spent_fields = []
        for index, amount in enumerate(report.spending.all()):
            name = f"spent_{index}"
            self.fields[name] = forms.DecimalField(
                label=_("Spent from %(source)s (CZK)") % {"source": amount.source},
                required=False,
                initial=amount.spent,
                min_value=0,
                decimal_places=0,
                max_digits=14,
            )
            self.spent_fields.append((name, amount))
        # Evidence: the documents attached so far (untick to remove) and one more picked with Wagtail's
        # document chooser, which searches the library; only the territory's public documents are accepted.
        attached = report.evidence.order_by("title")
        self.fields["evidence"] = forms.ModelMultipleChoiceField(
            label=_("Attached evidence (untick to remove)"),
            queryset=attached,
            required=False,
            initial=list(attached.values_list("pk", flat=True)),
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["add_evidence"] = forms.ModelChoiceField(
            label=_("Add evidence from the library"),
            queryset=evidence_queryset,
            required=False,
            widget=AdminDocumentChooser,
            error_messages={
                "invalid_choice": _("Evidence must be a public document of this territory's library."),
            },
        )
        self.fields["status"].initial = report.status
        self.fields["narrative"].initial = report.narrative

    def service_data(self):
        data = self.cleaned_data
        return {
            "status": data["status"],
            "narrative": plain(data["narrative"]),
            "indicators": {value.name: data[name] for name, value in self.indicator_fields},
            "spent": {amount.source: data[name] for name, amount in self.spent_fields},
            "evidence": [doc.pk for doc in data["evidence"]]
            + ([data["add_evidence"].pk] if data["add_evidence"] else []),
        }


class ReassignForm(forms.Form):
    """Give a report to another working group of the territory, when the assignment by target groups picked the wrong one."""

    body = forms.ModelChoiceField(label=_("Responsible working group"), queryset=None, empty_label=None)

    def __init__(self, *args, report, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = queryset
        self.fields["body"].initial = report.body_id


class ReturnReportForm(forms.Form):
    """The steering group's reason for returning a report, so the working group knows what to complete."""

    reason = forms.CharField(
        label=_("What should the working group complete?"), widget=forms.Textarea(attrs={"rows": 3})
    )
