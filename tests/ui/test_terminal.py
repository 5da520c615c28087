"""End to end in a real terminal: tmux runs `screening run`, keys answer it, stdout has the summary."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import textwrap
import time
import uuid

import pytest

from screening.ui.input_gate import SETTLE_SECONDS
from tests.conftest import ROOT

SMALL = textwrap.dedent(
    """\
    format: 1
    id: small
    version: "2"
    title: A small check
    disclaimer: This does not diagnose anything.
    sections:
      - id: s
        title: Questions
        questions:
          - id: age
            type: integer
            text: How old are you?
            min: 0
            max: 120
          - id: sore
            type: yes_no
            text: Does it hurt?
          - id: where
            type: single_choice
            text: Where?
            options:
              - {id: back, text: My back}
              - {id: knee, text: My knee}
    outcomes:
      - id: young
        when: age < 18
        title: Too young
        text: Ask a doctor.
      - id: talk
        otherwise: true
        title: Worth a talk
        text: Bring this to your clinic.
    """
)


SETTLE = SETTLE_SECONDS + 0.15  # a new view ignores keys this long (input_gate); a person reads first


class Terminal:
    def __init__(self, name: str):
        self.name = name

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.name, *args], capture_output=True, text=True, timeout=20)
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 20, read: float = SETTLE) -> str:
        """Wait until ``text`` is on screen, then as long as the app ignores keys on a new view."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                time.sleep(read)
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:  # one at a time: Escape and a key together would arrive as alt+key
            self.tmux("send-keys", key)
            time.sleep(0.05)


@pytest.fixture
def terminal():
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is needed for the end-to-end test (.ci/run installs it)")
        pytest.skip("tmux is not installed")
    name = f"screening-{uuid.uuid4().hex[:8]}"
    yield Terminal(name)
    subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)


def start_run(terminal: Terminal, tmp_path, *options: str) -> tuple:
    """`screening run` on the small file in tmux, stdout and exit code to files; waits for Start."""
    questionnaire = tmp_path / "small.yaml"
    questionnaire.write_text(SMALL, encoding="utf-8")
    out, code = tmp_path / "out.txt", tmp_path / "code.txt"
    command = (
        f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m screening run {shlex.quote(str(questionnaire))}"
        f" {' '.join(shlex.quote(o) for o in options)} > {shlex.quote(str(out))}; echo $? > {shlex.quote(str(code))}; sleep 30"
    )
    terminal.tmux("new-session", "-d", "-x", "80", "-y", "24", command)
    terminal.wait_for("A small check")
    terminal.wait_for("Start")  # shown once the file has loaded
    return out, code


def exit_code(code) -> str:
    # The shell creates the file (`> code.txt`) before `echo` writes to it: wait for the digits.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if code.exists() and code.read_text().strip():
            break
        time.sleep(0.05)
    return code.read_text().strip() if code.exists() else ""


def test_run_in_a_real_terminal_prints_the_summary(tmp_path, terminal):
    out, code = start_run(terminal, tmp_path, "--output", str(tmp_path / "summary.json"))
    terminal.keys("Enter")
    terminal.wait_for("How old are you?")
    terminal.keys("4", "2", "Enter")
    shown = terminal.wait_for("Does it hurt?")
    assert "Question 2 of 3" in shown
    terminal.keys("Escape")
    terminal.wait_for("How old are you?")
    terminal.keys("Enter")
    terminal.wait_for("Does it hurt?")
    terminal.keys("2", "Enter")  # No (1), Yes (2)
    terminal.wait_for("Where?")
    terminal.keys("2", "Enter")
    terminal.wait_for("Check your answers")
    terminal.keys("F10")
    terminal.wait_for("Worth a talk")
    terminal.keys("Enter")
    assert exit_code(code) == "0"
    summary = out.read_text(encoding="utf-8")
    assert summary.startswith("REFERRAL SUMMARY: A small check")
    assert "Result: Worth a talk" in summary
    assert "How old are you?\n    > 42" in summary
    assert "My knee" in summary
    assert summary.rstrip().endswith("This does not diagnose anything.")
    assert "\x1b" not in summary  # nothing of the screen leaked into stdout
    written = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert written["outcome"]["id"] == "talk"
    assert written["questionnaire"] == {"id": "small", "version": "2", "sha256": written["questionnaire"]["sha256"]}
    assert {a["id"]: a["value"] for a in written["answers"]} == {"age": 42, "sore": "yes", "where": "knee"}


def test_quitting_early_prints_nothing(tmp_path, terminal):
    out, code = start_run(terminal, tmp_path)
    terminal.keys("Enter")
    terminal.wait_for("How old are you?")
    terminal.keys("C-q")
    terminal.wait_for("Stop without finishing?")
    terminal.keys("Tab", "Enter")  # to 'Yes, stop'
    assert exit_code(code) == "3"
    assert out.read_text() == ""
