"""Admin forms: a provider account chooses only among its own organisations."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms import access


class ServiceAdminForm(WagtailAdminModelForm):
    """The service form, offering only the providers the user may edit."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "provider" in self.fields:
            from .access import providers_editable_by

            self.fields["provider"].queryset = providers_editable_by(for_user)


class StartImportForm(forms.Form):
    """Which of the coordinator's territories to import for; only a superuser may name another file or address."""

    territory = forms.ModelChoiceField(queryset=None, label=_("Territory"))
    source = forms.CharField(
        label=_("File or address"),
        required=False,
        max_length=1000,
        help_text=_("Leave empty to use the national registry's address from the settings."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = access.coordinated_territories(user)
        # Only superusers may point the importer at a file on the server or another address.
        if not (user and user.is_superuser):
            del self.fields["source"]
