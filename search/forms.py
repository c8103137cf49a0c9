"""The public search form: GET parameters, validated, never trusted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search.models import EntryKind

MAX_QUERY_CHARS = 200


class SearchForm(forms.Form):
    """The public search form: bounded, validated parameters, so a crafted URL cannot widen the query."""

    q = forms.CharField(label=_("Search for"), max_length=MAX_QUERY_CHARS, required=False, strip=True)
    scope = forms.ChoiceField(
        label=_("Where"),
        choices=[("here", _("This territory")), ("all", _("All territories"))],
        required=False,
    )
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *EntryKind.choices], required=False)
    territory = forms.RegexField(regex=r"^\d{1,10}$", required=False)
    body = forms.RegexField(regex=r"^\d{1,10}$", required=False)
    year = forms.RegexField(regex=r"^\d{4}$", required=False)
    target_group = forms.SlugField(max_length=100, required=False)
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[("relevance", _("Most relevant first")), ("date", _("Newest first"))],
        required=False,
    )
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)

    def filters(self):
        data = self.cleaned_data
        return {name: data.get(name) or "" for name in ("kind", "territory", "body", "year", "target_group")}
