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
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer

from cms.models import ChapterPage, PlanPage, StrategicItem, StrategicItemKind, TerritoryHomePage
from cms.models.bodies import PlanningBody

from ..access import public_documents, public_pages
from . import serializers as api_serializers
from .throttling import PublicApiThrottle

MAX_ID = 2**31 - 1
CACHE_SECONDS = 300


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid filter value (Czech message per parameter)."),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not public."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; retry after the Retry-After seconds."),
}


def id_parameter(name, description):
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.QUERY, description=description)


TERRITORY_PARAMETER = id_parameter("territory", "Only items of this territory (its id).")
PLAN_PARAMETER = id_parameter("plan", "Only items of this plan (its id).")


class ApiPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Shared behaviour: no authentication, JSON, rate limit, public caching with an ETag."""

    authentication_classes = []
    permission_classes = []
    renderer_classes = [JSONRenderer]
    throttle_classes = [PublicApiThrottle]
    pagination_class = ApiPagination
    lookup_value_regex = r"[0-9]{1,9}"

    def int_param(self, name):
        raw = self.request.query_params.get(name)
        if raw in (None, ""):
            return None
        if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
            raise ValidationError({name: [_("Enter the id as a positive whole number.")]})
        return int(raw)

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
    retrieve=extend_schema(summary="One territory", responses={200: api_serializers.TerritorySerializer, **ERRORS}),
)
class TerritoryViewSet(PublicReadOnlyViewSet):
    serializer_class = api_serializers.TerritorySerializer

    def get_queryset(self):
        return public_pages(TerritoryHomePage.objects.all()).prefetch_related("municipalities").order_by("title")


@extend_schema_view(
    list=extend_schema(
        summary="Plans",
        parameters=[TERRITORY_PARAMETER],
        responses={200: api_serializers.PlanSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(summary="One plan", responses={200: api_serializers.PlanSerializer, **ERRORS}),
)
class PlanViewSet(PublicReadOnlyViewSet):
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
            kind = self.request.query_params.get("kind")
            if kind:
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
    retrieve=extend_schema(summary="One meeting", responses={200: api_serializers.MeetingSerializer, **ERRORS}),
)
class MeetingViewSet(PublicReadOnlyViewSet):
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
    serializer_class = api_serializers.DocumentSerializer

    def get_queryset(self):
        documents = public_documents()
        if self.action == "list":
            territory_id = self.int_param("territory")
            if territory_id:
                bodies = PlanningBody.objects.filter(territory_id=territory_id)
                documents = documents.filter(owning_body__in=bodies)
            plan_id = self.int_param("plan")
            if plan_id:
                documents = documents.filter(plan_id=plan_id)
        return documents.order_by("-date", "-pk")


def builtin_endpoints():
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
