"""Shared helpers: a small valid questionnaire to vary, and the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "questionnaires" / "ketamine-chronic-pain.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def no_settle_wait(monkeypatch):
    """Pilot types at machine speed: the input gate's quiet wait after each new view (meant
    for held keys and bursts) is off; the tests about it turn it on for their own app
    (``app.input_gate.settle``). Imported here for every test, whichever order they run in
    (a test that imports the app inside itself must get it too); the tests that check a
    command never loads Textual run that command in a subprocess."""
    from screening.ui.app import ScreeningApp

    monkeypatch.setattr(ScreeningApp, "SETTLE", 0.0)


@pytest.fixture(autouse=True)
def crash_log_in_tmp(monkeypatch, tmp_path_factory):
    """Crash logs from tests go to a temporary folder, never the user's."""
    monkeypatch.setenv("SCREENING_LOG_DIR", str(tmp_path_factory.mktemp("log")))


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Every installed version, and what differs from constraints.txt, at the top of the run."""
    from tests.dependency_versions import report_lines

    return report_lines()

# A small questionnaire exercising every question type; tests vary it.
MINIMAL = textwrap.dedent(
    """\
    format: 1
    id: mini
    version: "1"
    title: Mini
    disclaimer: Not a diagnosis.
    crisis: Call 988.
    sections:
      - id: s1
        title: First
        questions:
          - id: age
            type: integer
            text: Age?
            min: 0
            max: 120
          - id: pain
            type: duration
            text: How long?
          - id: level
            type: scale
            text: How bad?
          - id: kinds
            type: multi_choice
            text: Which?
            options:
              - {id: a, text: A}
              - {id: b, text: B}
              - {id: none, text: None of these, exclusive: true}
          - id: detail
            type: single_choice
            show_if: "'a' in kinds"
            text: Detail?
            options:
              - {id: x, text: X, value: 1}
              - {id: y, text: Y, value: 2}
          - id: sad
            type: yes_no
            not_sure: true
            text: Sad?
          - id: weight
            type: number
            text: Weight?
            required: false
            unit: kg
          - id: notes
            type: text
            text: Anything else?
            required: false
            max_length: 20
          - id: when
            type: date
            text: When did it start?
            required: false
            max: today
          - id: info
            type: note
            text: Thanks.
    scores:
      total: value(detail) + level
    flags:
      - id: sad_flag
        severity: urgent
        when: sad == 'yes'
        text: Sad.
      - id: high
        severity: review
        when: level >= 8
        text: High pain.
    outcomes:
      - id: young
        when: age < 18
        title: Young
        text: Too young.
      - id: short
        when: pain < 12
        title: Short
        text: Not chronic.
      - id: review
        when: any_flag('review')
        title: Review
        text: Needs review.
      - id: ok
        otherwise: true
        title: OK
        text: Fine.
    """
)


@pytest.fixture
def write(tmp_path: Path):
    """Write text to a file in tmp_path and return its path as a string."""

    def _write(text: str | bytes, name: str = "q.yaml") -> str:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


def run_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `python -m screening ARGS` the way a user would."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "screening", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=full_env,
        timeout=timeout,
        cwd=str(ROOT),
    )
