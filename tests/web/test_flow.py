"""Walking every bundled questionnaire through the web form, page by page, as a person would.

The answers of each file's embedded examples are given one page at a time; the
stored submission's summary must be the one `screening evaluate` gives for the
same answers (the engine is the one judge), and the walk must only ever show
visible questions, in order.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from screening.engine.problems import ProblemCollector
from screening.engine.run.answer_file import session_from_mapping
from screening.engine.run.summary import build_summary
from screening.store import open_store

from tests.web.conftest import BUNDLED_FILES, Browser, make_links

CASES = [
    (path, index)
    for path in BUNDLED_FILES
    for index in range(len(re.findall(r"^  - name:", path.read_text(encoding="utf-8"), flags=re.M)))
]


def form_fields(answer: Any) -> dict[str, Any]:
    """An answer-file value as the form's fields."""
    if isinstance(answer, list):
        return {"answer": answer}
    if isinstance(answer, dict):
        return {"amount": str(answer["value"]), "unit": answer["unit"]}
    if isinstance(answer, str) and re.fullmatch(r"\d+(\.\d+)?\s+[a-z]+", answer):
        amount, unit = answer.split()
        return {"amount": amount, "unit": unit if unit.endswith("s") else unit + "s"}
    if isinstance(answer, _dt.date):
        return {"answer": answer.isoformat()}
    return {"answer": str(answer)}


def walk(browser: Browser, answers: dict[str, Any], language: str | None = None) -> list[str]:
    """Answer page by page; returns the question ids shown, in order. Ends on the summary."""
    if language:
        browser.act("language", lang=language)
    browser.act("start")
    shown: list[str] = []
    for _ in range(200):
        page = browser.hidden()["page"]
        if page == "crisis":
            assert browser.last.status_code == 200
            browser.act("read")
        elif page == "question":
            question = browser.hidden()["question"]
            shown.append(question)
            given = answers.get(question)
            response = browser.act("next", **({} if given is None else form_fields(given)))
            assert response.status_code == 200, (question, response.text[-1500:])
        elif page == "review":
            response = browser.act("submit")
            assert response.status_code == 200, response.text[-1500:]
        elif page == "summary":
            return shown
    raise AssertionError("the walk did not end")


def engine_summary(questionnaire: Any, example: Any) -> dict[str, Any]:
    problems = ProblemCollector(questionnaire.path)
    session = session_from_mapping(
        questionnaire, example.answers, questionnaire.source, example.path + ("answers",), problems, example.language, example.expect.get("hidden") or []
    )
    assert session is not None, problems.problems
    data = build_summary(session).to_json()
    data.pop("created")
    return data


@pytest.mark.parametrize("path,index", CASES, ids=[f"{p.stem}-{i}" for p, i in CASES])
def test_examples_walked_in_the_browser_form_give_the_engine_summary(path: Path, index: int, questionnaires: dict[str, Any], store_url: str, browser: Browser) -> None:
    questionnaire = next(q for q in questionnaires.values() if Path(q.path).name == path.name)
    example = questionnaire.examples[index]
    token = make_links(store_url, questionnaire.id)[0]
    browser.get(f"/l/{token}")
    shown = walk(browser, example.answers, example.language)
    assert "Your answers have been sent" in browser.last.text or example.language not in (None, "en")

    expected = engine_summary(questionnaire, example)
    visible = [a["id"] for a in expected["answers"]]
    assert [q for q in shown if q in visible] == visible  # every answered question was asked, in order
    assert not set(shown) & set(example.expect.get("hidden") or [])  # hidden ones never shown
    with open_store(store_url) as store:
        (submission,) = store.submissions()
    stored = dict(submission.payload["summary"])
    stored.pop("created")
    assert stored == expected
    assert submission.kiosk_id == "web"
    assert submission.outcome_id == example.expect["outcome"]


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=[p.stem for p in BUNDLED_FILES])
def test_the_same_answers_through_screening_evaluate_give_the_stored_summary(path: Path, questionnaires: dict[str, Any], store_url: str, browser: Browser, tmp_path: Path) -> None:
    """The CLI itself, as a subprocess, on the first example of every file."""
    questionnaire = next(q for q in questionnaires.values() if Path(q.path).name == path.name)
    example = questionnaire.examples[0]
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text(yaml.safe_dump(example.answers), encoding="utf-8")
    command = [sys.executable, "-m", "screening", "evaluate", str(path), "--answers", str(answers_file), "--format", "json"]
    if example.language:
        command += ["--lang", example.language]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    from_cli = json.loads(result.stdout)
    from_cli.pop("created")

    browser.get(f"/l/{make_links(store_url, questionnaire.id)[0]}")
    walk(browser, example.answers, example.language)
    with open_store(store_url) as store:
        (submission,) = store.submissions()
    stored = dict(submission.payload["summary"])
    stored.pop("created")
    assert stored == from_cli


def test_the_summary_downloads_as_a_pdf_once_submitted_and_only_for_its_session(questionnaires: dict[str, Any], store_url: str, browser: Browser) -> None:
    from screening.engine.run.summary import Summary
    from screening.render.as_text import render_text
    from tests.render.test_pdf import words_of_pdf, words_of_text

    questionnaire = next(q for q in questionnaires.values() if Path(q.path).name == "peg.yaml")
    example = questionnaire.examples[0]
    browser.get(f"/l/{make_links(store_url, questionnaire.id)[0]}")
    assert browser.get("/summary.pdf").headers["content-type"].startswith("text/html")  # nothing submitted yet
    browser.get("/q")
    walk(browser, example.answers, example.language)
    assert 'href="/summary.pdf"' in browser.get("/q").text
    pdf = browser.get("/summary.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    with open_store(store_url) as store:
        (submission,) = store.submissions()
    assert words_of_pdf(pdf.content) == words_of_text(render_text(Summary.from_json(submission.payload["summary"])))
    browser.client.cookies.clear()  # another person, no session: no summary
    assert not browser.get("/summary.pdf").headers["content-type"].startswith("application/pdf")


def test_the_summary_page_reads_in_the_order_of_the_text_summary(questionnaires: dict[str, Any], store_url: str, browser: Browser) -> None:
    """What needs attention now, then the crisis text, then the result, as the text and PDF give it."""
    questionnaire = next(q for q in questionnaires.values() if Path(q.path).name == "phq-9.yaml")
    urgent = {flag.id for flag in questionnaire.flags if flag.severity == "urgent"}
    example = next(e for e in questionnaire.examples if urgent & set(e.expect["flags"]) and not e.language)
    browser.get(f"/l/{make_links(store_url, questionnaire.id)[0]}")
    walk(browser, example.answers)
    page = browser.get("/q").text
    attention, crisis, result = page.index("Needs attention now"), page.index('class="crisis"'), page.index('id="result"')
    assert attention < crisis < result
    assert "because" in page.lower() and "self_harm" not in page  # reasons in words, not ids
