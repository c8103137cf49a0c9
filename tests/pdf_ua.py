"""PDF/UA-1 validation with veraPDF, the PDF Association's reference validator.

Our own structure checks (tests/publication/pdf_structure.py) ask what we
know to ask; veraPDF checks every machine-checkable rule of ISO 14289-1
(tagged content, link annotations inside Link elements, fonts, metadata...).
It runs from docker/pdf-check (Maven Central jars, built by `make test`),
with a bounded heap, one JVM per call.
"""

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

PDF_CHECK_DIR = Path(__file__).resolve().parent.parent / "docker" / "pdf-check"
MAIN_CLASS = "org.verapdf.apps.GreenfieldCliWrapper"


def _classpath():
    lib = PDF_CHECK_DIR / "target" / "lib"
    if not lib.is_dir():
        mvn = shutil.which("mvn")
        if not mvn:
            raise RuntimeError("veraPDF is not built and Maven is missing: run `make test`")
        subprocess.run([mvn, "-q", "-B", "package"], cwd=PDF_CHECK_DIR, check=True)
    return f"{lib}/*"


def pdf_ua_failures(pdf):
    """The PDF/UA-1 rules `pdf` (bytes or a path) breaks, as 'clause-test: description (n×)'; [] when it passes."""
    with tempfile.TemporaryDirectory() as folder:
        # veraPDF only picks up files named *.pdf, so every input is copied to one.
        path = Path(folder) / "checked.pdf"
        path.write_bytes(pdf if isinstance(pdf, bytes | bytearray) else Path(pdf).read_bytes())
        result = subprocess.run(
            ["java", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", _classpath(), MAIN_CLASS]
            + ["--flavour", "ua1", "--format", "xml", "--maxfailuresdisplayed", "1", str(path)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    if "<" not in result.stdout:
        raise AssertionError(f"veraPDF gave no report: {result.stdout[-2000:]}{result.stderr[-2000:]}")
    report = ET.fromstring(result.stdout[result.stdout.index("<") :])
    jobs = report.findall(".//validationReport")
    if len(jobs) != 1:
        raise AssertionError(f"veraPDF did not validate the file: {result.stdout[-2000:]}{result.stderr[-2000:]}")
    failures = []
    for rule in jobs[0].iter("rule"):
        if rule.get("status") == "failed":
            description = (rule.findtext("description") or "").strip()
            failures.append(
                f"{rule.get('clause')}-{rule.get('testNumber')}: {description} ({rule.get('failedChecks')}×)"
            )
    if not failures and jobs[0].get("isCompliant") != "true":
        raise AssertionError(f"veraPDF: not compliant, but no failed rule listed: {result.stdout[-2000:]}")
    return failures
