"""The public read API: territories, plans, chapters, strategic items, meetings, public documents.

Everything here is public content only — live pages without view
restrictions, current strategic items of public plans, meetings of public
bodies, documents marked public — whoever asks: no authentication is read,
so a response may be cached and shared (Cache-Control, ETag).
"""

from django.apps import apps
from django.db.models.functions import Length, Substr
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer

from cms.models import ChapterPage, PlanPage, StrategicItem, StrategicItemKind, TerritoryHomePage

from ..access import documents_of_territory, public_documents, public_pages
from . import serializers as api_serializers
from .throttling import PublicApiThrottle

MAX_ID = 2**31 - 1
CACHE_SECONDS = 300


class ErrorSerializer(serializers.Serializer):
    """The shape of an error answer, so the OpenAPI schema documents 400 and 404 too."""

    detail = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid filter value (Czech message per parameter)."),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not public."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; retry after the Retry-After seconds."),
}


ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def id_parameter(name, description):
    """An integer id query parameter for the schema (territory, plan …), documented once."""
    return OpenApiParameter(name, ID_SCHEMA, OpenApiParameter.QUERY, description=description)


ID_PATH = OpenApiParameter("id", ID_SCHEMA, OpenApiParameter.PATH, description="The item's id.")


TERRITORY_PARAMETER = id_parameter("territory", "Only items of this territory (its id).")
PLAN_PARAMETER = id_parameter("plan", "Only items of this plan (its id).")


class ApiPagination(LimitOffsetPagination):
    """limit/offset, refused with a 400 when not a whole number in range (DRF would ignore them)."""

    default_limit = 50
    max_limit = 200
    max_offset = 10_000_000

    def get_limit(self, request):
        value = _single_param(request, self.limit_query_param)
        if value is None:
            return self.default_limit
        return _whole_number(self.limit_query_param, value, 1, self.max_limit)

    def get_offset(self, request):
        value = _single_param(request, self.offset_query_param)
        if value is None:
            return 0
        return _whole_number(self.offset_query_param, value, 0, self.max_offset)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, self.max_offset)}
        for parameter in parameters:
            low, high = bounds[parameter["name"]]
            parameter["schema"].update({"minimum": low, "maximum": high})
        return parameters


def _single_param(request, name):
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [_("Give this parameter once.")]})
    return values[0] if values else None


def _whole_number(name, raw, low, high):
    if not (raw.isascii() and raw.isdigit() and low <= int(raw) <= high):
        raise ValidationError(
            {name: [_("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]}
        )
    return int(raw)


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Shared behaviour: no authentication, JSON, rate limit, public caching with an ETag."""

    authentication_classes = []
    permission_classes = []
    renderer_classes = [JSONRenderer]
    throttle_classes = [PublicApiThrottle]
    pagination_class = ApiPagination
    # Anything in the id's place reaches the view, so a bad id is a JSON 404, not an HTML page.
    lookup_value_regex = r"[^/]+"

    def int_param(self, name):
        raw = _single_param(self.request, name)
        if raw is None:
            return None
        if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID):
            raise ValidationError({name: [_("Enter the id as a positive whole number.")]})
        return int(raw)

    def get_object(self):
        raw = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID):
            raise NotFound
        return super().get_object()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            set_response_etag(response)
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
            patch_vary_headers(response, ["Accept"])
            return get_conditional_response(request._request, etag=response.headers.get("ETag"), response=response)
        return response


@extend_schema_view(
    list=extend_schema(
        summary="Territories", responses={200: api_serializers.TerritorySerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(
        summary="One territory", parameters=[ID_PATH], responses={200: api_serializers.TerritorySerializer, **ERRORS}
    ),
)
class TerritoryViewSet(PublicReadOnlyViewSet):
    """Public territories with their municipalities."""

    serializer_class = api_serializers.TerritorySerializer

    def get_queryset(self):
        return public_pages(TerritoryHomePage.objects.all()).prefetch_related("municipalities").order_by("title")


@extend_schema_view(
    list=extend_schema(
        summary="Plans",
        parameters=[TERRITORY_PARAMETER],
        responses={200: api_serializers.PlanSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One plan", parameters=[ID_PATH], responses={200: api_serializers.PlanSerializer, **ERRORS}
    ),
)
class PlanViewSet(PublicReadOnlyViewSet):
    """Public plans, optionally of one territory, with the newest PDF."""

    serializer_class = api_serializers.PlanSerializer

    def get_queryset(self):
        plans = public_pages(PlanPage.objects.all())
        territory_id = self.int_param("territory") if self.action == "list" else None
        if territory_id:
            territory = public_pages(TerritoryHomePage.objects.filter(pk=territory_id)).first()
            plans = plans.descendant_of(territory) if territory else plans.none()
        return plans.order_by("-period_from", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Chapters of plans",
        parameters=[PLAN_PARAMETER],
        responses={200: api_serializers.ChapterSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One chapter with its text", responses={200: api_serializers.ChapterDetailSerializer, **ERRORS}
    ),
)
class ChapterViewSet(PublicReadOnlyViewSet):
    """Public chapters; the detail adds the text as HTML (the list stays light)."""

    serializer_class = api_serializers.ChapterSerializer

    def get_serializer_class(self):
        return api_serializers.ChapterDetailSerializer if self.action == "retrieve" else self.serializer_class

    def get_queryset(self):
        chapters = public_pages(ChapterPage.objects.all()).select_related("responsible_group")
        plan_id = self.int_param("plan") if self.action == "list" else None
        if plan_id:
            plan = public_pages(PlanPage.objects.filter(pk=plan_id)).first()
            chapters = chapters.child_of(plan) if plan else chapters.none()
        # A chapter counts only under a live, public plan.
        plan_paths = public_pages(PlanPage.objects.all()).values("path")
        chapters = chapters.annotate(parent_path=Substr("path", 1, Length("path") - ChapterPage.steplen)).filter(
            parent_path__in=plan_paths
        )
        return chapters.order_by("path")


@extend_schema_view(
    list=extend_schema(
        summary="Priorities, measures and activities of strategic parts",
        parameters=[
            PLAN_PARAMETER,
            OpenApiParameter("kind", OpenApiTypes.STR, enum=StrategicItemKind.values, description="Kind of item."),
        ],
        responses={200: api_serializers.StrategicItemSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One strategic item", responses={200: api_serializers.StrategicItemSerializer, **ERRORS}
    ),
)
class StrategicItemViewSet(PublicReadOnlyViewSet):
    """Current items of live strategic parts, with stable ids across renumbering."""

    serializer_class = api_serializers.StrategicItemSerializer

    def get_queryset(self):
        from cms.models import StrategicPartPage

        items = StrategicItem.objects.current().filter(
            plan__in=public_pages(PlanPage.objects.all()),
            strategic_part__in=public_pages(StrategicPartPage.objects.all()),
        )
        if self.action == "list":
            plan_id = self.int_param("plan")
            if plan_id:
                items = items.filter(plan_id=plan_id)
            kind = _single_param(self.request, "kind")
            if kind is not None:  # an empty ?kind= is a mistake too, not "any kind"
                if kind not in StrategicItemKind.values:
                    raise ValidationError({"kind": [_("Choose priority, measure or activity.")]})
                items = items.filter(kind=kind)
        return items.select_related("strategic_part").order_by("plan_id", "sort_order")


@extend_schema_view(
    list=extend_schema(
        summary="Meetings of public bodies",
        parameters=[TERRITORY_PARAMETER],
        responses={200: api_serializers.MeetingSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One meeting", parameters=[ID_PATH], responses={200: api_serializers.MeetingSerializer, **ERRORS}
    ),
)
class MeetingViewSet(PublicReadOnlyViewSet):
    """Publicly listed meetings of the bodies."""

    serializer_class = api_serializers.MeetingSerializer

    def get_queryset(self):
        from meetings.models import MeetingPage

        meetings = MeetingPage.objects.publicly_listed().select_related("body")
        territory_id = self.int_param("territory") if self.action == "list" else None
        if territory_id:
            meetings = meetings.filter(body__territory_id=territory_id)
        return meetings.order_by("-start", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Public documents",
        parameters=[TERRITORY_PARAMETER, PLAN_PARAMETER],
        responses={200: api_serializers.DocumentSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One public document", responses={200: api_serializers.DocumentSerializer, **ERRORS}
    ),
)
class DocumentViewSet(PublicReadOnlyViewSet):
    """Public library documents only (cms.access decides), with their download URLs."""

    serializer_class = api_serializers.DocumentSerializer

    def get_queryset(self):
        documents = public_documents()
        if self.action == "list":
            territory_id = self.int_param("territory")
            if territory_id:
                territory = TerritoryHomePage.objects.filter(pk=territory_id).first()
                documents = documents.filter(pk__in=documents_of_territory(territory).values("pk"))
            plan_id = self.int_param("plan")
            if plan_id:
                documents = documents.filter(plan_id=plan_id)
        return documents.order_by("-date", "-pk")


def builtin_endpoints():
    """The API's own endpoints; other apps add theirs through the `triada_api_endpoints` hook."""
    endpoints = [
        ("territories", TerritoryViewSet, "api-territory"),
        ("plans", PlanViewSet, "api-plan"),
        ("chapters", ChapterViewSet, "api-chapter"),
        ("strategic-items", StrategicItemViewSet, "api-strategic-item"),
    ]
    if apps.is_installed("meetings"):
        endpoints.append(("meetings", MeetingViewSet, "api-meeting"))
    endpoints.append(("documents", DocumentViewSet, "api-document"))
    return endpoints
