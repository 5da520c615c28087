"""In a real terminal (tmux): Enter on an untouched question, a burst of Enter, the size with stdout
redirected, the kiosk after a cut/paste attempt, and SIGHUP/SIGTERM right after a burst."""

from __future__ import annotations

import json
import os
import random
import shlex
import signal
import sqlite3
import subprocess
import sys
import time

from screening.staff_pin import set_pin
from tests.conftest import ROOT
from tests.ui.test_kiosk import SMALL as KIOSK_SMALL
from tests.ui.test_terminal import exit_code, start_run, terminal  # noqa: F401  (the fixture)


def test_enter_on_an_untouched_question_and_a_burst_of_enter(tmp_path, terminal):
    out, code = start_run(terminal, tmp_path, "--output", str(tmp_path / "summary.json"))
    terminal.tmux("send-keys", *["Enter"] * 25)  # a held Enter at the welcome: one Start, nothing else
    terminal.wait_for("How old are you?")
    time.sleep(0.5)
    shown = terminal.screen()
    assert "Question 1 of 3" in shown and "Nothing is typed yet" not in shown
    terminal.keys("Enter")  # untouched: nothing recorded, the person stays and is told what to do
    shown = terminal.wait_for("Nothing is typed yet. Type your answer, then Enter.")
    assert "How old are you?" in shown
    terminal.keys("4", "2")
    terminal.tmux("send-keys", *["Enter"] * 25)  # 42, then a burst: the next question is not skipped
    terminal.wait_for("Does it hurt?")
    time.sleep(0.5)
    shown = terminal.screen()
    assert "Does it hurt?" in shown and "Nothing is chosen yet" not in shown and "Where?" not in shown
    terminal.keys("Enter")
    terminal.wait_for("Nothing is chosen yet")
    terminal.keys("1", "Enter")  # No
    terminal.wait_for("Where?")
    terminal.keys("2", "Enter")
    terminal.wait_for("Check your answers")
    terminal.keys("F10")
    terminal.wait_for("Worth a talk")
    terminal.keys("Enter")
    assert exit_code(code) == "0"
    written = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert {a["id"]: a["value"] for a in written["answers"]} == {"age": 42, "sore": "no", "where": "knee"}


def test_the_screen_fills_the_terminal_when_stdout_is_redirected(tmp_path, terminal):
    questionnaire = tmp_path / "small.yaml"
    from tests.ui.test_terminal import SMALL

    questionnaire.write_text(SMALL, encoding="utf-8")
    command = (
        f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m screening run {shlex.quote(str(questionnaire))}"
        f" > {shlex.quote(str(tmp_path / 'summary.txt'))}; sleep 30"
    )
    terminal.tmux("new-session", "-d", "-x", "120", "-y", "40", command)
    terminal.wait_for("Start")
    terminal.keys("Enter")
    shown = terminal.wait_for("Question 1 of 3")
    lines = shown.split("\n")
    status = next(line for line in lines if "Question 1 of 3" in line)
    assert status.rstrip().endswith("Question 1 of 3") and len(status.rstrip()) > 100  # right edge at 120, not 80
    assert any("Next" in line for line in lines[30:])  # the buttons at the bottom of 40 lines, not 24


def test_terminal_size_comes_from_stderr(monkeypatch, tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    from screening.ui.driver import terminal_size

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 33, 111, 0, 0))
    redirected = open(tmp_path / "out.txt", "w")
    stderr = os.fdopen(follower, "w")
    monkeypatch.setattr(sys, "__stdout__", redirected)
    monkeypatch.setattr(sys, "__stderr__", stderr)
    monkeypatch.setattr(sys, "__stdin__", redirected)
    try:
        assert terminal_size() == (111, 33)
    finally:
        stderr.close()
        redirected.close()
        os.close(leader)


def kiosk_pid(terminal) -> int:
    shell = int(terminal.tmux("list-panes", "-F", "#{pane_pid}").split()[0])
    children = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()
    return int(children[0])


def start_kiosk(terminal, tmp_path, *options: str, text: str = KIOSK_SMALL):
    """`screening kiosk` on a small file in tmux (PIN 2468), its exit code to a file; waits for Start."""
    questionnaire = tmp_path / "small.yaml"
    questionnaire.write_text(text, encoding="utf-8")
    set_pin(tmp_path / "config", "2468")
    store, code = tmp_path / "s.db", tmp_path / "code.txt"
    command = (
        f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m screening kiosk {shlex.quote(str(questionnaire))}"
        f" --store {shlex.quote(str(store))} --config {shlex.quote(str(tmp_path / 'config'))} --kiosk-id t1 {' '.join(options)}"
        f"; echo $? > {shlex.quote(str(code))}; sleep 30"
    )
    terminal.tmux("new-session", "-d", "-x", "80", "-y", "24", command)
    terminal.wait_for("Start")
    return store, code


def entry_line(terminal) -> str:
    lines = terminal.screen().split("\n")
    index = next(i for i, line in enumerate(lines) if "How old are you?" in line)
    return "\n".join(lines[index + 1 : index + 6])


def test_kiosk_reset_after_a_paste_attempt(tmp_path, terminal):
    store, code = start_kiosk(terminal, tmp_path, "--idle-timeout", "4")
    terminal.keys("Enter")
    terminal.wait_for("How old are you?")
    terminal.keys("4", "2", "S-Home", "C-x", "C-c", "C-v")  # cut what was typed, try to paste it back
    terminal.tmux("set-buffer", "77")
    terminal.tmux("paste-buffer", "-p")  # the terminal's own (bracketed) paste
    time.sleep(0.5)
    assert "42" not in entry_line(terminal) and "77" not in entry_line(terminal)
    terminal.keys("1", "3")
    terminal.wait_for("Are you still there?", timeout=10)
    terminal.wait_for("Start", timeout=10)  # wiped for the next person
    terminal.keys("Enter")
    terminal.wait_for("How old are you?")
    terminal.keys("C-v")
    terminal.tmux("paste-buffer", "-p")
    time.sleep(0.5)
    shown = entry_line(terminal)
    assert "42" not in shown and "77" not in shown and "13" not in shown
    os.kill(kiosk_pid(terminal), signal.SIGTERM)
    assert exit_code(code) == "0"
    assert sqlite3.connect(store).execute("SELECT count(*) FROM submissions").fetchone()[0] == 0


def test_sighup_and_sigterm_end_the_kiosk_promptly_after_a_burst(tmp_path, terminal):
    keys = ["Enter", "Escape", "Up", "Down", "Left", "Right", "Space", "Tab", "BSpace", "F1", "F2", "F10", "1", "2", "5", "C-x", "C-v", "C-c"]
    chooser = random.Random(9)
    for signum in (signal.SIGHUP, signal.SIGTERM):
        folder = tmp_path / signum.name
        folder.mkdir()
        store, code = start_kiosk(terminal, folder)
        terminal.keys("Enter")
        terminal.wait_for("How old are you?")
        terminal.tmux("send-keys", *[chooser.choice(keys) for _ in range(300)])
        pid = kiosk_pid(terminal)
        os.kill(pid, signum)
        started = time.monotonic()
        assert exit_code(code) == "0", signum
        assert time.monotonic() - started < 5, signum
        time.sleep(0.2)
        assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"
        terminal.tmux("kill-server")
