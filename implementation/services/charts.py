"""SVG charts drawn on the server: no scripts, each paired with a data table in the template.

The SVG is built from numbers only (labels are escaped by format_html), and
carries role="img" with a title; the table beside it is the accessible
alternative with the same figures.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from implementation.models import FulfilmentStatus

# Colour + pattern-free but high-contrast fills; the table carries the values for everyone.
STATUS_COLOURS = {
    FulfilmentStatus.FULFILLED: "#1b6e3a",
    FulfilmentStatus.ONGOING: "#2f6fb0",
    FulfilmentStatus.PARTLY: "#b26b00",
    FulfilmentStatus.NOT_FULFILLED: "#b3261e",
    FulfilmentStatus.CANCELLED: "#5f5f5f",
}
WIDTH = 640
LABEL_W = 200
BAR_H = 22
GAP = 12


def _svg(height, title_id, title, body):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" '
        'width="100%" style="max-width: 48rem" class="chart" focusable="false"><title id="{}">{}</title>{}</svg>',
        title_id,
        WIDTH,
        height,
        title_id,
        title,
        body,
    )


def status_bars(priorities):
    """A stacked bar per priority: activities by state of fulfilment."""
    rows = [p for p in priorities if p.total]
    if not rows:
        return ""
    height = len(rows) * (BAR_H + GAP) + 20 + 16 * len(FulfilmentStatus.choices)
    scale = (WIDTH - LABEL_W - 10) / max(p.total for p in rows)
    parts = []
    for index, node in enumerate(rows):
        y = index * (BAR_H + GAP)
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="13">{}</text>', y + 16, node.item.code + " " + node.item.title[:24]
            )
        )
        x = LABEL_W
        for value, _label, count in node.status_counts:
            if not count:
                continue
            width = round(count * scale, 1)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff"/>',
                    x,
                    y,
                    width,
                    BAR_H,
                    STATUS_COLOURS.get(value, "#ffffff"),
                )
            )
            if width > 18:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="12" fill="#fff" text-anchor="middle">{}</text>',
                        round(x + width / 2, 1),
                        y + 16,
                        count,
                    )
                )
            x = round(x + width, 1)
    legend_y = len(rows) * (BAR_H + GAP) + 14
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="11">{}</text>',
        (
            (LABEL_W, legend_y + i * 16, STATUS_COLOURS[value], LABEL_W + 14, legend_y + i * 16 + 9, str(label))
            for i, (value, label) in enumerate(FulfilmentStatus.choices)
        ),
    )
    return _svg(
        height, "graf-plneni", _("Activities by state of fulfilment, per priority"), mark_safe("".join(parts)) + legend
    )


def money_bars(priorities):
    """Two bars per priority: planned and spent money."""
    rows = [p for p in priorities if p.total]
    if not rows or not any(p.planned or p.spent for p in rows):
        return ""
    pair = BAR_H * 2 + GAP
    height = len(rows) * pair + 30
    top = max(max(p.planned, p.spent) for p in rows) or 1
    scale = (WIDTH - LABEL_W - 90) / float(top)
    parts = []
    for index, node in enumerate(rows):
        y = index * pair
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="13">{}</text>', y + 16, node.item.code + " " + node.item.title[:24]
            )
        )
        for offset, amount, colour in ((0, node.planned, "#8a8a8a"), (BAR_H, node.spent, "#2f6fb0")):
            width = round(float(amount) * scale, 1)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    LABEL_W,
                    y + offset,
                    width,
                    BAR_H - 2,
                    colour,
                )
            )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11">{}</text>',
                    round(LABEL_W + width + 4, 1),
                    y + offset + 14,
                    f"{amount:,.0f}".replace(",", " "),
                )
            )
    legend_y = len(rows) * pair + 10
    legend = format_html(
        '<rect x="{}" y="{}" width="10" height="10" fill="#8a8a8a"/><text x="{}" y="{}" font-size="11">{}</text>'
        '<rect x="{}" y="{}" width="10" height="10" fill="#2f6fb0"/><text x="{}" y="{}" font-size="11">{}</text>',
        LABEL_W,
        legend_y,
        LABEL_W + 13,
        legend_y + 9,
        _("planned"),
        LABEL_W + 110,
        legend_y,
        LABEL_W + 123,
        legend_y + 9,
        _("spent"),
    )
    return _svg(
        height, "graf-penize", _("Planned and spent money per priority (CZK)"), mark_safe("".join(parts)) + legend
    )
