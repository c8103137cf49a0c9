"""Public views of the consultation: its page, the draft, the comment form, the settlement table."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.sites import site_for_request
from workflows.models.consultation import Consultation

from . import exports, ratelimit
from .forms import PublicCommentForm, quote_for
from .services import DeadlinePassed, public_chapters, public_version, submit_public_comment


def _public_consultation(request, pk):
    consultation = get_object_or_404(Consultation.objects.select_related("plan"), pk=pk)
    if consultation.starts_at > timezone.now():
        raise Http404
    site = site_for_request(request)
    if site is not None and not consultation.plan.path.startswith(site.root_page.path):
        raise Http404
    return consultation


def consultation_detail(request, pk):
    """The public page of a consultation with its published comments."""
    consultation = _public_consultation(request, pk)
    comments = consultation.comments.published().select_related("chapter").order_by("number")
    return render(
        request,
        "workflows/consultation/consultation_detail.html",
        {
            "consultation": consultation,
            "chapters": public_chapters(consultation),
            "comments": comments,
            "is_open": consultation.is_open(),
            "plan": consultation.plan,
        },
    )


def consultation_chapter(request, pk, chapter_pk):
    """The chapter as submitted for comments while open; its live text afterwards (see `public_version`)."""
    consultation = _public_consultation(request, pk)
    chapter = get_object_or_404(consultation.covered_chapters(), pk=chapter_pk).specific
    version, _revision = public_version(consultation, chapter)
    if version is None:
        raise Http404
    request.triada_consultation = consultation
    return version.serve(request)


def _refuse(request, consultation, message, status):
    return render(
        request,
        "workflows/consultation/comment_refused.html",
        {"consultation": consultation, "message": message, "plan": consultation.plan},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def comment_form(request, pk):
    """The public comment form; refused with 410 and a Czech message once the consultation is closed."""
    consultation = _public_consultation(request, pk)
    if not consultation.is_open():
        return _refuse(request, consultation, _deadline_message(consultation), 410)
    preselected = request.POST.get("target") or request.GET.get("cil") or "plan"
    if request.method == "POST":
        form = PublicCommentForm(request.POST, consultation=consultation, preselected=preselected)
        if form.is_bot:
            # Look like success to the bot; store nothing.
            return redirect(reverse("consultation_comment_thanks", args=[consultation.pk]))
        if form.is_valid():
            ip, email = ratelimit.client_ip(request), form.cleaned_data["author_email"]
            if not (ratelimit.allows("ip", ip) and ratelimit.allows("email", email)):
                return _refuse(
                    request,
                    consultation,
                    _("You have sent too many comments in a short time. Please try again later or send it by e-mail."),
                    429,
                )
            try:
                comment = submit_public_comment(consultation, data=form.service_data(), user=request.user)
            except DeadlinePassed as error:
                return _refuse(request, consultation, error.messages[0], 410)
            except ValidationError as error:
                form.add_error("target", error)
            else:
                ratelimit.record("ip", ip)
                ratelimit.record("email", email)
                query = f"?cislo={comment.number}" + ("" if comment.author_email else "&bez-emailu=1")
                return redirect(reverse("consultation_comment_thanks", args=[consultation.pk]) + query)
    else:
        initial = {"target": preselected}
        if request.user.is_authenticated:
            initial["author_name"] = request.user.get_full_name() or request.user.get_username()
            initial["author_email"] = request.user.email
        form = PublicCommentForm(initial=initial, consultation=consultation, preselected=preselected)
    if form.is_bound:
        form.with_all_targets()
    return render(
        request,
        "workflows/consultation/comment_form.html",
        {
            "consultation": consultation,
            "form": form,
            "quote": quote_for(consultation, preselected),
            "plan": consultation.plan,
        },
        status=400 if request.method == "POST" else 200,
    )


def _deadline_message(consultation):
    if consultation.period_is_over():
        return _("The period for comments ended on %(end)s. Comments can no longer be submitted.") % {
            "end": consultation.ends_at_local.strftime("%-d. %-m. %Y %H:%M")
        }
    return _("This consultation is closed.")


def comment_thanks(request, pk):
    """The confirmation after a comment, with its number for later reference."""
    consultation = _public_consultation(request, pk)
    number = request.GET.get("cislo", "")
    return render(
        request,
        "workflows/consultation/comment_thanks.html",
        {
            "consultation": consultation,
            "number": number if number.isdigit() else "",
            "plan": consultation.plan,
            # Without an e-mail nobody writes to the commenter: say where and when to look.
            "without_email": bool(request.GET.get("bez-emailu")),
            "settlement_url": request.build_absolute_uri(reverse("consultation_settlement", args=[consultation.pk])),
        },
    )


def settlement_table(request, pk):
    """The public settlement table (vypořádání): every comment with its outcome and justification."""
    consultation = _public_consultation(request, pk)
    return render(
        request,
        "workflows/consultation/settlement_table.html",
        {
            "consultation": consultation,
            "columns": exports.columns(),
            "rows": exports.rows(consultation),
            "plan": consultation.plan,
        },
    )


def _filename(consultation, ext):
    return f"vyporadani-pripominek-{consultation.pk}.{ext}"


def settlement_xlsx(request, pk):
    """The settlement table as a spreadsheet for the council's papers."""
    consultation = _public_consultation(request, pk)
    response = HttpResponse(
        exports.xlsx_bytes(consultation),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "xlsx")}"'
    return response


def settlement_pdf(request, pk):
    """The settlement table as a PDF for the council's papers."""
    consultation = _public_consultation(request, pk)
    response = HttpResponse(exports.pdf_bytes(consultation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "pdf")}"'
    return response
