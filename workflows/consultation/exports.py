"""The settlement table (tabulka vypořádání připomínek): rows, XLSX and PDF.

One function builds the rows so the HTML page, the spreadsheet and the PDF
always agree. No personal data leaves here: never an e-mail, and a name only
with the commenter's consent (otherwise the side of the triad, or "občan").
"""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from workflows.models.consultation import PRAGUE, ModerationStatus, TriadSide

from .services import AnchorResolver, reflected_label


def columns():
    # A context of their own: other catalogues translate "Comment" etc. differently.
    """The settlement table's column headings, shared by the web table, XLSX and PDF so they cannot drift apart."""
    return [
        pgettext("settlement table", "No."),
        pgettext("settlement table", "Commenter"),
        pgettext("settlement table", "Side of the triad"),
        pgettext("settlement table", "Date and channel"),
        pgettext("settlement table", "Part of the document"),
        pgettext("settlement table", "Comment"),
        pgettext("settlement table", "Proposed wording"),
        pgettext("settlement table", "Settlement"),
        pgettext("settlement table", "Justification"),
        pgettext("settlement table", "Where reflected"),
    ]


def xlsx_columns():
    """The spreadsheet splits the date from the channel, so the date is a real date a filter can use."""
    names = columns()
    return [
        *names[:3],
        pgettext("settlement table", "Date received"),
        pgettext("settlement table", "Channel"),
        *names[4:],
        pgettext("settlement table", "Date confirmed"),
    ]


def commenter_label(comment):
    """Who commented, as the public may read it; nobody is named beside a hidden or pending comment."""
    if comment.moderation_status != ModerationStatus.PUBLISHED:
        return pgettext("commenter of a hidden or pending comment", "not shown")
    if comment.consent_publish_name:
        if comment.organisation:
            return f"{comment.author_name} ({comment.organisation})"
        return comment.author_name
    return pgettext("commenter without consent", "name not published")


def side_label(comment):
    """The side of the triad exactly as the commenter chose it in the form."""
    return str(TriadSide(comment.triad_side).label) if comment.triad_side in TriadSide.values else ""


def rows(consultation):
    """The rows of the table as plain strings (plus a link for the HTML page)."""
    resolver = AnchorResolver()
    result = []
    comments = consultation.comments.select_related(
        "chapter", "strategic_item", "reflected_revision", "consultation__plan"
    ).order_by("number")
    for comment in comments:
        anchor = resolver.resolve(comment)
        part = comment.target_label
        if anchor["changed"]:
            part = _("%(part)s – text changed; original text: „%(quote)s“") % {
                "part": part,
                "quote": comment.quoted_text,
            }
        if comment.moderation_status == ModerationStatus.HIDDEN:
            text = _("Hidden by the moderator (%(reason)s).") % {"reason": comment.get_hidden_reason_display()}
            proposed = ""
        elif comment.moderation_status == ModerationStatus.PENDING:
            text = _("Awaiting moderation.")
            proposed = ""
        else:
            text = comment.text
            proposed = comment.proposed_wording
        received = timezone.localtime(comment.received_at, PRAGUE).strftime("%-d. %-m. %Y")
        channel = comment.get_channel_display()
        if comment.is_late:
            channel = _("%(channel)s, late") % {"channel": channel}
        settled = comment.is_settled
        row = {
            "number": str(comment.number),
            "commenter": commenter_label(comment),
            "side": side_label(comment),
            "received": f"{received}, {channel}",
            "channel": channel,
            "part": part,
            "part_url": anchor["url"],
            "text": text,
            "proposed": proposed,
            "outcome": comment.get_outcome_display() if settled else _("Not settled yet"),
            "justification": comment.justification if settled else "",
            "reflected": reflected_label(comment) if settled else "",
        }
        # Plain str everywhere (no lazy translations) for openpyxl and templates alike.
        row = {key: str(value) for key, value in row.items()}
        # Typed values for the spreadsheet: a number and real dates (Prague time).
        row["typed"] = {
            "number": comment.number,
            "received": timezone.localtime(comment.received_at, PRAGUE).date(),
            "confirmed": timezone.localtime(comment.confirmed_at, PRAGUE).date() if settled else None,
        }
        result.append(row)
    return result


TEXT_KEYS = ["commenter", "side", "channel", "part", "text", "proposed", "outcome", "justification", "reflected"]
DATE_FORMAT = "d.m.yyyy"


def xlsx_bytes(consultation):
    """The table as a spreadsheet: the number as a number, dates as dates, every text as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Settlement")[:31]
    sheet.append([consultation.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(xlsx_columns())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows(consultation):
        typed = row["typed"]
        texts = [ILLEGAL_CHARACTERS_RE.sub("", row[key]) for key in TEXT_KEYS]
        # No., commenter, side, date received, channel, part … where reflected, date confirmed
        sheet.append([typed["number"], *texts[:2], typed["received"], *texts[2:], typed["confirmed"]])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # Text stays text: a comment starting with "=" must never become a formula.
                cell.data_type = "s"
            elif cell.is_date:
                cell.number_format = DATE_FORMAT
            elif cell.value is not None:
                cell.number_format = "0"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [6, 24, 16, 12, 16, 30, 60, 40, 16, 50, 30, 12]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes(consultation, request=None):
    """The settlement table as a PDF for the council's papers, rendered without a base URL so user text cannot make it fetch anything."""
    from weasyprint import HTML

    html = render_to_string(
        "workflows/consultation/settlement_pdf.html",
        {"consultation": consultation, "columns": columns(), "rows": rows(consultation)},
    )
    # No base URL: the PDF never fetches anything, so user text cannot make it.
    # Tagged (PDF/UA-1: structure tree, language cs, title) like every public document (zákon 99/2019).
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
