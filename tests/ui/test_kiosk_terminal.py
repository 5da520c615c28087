"""The kiosk in a real terminal: every escape key leaves it running on its own screen; SIGTERM ends it cleanly."""

from __future__ import annotations

import os
import signal
import sqlite3
import time

from tests.ui.test_kiosk import SMALL
from tests.ui.test_safety_terminal import kiosk_pid, start_kiosk
from tests.ui.test_terminal import exit_code, terminal  # noqa: F401  (the fixture)

ESCAPES = ["C-c", "C-q", "C-p", "C-z", "C-\\", "C-d", "C-s", "Escape", *[f"F{n}" for n in range(1, 13)], "C-c", "C-\\"]


def test_escape_keys_and_sigterm(tmp_path, terminal):
    store, code = start_kiosk(terminal, tmp_path, text=SMALL)
    terminal.keys("Enter")
    terminal.wait_for("How old are you?")
    for key in ESCAPES:
        terminal.keys(key)
        time.sleep(0.15)
        assert not code.exists(), f"{key} ended the kiosk"
        shown = terminal.screen()
        assert "How old are you?" in shown or "Thoughts of hurting" in shown or "Check your answers" in shown or "Small" in shown, (key, shown)
    # finish one submission, then SIGTERM while the next person is mid-way
    if "Small" in terminal.screen():
        terminal.wait_for("Small")
        terminal.keys("Enter")
    for screen_text, keys in (("How old are you?", ["5", "0", "Enter"]), ("Thoughts of hurting", ["1", "Enter"]), ("Check your answers", ["F10"]), ("All done", ["Enter"])):
        terminal.wait_for(screen_text)
        terminal.keys(*keys)
    terminal.wait_for("Start")
    terminal.keys("Enter")
    terminal.wait_for("How old are you?")
    terminal.keys("7")
    os.kill(kiosk_pid(terminal), signal.SIGTERM)
    assert exit_code(code) == "0"
    connection = sqlite3.connect(store)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("SELECT count(*) FROM submissions").fetchone()[0] == 1
