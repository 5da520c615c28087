"""The PDF summary: its text, extracted, is the text summary's, accents included; A4 and Letter."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from screening.engine.loader import load_questionnaire
from screening.engine.run.session import Session
from screening.engine.run.summary import build_summary
from screening.render import render, write_summary
from screening.render.as_pdf import render_pdf
from tests.conftest import BUNDLED
from tests.render.test_render import ANSWERS

CREATED = dt.datetime(2026, 11, 22, 10, 15, tzinfo=dt.timezone.utc)
CRPS = {**{k: v for k, v in ANSWERS.items() if k != "crps_symptoms"}, "diagnoses": ["crps"]}


def summary_for(answers, language):
    session = Session(load_questionnaire(str(BUNDLED)), language)
    for question_id, raw in answers.items():
        session.set_answer(question_id, raw)
    return build_summary(session, created=CREATED)


def words_of_text(text: str) -> list[str]:
    """The text summary's words, without its ===/--- rules (the PDF draws lines)."""
    return [word for line in text.splitlines() if not re.fullmatch(r"[=-]+", line) for word in line.split()]


def words_of_pdf(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    words: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        page_words = page.extract_text().split()
        assert page_words[-1] == f"{number}/{pages}"  # the page count at the foot of each page
        words.extend(page_words[:-1])
    return words


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("answers", [ANSWERS, CRPS], ids=["urgent", "crps"])
def test_the_pdf_says_what_the_text_summary_says(language, answers):
    summary = summary_for(answers, language)
    assert words_of_pdf(render_pdf(summary)) == words_of_text(render(summary, "text"))


def test_spanish_accents_survive():
    words = " ".join(words_of_pdf(render_pdf(summary_for(ANSWERS, "es"))))
    for accented in ("REQUIERE ATENCIÓN AHORA", "¿Cuántos años tiene?", "Puntuación de ánimo", "médico o clínica"):
        assert accented in words


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper_sizes(paper, size):
    reader = PdfReader(io.BytesIO(render_pdf(summary_for(ANSWERS, "en"), paper)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_the_font_is_embedded():
    data = render_pdf(summary_for(ANSWERS, "es"))
    assert b"/FontFile2" in data and b"DejaVuSans" in data


def test_output_file_by_its_suffix(tmp_path):
    target = tmp_path / "summary.pdf"
    write_summary(str(target), summary_for(ANSWERS, "en"), "letter")
    assert target.read_bytes().startswith(b"%PDF-")
