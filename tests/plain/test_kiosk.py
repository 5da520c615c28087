"""`screening kiosk --plain` through a pipe: people one after another, staff PIN, idle wipe, printing."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import pytest

from screening.staff_pin import set_pin
from screening.store import open_store
from tests.conftest import MINIMAL, ROOT, run_cli
from tests.plain.test_conversation import GOOD


@pytest.fixture
def desk(tmp_path, write):
    config = tmp_path / "config"
    set_pin(config, "2468")
    path = write(MINIMAL)
    store = str(tmp_path / "s.db")

    def args(*extra: str) -> list[str]:
        return ["kiosk", path, "--plain", "--config", str(config), "--store", store, "--kiosk-id", "desk-1", *extra]

    def events() -> list[str]:
        with open_store(store) as opened:
            return [e["event"] for e in opened.audit_events()]

    def submissions():
        with open_store(store) as opened:
            return opened.submissions()

    args.events = events  # type: ignore[attr-defined]
    args.submissions = submissions  # type: ignore[attr-defined]
    return args


def feed(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def test_two_people_then_staff_close_the_kiosk(desk):
    person = [""] + GOOD + ["yes", ""]
    result = run_cli(*desk(), stdin=feed(person + person + ["staff", "2468", "exit"]))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.count("REFERRAL SUMMARY") == 2
    assert len(desk.submissions()) == 2
    assert desk.events() == ["started", "submitted", "reset_finished"] * 2 + ["staff_login", "staff_exit"]


def test_wrong_pins_lock_the_staff_prompt(desk):
    tries = ["staff", "1111"] * 3 + ["staff"]
    result = run_cli(*desk(), stdin=feed(tries))
    assert result.returncode == 0  # input ended on the welcome: nothing in progress
    assert result.stdout.count("Wrong PIN.") == 3
    assert result.stdout.count("Locked after too many wrong PINs") == 2  # on the third, and when asked again
    assert desk.events() == ["staff_login_failed"] * 4 + ["input_closed"]
    # a restart does not reset it: the lockout is kept on disk, and even the right PIN is not taken
    again = run_cli(*desk(), stdin=feed(["staff", "2468"]))
    assert "Locked after too many wrong PINs" in again.stdout and "Staff:" not in again.stdout


def test_the_crisis_text_at_the_kiosk_says_to_tell_a_staff_member(desk):
    result = run_cli(*desk(), stdin=feed([""] + GOOD[:4] + ["yes"]))
    assert "Call 988. You can also tell a staff member here right away." in result.stdout


def test_input_ending_mid_session_stores_nothing(desk):
    result = run_cli(*desk(), stdin=feed([""] + GOOD[:3]))
    assert result.returncode == 3
    assert desk.submissions() == [] and "REFERRAL SUMMARY" not in result.stdout


def slow_kiosk(desk, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "screening", *desk("--idle-timeout", "2", *extra)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(ROOT),
    )


def wait_for(kiosk: subprocess.Popen[str], text: str, seen: list[str]) -> None:
    """Read the kiosk's lines (each flushed as written) until one contains ``text``."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = kiosk.stdout.readline()
        assert line, "".join(seen)
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"{text!r} never came")


def test_an_unattended_session_is_warned_about_then_wiped(desk):
    kiosk = slow_kiosk(desk)
    seen: list[str] = []
    kiosk.stdin.write(feed(["", "40"]))
    kiosk.stdin.flush()
    wait_for(kiosk, "Are you still there?", seen)  # after 1.5 s without a line
    wait_for(kiosk, "Press Enter to start.", seen)  # wiped 1 s later: the welcome again
    out, err = kiosk.communicate(feed(["staff", "2468", "exit"]), timeout=30)
    assert kiosk.returncode == 0, err
    assert desk.events() == ["started", "reset_idle", "staff_login", "staff_exit"]
    assert desk.submissions() == []


def test_a_line_after_the_warning_keeps_the_session_and_is_not_an_answer(desk):
    kiosk = slow_kiosk(desk)
    seen: list[str] = []
    kiosk.stdin.write(feed([""]))
    kiosk.stdin.flush()
    wait_for(kiosk, "Are you still there?", seen)
    kiosk.stdin.write(feed(["99"]))  # "keep going": never taken as the age
    kiosk.stdin.flush()
    wait_for(kiosk, "Welcome back.", seen)
    out, err = kiosk.communicate(feed(GOOD + ["yes", "", "staff", "2468", "exit"]), timeout=30)
    assert kiosk.returncode == 0, err
    [stored] = desk.submissions()
    assert stored.payload["responses"]["age"] == 40


def test_print_my_copy_in_the_plain_kiosk(desk, tmp_path, monkeypatch):
    folder = tmp_path / "bin"
    folder.mkdir()
    lp = folder / "lp"
    lp.write_text(f'#!/bin/sh\ncp "$3" "{tmp_path / "printed.pdf"}"\necho "request id is $2-1"\n', encoding="utf-8")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    env = {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
    result = run_cli(*desk("--printer", "front-desk"), stdin=feed([""] + GOOD + ["yes", "print", ""]), env=env)
    assert "Sent to the printer." in result.stdout
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    assert desk.events()[:4] == ["started", "submitted", "printed", "reset_finished"]


def test_the_plain_kiosk_never_imports_textual(desk):
    code = (
        "import sys\n"
        "from screening.cli import main\n"
        f"code = main({desk()!r})\n"
        "loaded = sorted({name.split('.')[0] for name in sys.modules} & {'textual', 'rich'})\n"
        "print('exit', code, 'loaded', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=feed(["staff", "2468", "exit"]), capture_output=True, text=True, timeout=60, cwd=str(ROOT)
    )
    assert "exit 0 loaded []" in result.stderr, result.stderr
