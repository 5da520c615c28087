"""A real CUPS with the cups-pdf printer: runs only where both are installed and the `PDF` printer answers.

Install (Debian/Ubuntu): `apt-get install cups cups-pdf`, start the scheduler
(`systemctl start cups`, or `cupsd` where there is no systemd); cups-pdf adds the
printer `PDF`, which writes each job as a file. See the README.
"""

from __future__ import annotations

import datetime as dt
import getpass
import io
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from screening.engine.loader import load_questionnaire
from screening.engine.run.session import Session
from screening.engine.run.summary import build_summary
from screening.printing import print_pdf
from screening.render.as_pdf import render_pdf
from tests.conftest import BUNDLED
from tests.render.test_render import ANSWERS

PRINTER = "PDF"


def _cups_pdf_ready() -> bool:
    if not (shutil.which("lp") and shutil.which("lpstat")):
        return False
    try:
        result = subprocess.run(["lpstat", "-p", PRINTER], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and "disabled" not in result.stdout


pytestmark = pytest.mark.skipif(not _cups_pdf_ready(), reason="CUPS with the cups-pdf printer 'PDF' is not installed (see the README)")


def _outputs() -> list[Path]:
    folders = [Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS"), Path("/var/spool/cups-pdf") / getpass.getuser()]
    return [path for folder in folders if folder.is_dir() for path in folder.glob("*.pdf")]


def test_a_summary_printed_through_cups_pdf_comes_out_whole():
    session = Session(load_questionnaire(str(BUNDLED)), "es")
    for question_id, raw in ANSWERS.items():
        session.set_answer(question_id, raw)
    summary = build_summary(session, created=dt.datetime(2026, 11, 22, 10, 15, tzinfo=dt.timezone.utc))
    before = {path: path.stat().st_mtime for path in _outputs()}
    started = time.time()
    data = render_pdf(summary)
    assert "request id" in print_pdf(data, PRINTER)
    deadline = time.monotonic() + 60
    new: list[Path] = []
    while time.monotonic() < deadline and not new:
        time.sleep(0.5)
        new = [p for p in _outputs() if before.get(p) != p.stat().st_mtime and p.stat().st_mtime >= started - 1 and p.stat().st_size > 0]
    assert new, "cups-pdf wrote no file within 60 s"
    time.sleep(1)  # let cups-pdf finish writing
    # cups-pdf re-renders through Ghostscript with glyph-only fonts, so its text cannot be extracted;
    # what came out must be the whole document: every page, on the paper it was made for
    sent = PdfReader(io.BytesIO(data))
    printed = PdfReader(str(new[0]))
    assert len(printed.pages) == len(sent.pages) >= 1
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert new[0].stat().st_size > 10_000  # drawn pages, not blank ones
