"""What the public API says about each thing: the same facts the public site shows."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.models import ChapterPage, PlanPage, StrategicItem, TerritoryHomePage, TriadaDocument

from ..models import PlanPublication

NULLABLE_URI = serializers.URLField(allow_null=True)
NULLABLE_INT = serializers.IntegerField(allow_null=True)


def _full_url(obj, request):
    url = obj.get_url(request=request)
    if url and url.startswith("/") and request is not None:
        return request.build_absolute_uri(url)
    return url


class PageUrlMixin(serializers.Serializer):
    """The page's absolute public URL, so API users can link to what they read."""

    url = serializers.SerializerMethodField(help_text="Address of the page on the public site.")

    @extend_schema_field(NULLABLE_URI)
    def get_url(self, obj):
        return _full_url(obj, self.context.get("request"))


class TerritorySerializer(PageUrlMixin, serializers.ModelSerializer):
    """A territory as the API shows it: name, kind, municipalities, the coordinator's contact, URL."""

    name = serializers.CharField(source="display_name", read_only=True)
    municipalities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = TerritoryHomePage
        fields = [
            "id",
            "title",
            "name",
            "kind",
            "url",
            "municipalities",
            "coordinator_name",
            "coordinator_email",
            "coordinator_phone",
        ]


class PdfSerializer(serializers.ModelSerializer):
    """A generated plan PDF: where to download it, its size and page count."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = PlanPublication
        fields = ["url", "file_size", "page_count", "generated_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        from django.urls import reverse

        path = reverse("publication_plan_pdf_version", args=[obj.plan_id, obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PlanSerializer(PageUrlMixin, serializers.ModelSerializer):
    """A plan with its territory, period, status, approving resolution and newest PDF."""

    territory = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField(help_text="The newest PDF of the whole plan, if generated.")

    class Meta:
        model = PlanPage
        fields = [
            "id",
            "title",
            "territory",
            "period_from",
            "period_to",
            "status",
            "summary",
            "approval_resolution_number",
            "approval_date",
            "approval_body",
            "url",
            "pdf",
            "last_published_at",
        ]

    @extend_schema_field(NULLABLE_INT)
    def get_territory(self, obj):
        territory = obj.territory
        return territory.pk if territory else None

    @extend_schema_field(PdfSerializer(allow_null=True))
    def get_pdf(self, obj):
        publication = PlanPublication.objects.latest_ready(obj)
        return PdfSerializer(publication, context=self.context).data if publication else None


class ChapterSerializer(PageUrlMixin, serializers.ModelSerializer):
    """A chapter's metadata (plan, number, responsible group) without its text, for lists."""

    plan = serializers.SerializerMethodField()
    responsible_group = serializers.CharField(
        source="responsible_group.name", default=None, read_only=True, allow_null=True
    )
    is_strategic_part = serializers.SerializerMethodField()

    class Meta:
        model = ChapterPage
        fields = ["id", "plan", "number", "title", "lead", "responsible_group", "is_strategic_part", "url"]

    @extend_schema_field(OpenApiTypes.INT)
    def get_plan(self, obj):
        return obj.get_parent().pk

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_strategic_part(self, obj):
        return obj.specific_class.__name__ == "StrategicPartPage"


class ChapterDetailSerializer(ChapterSerializer):
    """A chapter with its text as HTML, for one chapter."""

    body_html = serializers.SerializerMethodField(help_text="The chapter's text as HTML.")

    class Meta(ChapterSerializer.Meta):
        fields = ChapterSerializer.Meta.fields + ["body_html"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, obj):
        return str(obj.specific.body)


class StrategicItemSerializer(serializers.ModelSerializer):
    """A strategic item with its parent, plan, public URL and anchor; its data fields as published."""

    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    plan = serializers.PrimaryKeyRelatedField(read_only=True)
    url = serializers.SerializerMethodField()
    anchor = serializers.CharField(read_only=True, help_text="Fragment id on the strategic part's page.")
    data = serializers.JSONField(
        read_only=True,
        help_text="Description and, for activities, organisation, period, cost, funding and indicators.",
    )

    class Meta:
        model = StrategicItem
        fields = ["id", "block_id", "plan", "kind", "code", "title", "parent", "anchor", "url", "data"]

    @extend_schema_field(NULLABLE_URI)
    def get_url(self, obj):
        url = obj.get_url(self.context.get("request"))
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and url.startswith("/") and request else url


class MeetingSerializer(PageUrlMixin, serializers.Serializer):
    """A public meeting: when, where, which body, agenda and minutes, its URL."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    territory = serializers.IntegerField(source="body.territory_id", read_only=True)
    body = serializers.CharField(source="body.name", read_only=True)
    kind = serializers.CharField(read_only=True)
    start = serializers.DateTimeField(read_only=True)
    end = serializers.DateTimeField(read_only=True, allow_null=True)
    place = serializers.CharField(read_only=True)
    agenda = serializers.CharField(read_only=True, help_text="HTML")
    minutes_url = serializers.SerializerMethodField(help_text="The approved public minutes, if any.")

    @extend_schema_field(NULLABLE_URI)
    def get_minutes_url(self, obj):
        if not obj.minutes_are_public:
            return None
        request = self.context.get("request")
        url = obj.minutes_url(request)
        return request.build_absolute_uri(url) if url and url.startswith("/") and request else url


class DocumentSerializer(serializers.ModelSerializer):
    """A public document: title, type, date, file extension and download URL."""

    url = serializers.SerializerMethodField()
    file_extension = serializers.CharField(read_only=True)

    class Meta:
        model = TriadaDocument
        fields = ["id", "title", "document_type", "date", "description", "plan", "file_extension", "file_size", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        request = self.context.get("request")
        return request.build_absolute_uri(obj.url) if request else obj.url
