"""Text extraction from PDFs: pages per second on one core, pdftotext against pypdf (the baseline).

A 120-page Czech PDF made by WeasyPrint (the same library that prints the plan)
is read by both extractors in this process, one at a time, so the figure is per core.
Goal (issue 16): at least 50 pages/s/core.
"""

import os
import time

PAGES = 120
PARAGRAPH = (
    "Pečovatelská služba zajišťuje péči o seniory v jejich domácnostech. Senioři v menších městech často "
    "žijí osaměle a chybí jim doprava k lékaři. Dotace z rozpočtu kraje a příspěvky obcí. "
)


def make_pdf():
    from weasyprint import HTML

    pages = "".join(
        f"<section style='page-break-after: always'><h2>Strana {n}</h2><p>{PARAGRAPH * 12}</p></section>"
        for n in range(1, PAGES + 1)
    )
    return HTML(string=f"<html lang='cs'><body>{pages}</body></html>").write_pdf()


def pages_per_second(reader, data, limits, rounds=3):
    best = None
    for _ in range(rounds):
        started = time.perf_counter()
        text, pages, _truncated = reader(data, limits, time.monotonic() + 600)
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    assert pages == PAGES and "Pečovatelská" in text, (pages, text[:80])
    return PAGES / best


def main():
    # The embedded settings: extraction needs no server.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triada.settings.dev")
    import django

    django.setup()
    from search.extraction import Limits, _pdf_poppler, _pdf_pypdf

    data = make_pdf()
    limits = Limits()
    baseline = pages_per_second(_pdf_pypdf, data, limits, rounds=1)
    poppler = pages_per_second(_pdf_poppler, data, limits)
    print(f"pypdf (baseline)      {baseline:8.1f} pages/s")
    print(f"pdftotext (used)      {poppler:8.1f} pages/s   {poppler / baseline:5.1f}x the baseline   goal >= 50")
