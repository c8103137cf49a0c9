"""Forms of the consultation: the public comment form and the staff forms.

Everything typed here is stored as plain text and only ever rendered escaped.
"""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models.consultation import (
    CommentChannel,
    CommentTarget,
    HiddenReason,
    Outcome,
    TriadSide,
)

from .outline import public_outline, public_outlines
from .services import block_text

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


def max_length():
    """The comment length limit, read at call time so settings can change it."""
    return int(getattr(settings, "TRIADA_COMMENT_MAX_LENGTH", 5000))


def target_choices(consultation, preselected=None):
    """Choices of what a comment can be about: the plan, each chapter, each activity, a chosen paragraph.

    Read from the cached outlines of the text the public reads (`outline.py`), not from the revisions.
    """
    choices = [("plan", _("The whole plan"))]
    for version in public_outlines(consultation):
        choices.append((f"chapter:{version.pk}", version.title))
        for item in version.activities():
            label = _("Activity %(code)s %(title)s") % {"code": item["code"], "title": item["title"]}
            choices.append((f"activity:{version.pk}:{item['code']}", label))
    if preselected and preselected.startswith("paragraph:") and preselected not in dict(choices):
        choices.insert(1, (preselected, _("The chosen paragraph")))
    return choices


def staff_target_choices(consultation):
    """Grouped choices for staff: the plan; per chapter the chapter, each paragraph and each activity.

    Paragraphs are named by number and first words, activities by code and title, as the
    paper or the minutes of the hearing refer to them.
    """
    choices = [("plan", _("The whole plan"))]
    for version in public_outlines(consultation):
        options = [(f"chapter:{version.pk}", _("The whole chapter %(title)s") % {"title": version.title})]
        for number, (block_id, text) in enumerate(version.blocks, start=1):
            words = " ".join(text.split()[:8])
            if words:
                label = _("Paragraph %(number)s: %(words)s…") % {"number": number, "words": words}
                options.append((f"paragraph:{version.pk}:{block_id}", label))
        for item in version.activities():
            label = _("Activity %(code)s %(title)s") % {"code": item["code"], "title": item["title"]}
            options.append((f"activity:{version.pk}:{item['code']}", label))
        choices.append((version.title, options))
    return choices


def parse_target(value):
    """'paragraph:12:uuid' → dict for services.resolve_target."""
    parts = (value or "").split(":", 2)
    kind = parts[0]
    data = {"target": kind, "chapter_id": None, "block_id": "", "activity_code": ""}
    if kind not in CommentTarget.values:
        raise ValidationError(_("Choose what your comment is about."))
    if kind != CommentTarget.PLAN:
        if len(parts) < 2 or not parts[1].isdigit():
            raise ValidationError(_("Choose what your comment is about."))
        data["chapter_id"] = int(parts[1])
    if kind == CommentTarget.PARAGRAPH:
        data["block_id"] = parts[2] if len(parts) > 2 else ""
    if kind == CommentTarget.ACTIVITY:
        data["activity_code"] = parts[2] if len(parts) > 2 else ""
    return data


def quote_for(consultation, target_value):
    """The paragraph text shown above the form (plain text) when a paragraph is preselected."""
    try:
        data = parse_target(target_value)
    except ValidationError:
        return ""
    if data["target"] != CommentTarget.PARAGRAPH:
        return ""
    version = public_outline(consultation, data["chapter_id"])
    text = version.text_of(data["block_id"]) if version is not None else None
    return text or ""


class TargetSelect(forms.Select):
    """The list of targets (over 160 options on a real plan) in one template: Django's includes two templates per option.

    Rendering those includes was most of the form's CPU once the choices came from the cache; the HTML is the same.
    """

    template_name = "workflows/consultation/widgets/target_select.html"


class CommentFieldsMixin(forms.Form):
    """The fields a comment has wherever it is entered (public form or staff recording), so both validate alike."""

    target = forms.ChoiceField(label=_("What is your comment about?"), widget=TargetSelect)
    author_name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation (optional)"), max_length=200, required=False)
    triad_side = forms.ChoiceField(
        label=_("You speak for"), choices=TriadSide.choices, initial=TriadSide.PUBLIC, widget=forms.RadioSelect
    )
    consent_publish_name = forms.BooleanField(
        label=_("I agree that my name is published in the settlement of comments"),
        required=False,
        help_text=_("Without your consent the table shows only the side you speak for."),
    )
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 8}))
    proposed_wording = forms.CharField(
        label=_("Proposed wording (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, consultation, preselected=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.preselected = preselected
        if self.is_bound:
            # The service checks the target against the consultation when storing;
            # building every choice (and reading drafts) is only needed to show the form.
            submitted = self.data.get(self.add_prefix("target"), "")
            self.fields["target"].choices = [(submitted, submitted)]
        else:
            self.with_all_targets()
        limit = max_length()
        for name in ("text", "proposed_wording"):
            self.fields[name].max_length = limit
            self.fields[name].widget.attrs["maxlength"] = str(limit)
            self.fields[name].validators.append(MaxLengthValidator(limit))

    def with_all_targets(self):
        """Offer every target (before showing the form, also after a failed submission)."""
        self.fields["target"].choices = target_choices(self.consultation, self.preselected)
        return self

    def clean_target(self):
        value = self.cleaned_data["target"]
        self.target_data = parse_target(value)
        return value

    def service_data(self):
        data = dict(self.cleaned_data)
        data.update(self.target_data)
        return data


class PublicCommentForm(CommentFieldsMixin):
    """The citizen's form: e-mail for the answer (never published) and a honeypot against bots."""

    author_email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        help_text=_(
            "If you give it, we will write to you how your comment was settled; it is never published. "
            "Without it, you will find the settlement in the table of comments on this website."
        ),
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    field_order = [
        "target",
        "author_name",
        "author_email",
        "organisation",
        "triad_side",
        "consent_publish_name",
        "text",
        "proposed_wording",
        "website",
    ]

    @property
    def is_bot(self):
        return bool(self.data.get("website"))


class RecordCommentForm(CommentFieldsMixin):
    """Staff type in a comment that came by post, e-mail or at the public hearing."""

    author_email = forms.EmailField(
        label=_("Commenter's e-mail (optional)"),
        required=False,
        help_text=_("If given, the commenter is told how the comment was settled."),
    )
    channel = forms.ChoiceField(
        label=_("Received by"), choices=[c for c in CommentChannel.choices if c[0] != CommentChannel.WEB]
    )
    received_at = forms.DateTimeField(
        label=_("Received on"),
        help_text=_("Today unless you change it. A comment received after the deadline is recorded as late."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"],
    )

    field_order = [
        "channel",
        "received_at",
        "target",
        "author_name",
        "organisation",
        "author_email",
        "triad_side",
        "consent_publish_name",
        "text",
        "proposed_wording",
    ]

    # The fields of the public form speak to the commenter; here they speak to staff.
    STAFF_LABELS = {
        "target": _("What the comment is about"),
        "author_name": _("Name of the commenter"),
        "organisation": _("Organisation of the commenter (optional)"),
        "triad_side": _("The commenter speaks for"),
        "consent_publish_name": _("The commenter agrees to have the name published in the settlement table"),
        "text": _("Text of the comment"),
        "proposed_wording": _("Proposed wording (optional)"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.STAFF_LABELS.items():
            self.fields[name].label = label
        self.fields["target"].help_text = _("A paragraph by its number and first words, an activity by its code.")
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime(timezone.now(), PRAGUE).replace(second=0))

    def with_all_targets(self):
        self.fields["target"].choices = staff_target_choices(self.consultation)
        return self

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if timezone.is_naive(value):
            value = value.replace(tzinfo=PRAGUE)
        if value > timezone.now():
            raise ValidationError(_("The date of receipt cannot be in the future."))
        return value


class ConsultationForm(forms.Form):
    """The consultation's dates, lasting at least the minimum number of days (14 unless set otherwise)."""

    starts_at = forms.DateTimeField(
        label=_("Comments accepted from"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("Comments accepted until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )
    hearing_at = forms.DateTimeField(
        label=_("Public hearing (date and time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )
    hearing_place = forms.CharField(label=_("Public hearing (place)"), max_length=255, required=False)
    instructions = forms.CharField(label=_("How to comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    moderation = forms.ChoiceField(label=_("Moderation"))
    period_change_reason = forms.CharField(
        label=_("Reason for a period shorter than the minimum"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the public in the settlement table."),
    )

    def __init__(self, *args, consultation=None, minimum_days=14, now=None, **kwargs):
        from workflows.models.consultation import ModerationMode

        super().__init__(*args, **kwargs)
        self.fields["moderation"].choices = ModerationMode.choices
        self.consultation = consultation
        self.minimum_days = minimum_days
        self.now = now or timezone.now()
        self.fields["ends_at"].help_text = _("At least %(days)s days after the start.") % {"days": minimum_days}

    def clean(self):
        cleaned = super().clean()
        for name in ("starts_at", "ends_at", "hearing_at"):
            value = cleaned.get(name)
            if value is not None and timezone.is_naive(value):
                cleaned[name] = value.replace(tzinfo=PRAGUE)
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            raise ValidationError(_("The end of the period must come after its start."))
        if ends_at is None or starts_at is None:
            return cleaned
        unchanged = self.consultation is not None and ends_at == self.consultation.ends_at
        if ends_at < self.now and not unchanged:
            self.add_error("ends_at", _("The period cannot end in the past."))
        reason = (cleaned.get("period_change_reason") or "").strip()
        cleaned["period_change_reason"] = reason
        if ends_at - starts_at < datetime.timedelta(days=self.minimum_days) and not reason:
            self.add_error(
                "period_change_reason",
                _("The period is shorter than %(days)s days: give the reason; the public will see it.")
                % {"days": self.minimum_days},
            )
        return cleaned


class SettleForm(forms.Form):
    """The working group's settlement of a comment: outcome, justification and the revision that reflects it."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—")] + list(Outcome.choices))
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 5}))
    reflected_revision = forms.TypedChoiceField(
        label=_("Reflected in revision"), required=False, coerce=int, empty_value=None
    )
    reflected_block_id = forms.ChoiceField(label=_("Reflected in paragraph"), required=False)

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, **kwargs)
        revision_choices = [("", "—")]
        block_choices = [("", "—")]
        if comment.chapter_id:
            chapter = comment.chapter.specific
            for revision in chapter.revisions.order_by("-created_at")[:20]:
                label = timezone.localtime(revision.created_at, PRAGUE).strftime("%d.%m.%Y %H:%M")
                revision_choices.append((str(revision.pk), f"#{revision.pk} – {label}"))
            latest = chapter.get_latest_revision()
            version = latest.as_object() if latest else chapter
            for index, block in enumerate(version.body, start=1):
                snippet = block_text(block)[:60]
                block_choices.append((str(block.id), f"{index}. {snippet}"))
            if hasattr(version, "iter_items"):
                # The strategic part: its priorities, measures and activities by code and title.
                for _kind, code, item_id, _parent, value in version.iter_items():
                    block_choices.append((str(item_id), f"{code} {value.get('title', '')}"))
        self.fields["reflected_revision"].choices = revision_choices
        self.fields["reflected_block_id"].choices = block_choices
        self.comment = comment

    def clean_reflected_revision(self):
        value = self.cleaned_data.get("reflected_revision")
        if value is None:
            return None
        return self.comment.chapter.specific.revisions.get(pk=value)


class HideForm(forms.Form):
    """Why a comment is hidden; a reason is required, so hiding is accountable."""

    reason = forms.ChoiceField(label=_("Reason"), choices=HiddenReason.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
