"""The public documents page's filter form (GET, so results can be linked and bookmarked)."""

from django import forms
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from cms.models import DocumentType


class DocumentFilterForm(forms.Form):
    """The public library's filters (type, year, body), offering only years that occur, with validated input."""

    typ = forms.ChoiceField(label=_("Type of document"), required=False)
    rok = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    skupina = forms.ChoiceField(label=_("Body"), required=False)

    def __init__(self, data, *, documents, bodies):
        super().__init__(data)
        self.fields["typ"].choices = [("", _("All types")), *DocumentType.choices]
        years = sorted(
            {year for year in documents.annotate(year=ExtractYear("date")).values_list("year", flat=True) if year},
            reverse=True,
        )
        self.fields["rok"].choices = [("", _("All years"))] + [(str(year), str(year)) for year in years]
        self.bodies = list(bodies)
        self.fields["skupina"].choices = [("", _("All bodies"))] + [(body.slug, body.name) for body in self.bodies]

    def filter(self, documents):
        if not self.is_valid():
            return documents
        data = self.cleaned_data
        if data.get("typ"):
            documents = documents.filter(document_type=data["typ"])
        if data.get("rok"):
            documents = documents.filter(date__year=data["rok"])
        if data.get("skupina"):
            documents = documents.filter(owning_body__slug=data["skupina"], owning_body__in=self.bodies)
        return documents
