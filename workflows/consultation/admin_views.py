"""Admin views of the consultation: the register of comments, settlement, moderation, closing.

Every view checks the user's right on the server (workflows.consultation.permissions);
Wagtail's admin wrapper only ensures the user may enter the admin at all.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.models.consultation import Comment, Consultation

from . import permissions, services
from .forms import ConsultationForm, HideForm, RecordCommentForm, SettleForm


def _visible(request, pk):
    consultation = get_object_or_404(Consultation.objects.select_related("plan"), pk=pk)
    if not permissions.visible_consultations(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return consultation


def index(request):
    """The consultations the user may see (their territories), newest first."""
    consultations = permissions.visible_consultations(request.user).select_related("plan").order_by("-starts_at")
    return render(request, "workflows/consultation/admin/index.html", {"consultations": consultations})


def detail(request, pk):
    """One consultation with its comments and what the user may do with them (manage, settle, confirm)."""
    consultation = _visible(request, pk)
    user = request.user
    if request.GET.get("odmitnuto"):
        messages.error(request, _refusal_message(consultation))
    can_manage = permissions.can_manage(user, consultation)
    comments = permissions.settleable_comments(user, consultation).select_related("chapter").order_by("number")
    form = None
    if can_manage:
        form = ConsultationForm(
            consultation=consultation,
            minimum_days=minimum_days(consultation),
            initial={
                "starts_at": consultation.starts_at_local,
                "ends_at": consultation.ends_at_local,
                "hearing_at": consultation.hearing_at,
                "hearing_place": consultation.hearing_place,
                "instructions": consultation.instructions,
                "moderation": consultation.moderation,
                "period_change_reason": consultation.period_change_reason,
            },
        )
    return render(
        request,
        "workflows/consultation/admin/detail.html",
        {
            "consultation": consultation,
            "comments": comments,
            "form": form,
            "can_manage": can_manage,
            "can_confirm": permissions.can_confirm(user, consultation),
            "unsettled": consultation.unsettled_comments().count(),
            "awaiting_confirmation": consultation.comments.awaiting_confirmation().count(),
        },
    )


def minimum_days(consultation):
    """The territory's shortest public-comment period (ReviewCycleSettings, default 14 days)."""
    from workflows.models.review import ReviewCycleSettings

    return ReviewCycleSettings.for_territory(consultation.plan.territory).min_consultation_days


def _refusal_message(consultation):
    if not consultation.period_is_over():
        return _("The consultation cannot be closed before its period ends (%(end)s).") % {
            "end": consultation.ends_at_local.strftime("%-d. %-m. %Y %H:%M")
        }
    return _("The consultation cannot be closed: %(count)s comments are not settled and confirmed yet.") % {
        "count": consultation.unsettled_comments().count()
    }


@require_POST
def edit(request, pk):
    """Change the consultation's dates; the form enforces the minimum length."""
    consultation = _visible(request, pk)
    if not permissions.can_manage(request.user, consultation):
        raise PermissionDenied
    form = ConsultationForm(request.POST, consultation=consultation, minimum_days=minimum_days(consultation))
    if form.is_valid():
        for name, value in form.cleaned_data.items():
            setattr(consultation, name, value if value is not None or name != "hearing_place" else "")
        consultation.save()
        messages.success(request, _("The consultation was saved."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("consultation_admin:detail", pk=pk)


@require_POST
def close(request, pk):
    """End the public-comment stage when every comment is settled and confirmed; otherwise say what is missing."""
    consultation = _visible(request, pk)
    if not permissions.can_manage(request.user, consultation):
        raise PermissionDenied
    if services.complete_if_ready(consultation.pk, user=request.user):
        messages.success(
            request,
            _(
                "The consultation was closed; the chapters go on to the steering group's confirmation of the final text."
            ),
        )
    else:
        messages.error(request, _refusal_message(consultation))
    return redirect("consultation_admin:detail", pk=pk)


def record(request, pk):
    """Record a comment received by e-mail or on paper, so the settlement covers every channel."""
    consultation = _visible(request, pk)
    if not permissions.can_manage(request.user, consultation):
        raise PermissionDenied
    if request.method == "POST":
        form = RecordCommentForm(request.POST, consultation=consultation, preselected=request.POST.get("target"))
        if form.is_valid():
            try:
                comment = services.record_comment(consultation, data=form.service_data(), user=request.user)
            except ValidationError as error:
                form.add_error("target", error)
            else:
                if comment.is_late:
                    messages.warning(
                        request,
                        _("Comment no. %(number)s was recorded as late; its outcome defaults to “disregarded”.")
                        % {"number": comment.number},
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Comment no. %(number)s from %(name)s (%(channel)s) was recorded in the register; "
                            "the working group proposes its settlement."
                        )
                        % {
                            "number": comment.number,
                            "name": comment.author_name,
                            "channel": comment.get_channel_display(),
                        },
                    )
                return redirect("consultation_admin:detail", pk=pk)
    else:
        form = RecordCommentForm(consultation=consultation, initial={"target": "plan"})
    if form.is_bound:
        form.with_all_targets()
    return render(request, "workflows/consultation/admin/record.html", {"consultation": consultation, "form": form})


def _comment(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("consultation__plan", "chapter"), pk=pk)
    _visible(request, comment.consultation_id)
    if not permissions.can_settle(request.user, comment):
        raise PermissionDenied
    return comment


def comment_detail(request, pk):
    """One comment: the working group proposes its settlement here."""
    comment = _comment(request, pk)
    user = request.user
    if request.method == "POST":
        form = SettleForm(request.POST, comment=comment)
        if form.is_valid():
            try:
                services.settle_comment(
                    comment,
                    user=user,
                    outcome=form.cleaned_data["outcome"],
                    justification=form.cleaned_data["justification"],
                    reflected_revision=form.cleaned_data["reflected_revision"],
                    reflected_block_id=form.cleaned_data["reflected_block_id"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The settlement was saved; it awaits confirmation by the steering group."))
                return redirect("consultation_admin:comment", pk=pk)
    else:
        form = SettleForm(
            comment=comment,
            initial={
                "outcome": comment.outcome,
                "justification": comment.justification,
                "reflected_revision": comment.reflected_revision_id,
                "reflected_block_id": comment.reflected_block_id,
            },
        )
    anchor = services.AnchorResolver().resolve(comment)
    return render(
        request,
        "workflows/consultation/admin/comment.html",
        {
            "comment": comment,
            "consultation": comment.consultation,
            "form": form,
            "hide_form": HideForm(),
            "anchor": anchor,
            "can_manage": permissions.can_manage(user, comment.consultation),
            "can_confirm": permissions.can_confirm(user, comment.consultation),
        },
    )


@require_POST
def confirm(request, pk):
    """The steering group confirms one proposed settlement (the service refuses anyone else)."""
    comment = _comment(request, pk)
    try:
        services.confirm_settlement(comment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The settlement of comment no. %(number)s was confirmed.") % {"number": comment.number}
        )
    return redirect("consultation_admin:comment", pk=pk)


@require_POST
def confirm_all(request, pk):
    """The steering group confirms every proposed settlement at once, for a long settlement table."""
    consultation = _visible(request, pk)
    if not permissions.can_confirm(request.user, consultation):
        raise PermissionDenied
    count = 0
    for comment in consultation.comments.awaiting_confirmation():
        services.confirm_settlement(comment, user=request.user)
        count += 1
    messages.success(request, _("%(count)s settlements were confirmed.") % {"count": count})
    return redirect("consultation_admin:detail", pk=pk)


@require_POST
def hide(request, pk):
    """Hide a comment with a recorded reason; it stays in the settlement, only its text is withheld."""
    comment = _comment(request, pk)
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the reason for hiding the comment."))
    else:
        services.hide_comment(
            comment, user=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("The comment is hidden from the public; it stays in the register."))
    return redirect("consultation_admin:comment", pk=pk)


@require_POST
def publish(request, pk):
    """Publish a comment waiting for review (consultations with moderation after review)."""
    comment = _comment(request, pk)
    services.publish_comment(comment, user=request.user)
    messages.success(request, _("The comment is published."))
    return redirect("consultation_admin:comment", pk=pk)
