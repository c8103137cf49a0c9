"""The admin document form (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE).

Used by the single upload, the edit view, the chooser's upload and the
multiple upload (whose edit step has no file field).
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from cms.models.media import Publicity

from .validation import validate_upload

DEFAULTED_FIELDS = ("document_type", "date", "publicity")


class TriadaDocumentForm(BaseDocumentForm):
    """Wagtail's document form that keeps the uploading user, so the version it creates records who uploaded it."""

    def __init__(self, *args, **kwargs):
        # Wagtail's base form consumes `user` without keeping it; versions record it.
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self._use_model_defaults()
        if "publicity" in self.fields and not self.instance.pk:
            self.fields["publicity"].initial = Publicity.INTERNAL
        if "file" in self.fields:
            self.fields["file"].help_text = _(
                "Allowed types: PDF, DOCX, ODT, XLSX, ODS, PNG, JPEG. A new file becomes a new version; "
                "earlier versions are kept."
            )
            self.fields["version_note"] = forms.CharField(
                label=_("Note to this version"),
                required=False,
                max_length=500,
                help_text=_("What changed, e.g. “corrected after the steering group's comments”."),
            )

    def _use_model_defaults(self):
        """Fields with a model default are optional in the form and fall back to that default.

        The multiple upload's first step posts only title, collection and file;
        were these fields required, Wagtail would park the upload as an
        UploadedFile and take the error-prone route through its edit step.
        """
        for name in DEFAULTED_FIELDS:
            if name in self.fields:
                self.fields[name].required = False

    def _clean_defaulted(self, name):
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            value = self._meta.model._meta.get_field(name).get_default()
        return value

    def clean_document_type(self):
        return self._clean_defaulted("document_type")

    def clean_date(self):
        return self._clean_defaulted("date")

    def clean_publicity(self):
        """A new upload stays internal until someone chooses otherwise (the multiple upload posts no publicity)."""
        value = self.cleaned_data.get("publicity")
        if value in (None, ""):
            return self.instance.publicity if self.instance.pk else Publicity.INTERNAL
        return value

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            validate_upload(uploaded)
        return uploaded

    def add_error(self, field, error):
        # The model's clean() reports extension problems on "file". A file
        # already refused by clean_file() needs no second message, and the
        # multiple upload's edit step has no file field (its file passed
        # clean_file() at the upload step): Wagtail 8.0.1 crashes with HTTP 500
        # there ("has no field named 'file'") unless the error is dropped.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            errors = {}
            for name, messages in error.error_dict.items():
                if name == "file" and ("file" not in self.fields or "file" in self.errors):
                    continue
                target = name if name in self.fields else NON_FIELD_ERRORS
                errors.setdefault(target, []).extend(messages)
            if not errors:
                return
            error = ValidationError(errors)
        elif field is not None and field not in self.fields:
            field = None
        super().add_error(field, error)

    def save(self, commit=True):
        user = getattr(self, "user", None)
        if user is not None and user.is_authenticated:
            self.instance._version_user = user
        self.instance._version_note = self.cleaned_data.get("version_note", "")
        return super().save(commit=commit)
