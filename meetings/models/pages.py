"""Meetings as Wagtail pages, so the minutes go through Wagtail's workflows.

A territory has one MeetingIndexPage; each meeting is a MeetingPage under it.
The announcement (date, place, agenda) is public once the page is live; the
minutes are shown only after the body's chair approved exactly what is live
(see MinutesApproval), and internal minutes only to the body and coordinators.
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.access import may_see_body_internals, may_view_body_pages, may_view_document
from cms.models import PlanningBody, Publicity

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]
DEFAULT_DURATION = timedelta(hours=2)


class MeetingKind(models.TextChoices):
    """Which body's meeting it is, so lists and calendars can be filtered by it."""

    WORKING_GROUP = "working_group", _("working group meeting")
    STEERING_GROUP = "steering_group", _("steering group meeting")
    COUNCIL = "council", _("council session")
    PUBLIC_HEARING = "public_hearing", _("public hearing")
    MAYORS = "mayors", _("mayors' meeting")


class MinutesStatus(models.TextChoices):
    """Where a meeting's minutes stand: planned, drafted, waiting for the chair's approval, approved."""

    PLANNED = "planned", _("planned")
    DRAFTED = "drafted", _("minutes drafted")
    IN_APPROVAL = "in_approval", _("minutes awaiting the chair's approval")
    PUBLISHED_PUBLIC = "published_public", _("minutes approved and published")
    PUBLISHED_INTERNAL = "published_internal", _("minutes approved, published internally")


class ResolutionStatus(models.TextChoices):
    """Where a meeting's resolution stands, so open ones can be followed up."""

    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


CLOSED_RESOLUTION_STATUSES = (ResolutionStatus.DONE, ResolutionStatus.CANCELLED)


class MeetingQuerySet(PageQuerySet):
    """Domain filters over meetings (per territory, listed publicly …), shared by the lists, feeds, calendars and the API."""

    def for_territory(self, territory):
        return self.filter(body__territory=territory)

    def of_body(self, body):
        return self.filter(body=body)

    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(start__lt=now or timezone.now()).order_by("-start")

    def publicly_listed(self):
        """Live meetings of public bodies: what the public site lists and the feeds carry."""
        return self.live().public().filter(body__is_public=True)


MeetingManager = PageManager.from_queryset(MeetingQuerySet)


class MeetingIndexPage(RoutablePageMixin, Page):
    """Meetings of one territory: upcoming and past, per body, and calendar feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    parent_page_types = ["cms.TerritoryHomePage"]
    subpage_types = ["meetings.MeetingPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("meeting index")
        verbose_name_plural = _("meeting indexes")

    @cached_property
    def territory(self):
        from cms.models import TerritoryHomePage

        return TerritoryHomePage.objects.ancestor_of(self).last()

    def meetings(self):
        return MeetingPage.objects.child_of(self).publicly_listed().select_related("body")

    def public_bodies(self):
        return PlanningBody.objects.for_territory(self.territory).public()

    def get_body(self, slug):
        return get_object_or_404(self.public_bodies(), slug=slug)

    def listing_context(self, request, body=None):
        meetings = self.meetings()
        if body is not None:
            meetings = meetings.of_body(body)
        now = timezone.now()
        return {
            "body": body,
            "bodies": self.public_bodies(),
            "upcoming_meetings": meetings.upcoming(now),
            "past_meetings": meetings.past(now)[:50],
        }

    @path("")
    def index_view(self, request):
        return self.render(request, context_overrides=self.listing_context(request))

    @path("skupina/<slug:slug>/")
    def body_view(self, request, slug):
        body = self.get_body(slug)
        return self.render(request, context_overrides=self.listing_context(request, body))

    @path("kalendar/", name="territory_calendar")
    def territory_calendar(self, request):
        from meetings.ical import calendar_response

        return calendar_response(request, self.meetings().upcoming(), name=self.territory.display_name, slug="jednani")

    @path("skupina/<slug:slug>/kalendar/", name="body_calendar")
    def body_calendar(self, request, slug):
        from meetings.ical import calendar_response

        body = self.get_body(slug)
        return calendar_response(request, self.meetings().of_body(body).upcoming(), name=body.name, slug=body.slug)


class MeetingPage(RoutablePageMixin, Page):
    """One meeting of a planning body: announcement, attendance, minutes, resolutions."""

    body = models.ForeignKey(
        PlanningBody, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("planning body")
    )
    kind = models.CharField(_("kind of meeting"), max_length=30, choices=MeetingKind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    agenda = RichTextField(_("agenda"), blank=True, features=RICH_TEXT_FEATURES)
    members_present = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("members present")
    )
    members_excused = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("members excused")
    )
    guests_count = models.PositiveIntegerField(_("number of guests"), default=0)
    minutes = RichTextField(_("minutes"), blank=True, features=RICH_TEXT_FEATURES)
    minutes_publicity = models.CharField(
        _("publish the minutes"),
        max_length=20,
        choices=Publicity.choices,
        default=Publicity.PUBLIC,
        help_text=_("Internal minutes are visible only to the body's members and the coordinators."),
    )
    # Kept in step by meetings.signals: true when what is live was approved by the chair.
    minutes_approved = models.BooleanField(_("minutes approved"), default=False, editable=False)

    objects = MeetingManager()

    parent_page_types = ["meetings.MeetingIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("body"),
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("agenda"),
            ],
            heading=_("Announcement"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("members_present"),
                FieldPanel("members_excused"),
                FieldPanel("guests_count"),
            ],
            heading=_("Attendance"),
        ),
        MultiFieldPanel(
            [FieldPanel("minutes"), FieldPanel("minutes_publicity")],
            heading=_("Minutes"),
        ),
        InlinePanel("resolutions", label=_("resolutions")),
        InlinePanel("attachments", label=_("attachments")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("place"),
        index.SearchField("agenda"),
        index.SearchField("minutes"),
        index.FilterField("body"),
        index.FilterField("kind"),
        index.FilterField("start"),
        index.FilterField("minutes_publicity"),
        index.FilterField("minutes_approved"),
    ]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    @property
    def end_or_default(self):
        return self.end or self.start + DEFAULT_DURATION

    @property
    def has_minutes(self):
        return bool((self.minutes or "").strip())

    @property
    def minutes_are_public(self):
        return self.minutes_approved and self.has_minutes and self.minutes_publicity == Publicity.PUBLIC

    def minutes_fingerprint(self):
        """A digest of what the chair approves: the minutes, attendance, resolutions, attachments.

        A resolution's status is left out, so following a resolution up needs no
        new approval; everything that is the record of the meeting is in.
        """
        data = {
            "minutes": self.minutes or "",
            "publicity": self.minutes_publicity,
            "present": sorted(user.pk for user in self.members_present.all()),
            "excused": sorted(user.pk for user in self.members_excused.all()),
            "guests": self.guests_count,
            "resolutions": [
                [r.number, r.text, r.responsible, r.due_date.isoformat() if r.due_date else None]
                for r in self.resolutions.all()
            ],
            "attachments": [a.document_id for a in self.attachments.all()],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    def is_minutes_approved(self):
        return self.has_minutes and self.approvals.filter(fingerprint=self.minutes_fingerprint()).exists()

    def user_may_see_minutes(self, user):
        """Whether `user` may read the live minutes. Checked on every request."""
        if not (self.live and self.minutes_approved and self.has_minutes):
            return False
        if self.minutes_publicity == Publicity.PUBLIC:
            return True
        return may_see_body_internals(user, self.body)

    @property
    def minutes_status(self):
        if self.live and self.minutes_approved and self.has_minutes:
            if self.minutes_publicity == Publicity.PUBLIC:
                return MinutesStatus.PUBLISHED_PUBLIC
            return MinutesStatus.PUBLISHED_INTERNAL
        workflow_state = self.current_workflow_state
        if workflow_state is not None and workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
            return MinutesStatus.IN_APPROVAL
        latest = self.get_latest_revision_as_object() if self.has_unpublished_changes else self
        if latest.has_minutes:
            return MinutesStatus.DRAFTED
        return MinutesStatus.PLANNED

    def get_minutes_status_display(self):
        return MinutesStatus(self.minutes_status).label

    def serve(self, request, *args, **kwargs):
        """A meeting of a body hidden from the public site does not exist for the public (404)."""
        if not may_view_body_pages(request.user, self.body):
            raise Http404
        return super().serve(request, *args, **kwargs)

    @path("")
    def announcement_view(self, request):
        return self.render(request, context_overrides={"may_see_minutes": self.user_may_see_minutes(request.user)})

    @path("zapis/", name="minutes")
    def minutes_view(self, request):
        if not self.user_may_see_minutes(request.user):
            raise Http404
        attachments = [
            a.document
            for a in self.attachments.select_related("document")
            if may_view_document(request.user, a.document)
        ]
        response = self.render(
            request, template="meetings/meeting_minutes.html", context_overrides={"attachments": attachments}
        )
        if self.minutes_publicity != Publicity.PUBLIC:
            response["Cache-Control"] = "private, no-store"
        return response

    def minutes_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("minutes")


class ResolutionQuerySet(models.QuerySet):
    """`open()`: resolutions still to be fulfilled, for the open-resolutions list."""

    def open(self):
        return self.exclude(status__in=CLOSED_RESOLUTION_STATUSES)

    def of_bodies(self, bodies):
        return self.filter(page__body__in=bodies)

    def of_live_meetings(self):
        return self.filter(page__live=True)


class MeetingResolution(Orderable):
    """One resolution of a meeting: numbered text, who is responsible, due date and status."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveIntegerField(
        _("number"), null=True, blank=True, help_text=_("Left empty, resolutions are numbered in order.")
    )
    text = models.TextField(_("text of the resolution"))
    responsible = models.CharField(_("responsible"), max_length=255, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ResolutionStatus.choices, default=ResolutionStatus.OPEN
    )

    objects = ResolutionQuerySet.as_manager()

    panels = [
        FieldPanel("number"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("responsible"), FieldPanel("due_date"), FieldPanel("status")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return f"{self.display_number}: {self.text[:60]}"

    @property
    def display_number(self):
        if self.number:
            return self.number
        return (self.sort_order or 0) + 1

    @property
    def is_open(self):
        return self.status not in CLOSED_RESOLUTION_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class MeetingAttachment(Orderable):
    """A library document attached to a meeting (invitation, materials), so access rules and versions apply."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "cms.TriadaDocument", on_delete=models.CASCADE, related_name="meeting_attachments", verbose_name=_("document")
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
