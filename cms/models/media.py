"""Custom document and image models, in place from the first migration.

Every field beyond Wagtail's own has a default, because the admin's
multiple-upload step builds its form without them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage
from wagtail.search import index


class DocumentType(models.TextChoices):
    """What a library document is; the public library and search filter by it."""

    MINUTES = "zapis", _("minutes")
    PLAN = "plan", _("plan")
    ANALYSIS = "analyza", _("analysis")
    LEAFLET = "letak", _("leaflet")
    RESOLUTION = "usneseni", _("resolution")
    OTHER = "ostatni", _("other")


class Publicity(models.TextChoices):
    """Whether anyone may download a document or only the territory's people signed in (cms.access decides)."""

    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal")


class ExtractionStatus(models.TextChoices):
    """Where a document's text extraction stands, so the admin report shows what search cannot find yet."""

    PENDING = "pending", _("waiting for text extraction")
    DONE = "done", _("text extracted")
    NO_TEXT = "no_text", _("no text found")
    FAILED = "failed", _("extraction failed")
    SKIPPED = "skipped", _("not extracted")


class TriadaDocumentQuerySet(models.QuerySet):
    """Publicity and type filters; who may see which document is decided in cms.access, not here."""

    def public(self):
        return self.filter(publicity=Publicity.PUBLIC)

    def internal(self):
        return self.filter(publicity=Publicity.INTERNAL)

    def of_type(self, document_type):
        return self.filter(document_type=document_type)


class TriadaDocument(AbstractDocument):
    """Wagtail's document with what the library governs: type, date, owning body, publicity and versions,
    plus the extracted text that search indexes.
    """

    document_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    owning_body = models.ForeignKey(
        "cms.PlanningBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("owning body"),
    )
    plan = models.ForeignKey(
        "cms.PlanPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("plan"),
    )
    publicity = models.CharField(_("publicity"), max_length=20, choices=Publicity.choices, default=Publicity.PUBLIC)
    description = models.TextField(_("description"), blank=True)
    # Filled by the search app's background extraction; keyed on file_hash there.
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )
    extraction_error = models.CharField(_("extraction error"), max_length=500, blank=True, editable=False)

    admin_form_fields = WagtailDocument.admin_form_fields + (
        "document_type",
        "date",
        "owning_body",
        "plan",
        "publicity",
        "description",
    )
    search_fields = AbstractDocument.search_fields + [
        index.SearchField("description"),
        index.SearchField("extracted_text"),
        # The admin's document search is an autocomplete search: without these
        # it would match titles only, never the text inside the files.
        index.AutocompleteField("description"),
        index.AutocompleteField("extracted_text"),
        index.FilterField("document_type"),
        index.FilterField("publicity"),
        index.FilterField("owning_body"),
        index.FilterField("plan"),
        index.FilterField("date"),
    ]

    objects = TriadaDocumentQuerySet.as_manager()

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def is_public(self):
        return self.publicity == Publicity.PUBLIC

    @property
    def file_extension_label(self):
        return self.file_extension.upper()


class DocumentVersion(models.Model):
    """An earlier or current file of a document; the document points at the newest."""

    document = models.ForeignKey(TriadaDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="document_versions")
    file_size = models.PositiveBigIntegerField(_("size"), null=True)
    file_hash = models.CharField(_("hash"), max_length=40, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self):
        return f"{self.document} v{self.number}"


class TriadaImage(AbstractImage):
    """Wagtail's `description` is the default alternative text; blocks may override it."""

    source = models.CharField(_("source / author"), max_length=255, blank=True)

    admin_form_fields = WagtailImage.admin_form_fields + ("source",)

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class TriadaRendition(AbstractRendition):
    """Renditions of TriadaImage (Wagtail needs a rendition model for a custom image model)."""

    image = models.ForeignKey(TriadaImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
