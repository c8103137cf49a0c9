"""Forms of the review stages, shown in Wagtail's workflow action modal.

The same forms re-validate the data on the server in `services.perform_action`,
because the page editor passes the modal's data back as JSON.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import DocumentType, TriadaDocument
from workflows.models.review import ResolutionOutcome

COMMENT_MAX_LENGTH = 5000


class ApproveWithCommentForm(forms.Form):
    """Approve a stage with an optional comment for the next body."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
    )


class RequestChangesForm(forms.Form):
    """Return the text with a required explanation, so the working group knows what to change."""

    comment = forms.CharField(
        label=_("What should be changed"),
        required=True,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Say what should be changed; the working group will see it in the editor.")},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Say what should be changed; the working group will see it in the editor."))
        return comment


class CouncilResolutionForm(forms.Form):
    """The council's resolution (number, date, outcome) that the secretary records; the adopted plan cites it."""

    number = forms.CharField(label=_("Resolution number"), max_length=100)
    date = forms.DateField(
        label=_("Date of the resolution"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"],
    )
    meeting = forms.CharField(label=_("Meeting"), max_length=255, help_text=_("e.g. 12th session of the council"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ResolutionOutcome.choices)
    reasons = forms.CharField(
        label=_("Reasons for returning"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
    )
    scan = forms.ModelChoiceField(
        label=_("Scan of the resolution"),
        queryset=TriadaDocument.objects.of_type(DocumentType.RESOLUTION).order_by("-created_at"),
        required=False,
        help_text=_("A document of the type “resolution” uploaded to the document library."),
    )

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if not number:
            raise forms.ValidationError(_("Enter the resolution number."))
        return number

    def clean_scan(self):
        # A primary key, not the instance: the page editor round-trips this data as JSON.
        scan = self.cleaned_data.get("scan")
        return scan.pk if scan else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == ResolutionOutcome.RETURNED and not (cleaned.get("reasons") or "").strip():
            self.add_error("reasons", _("Give the council's reasons for returning the chapter."))
        return cleaned

    @classmethod
    def from_action_data(cls, data):
        """Rebuild the form from `on_action` keyword arguments (JSON or cleaned data)."""
        values = {}
        for key, value in data.items():
            if hasattr(value, "pk"):
                value = value.pk
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            values[key] = "" if value is None else value
        return cls(data=values)
