"""`screening kiosk --plain` on a real pseudo-terminal: only staff close it.

Ctrl+D is not the end of the kiosk, Ctrl+S does not freeze it, Ctrl+C/Ctrl+Z/Ctrl+\\ send no
signal and never become an answer, the PIN is not echoed, a wrong PIN stays readable, and the
terminal's settings are as before when the kiosk ends (by staff, or by SIGTERM).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import termios
import time

import pytest

from screening.store import open_store
from tests.conftest import ROOT
from tests.plain.test_conversation import GOOD
from tests.plain.test_kiosk import desk  # noqa: F401  (the fixture)

CLEAR = "\x1b[H\x1b[2J\x1b[3J"

# Takes the pseudo-terminal as the controlling terminal (so that, were ISIG on, Ctrl+C would
# signal the kiosk), then becomes `python -m screening ...` in the same process.
CONTROLLING = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


class Desk:
    """The kiosk on a pseudo-terminal it has as its controlling terminal, in the foreground."""

    def __init__(self, args: list[str]):
        self.master, self.slave = os.openpty()
        self.before = termios.tcgetattr(self.slave)
        self.output = ""
        self.process = subprocess.Popen(
            [sys.executable, "-c", CONTROLLING, "-m", "screening", *args],
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            cwd=str(ROOT),
            start_new_session=True,  # a session of its own, with the terminal as its controlling terminal
        )

    def _pump(self, wait: float) -> None:
        if select.select([self.master], [], [], wait)[0]:
            try:
                self.output += os.read(self.master, 65536).decode("utf-8", errors="replace")
            except OSError:  # EIO: nothing left on the other side
                time.sleep(wait)

    def wait_for(self, text: str, after: int = 0, timeout: float = 20) -> int:
        """Read until ``text`` shows at or after ``after``; the index just past it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.output.find(text, after)
            if found >= 0:
                return found + len(text)
            assert self.process.poll() is None, (
                f"the kiosk ended ({self.process.returncode}) waiting for {text!r}:\n{self.output}"
            )
            self._pump(0.1)
        raise AssertionError(f"{text!r} never came:\n{self.output[after:]}")

    def settle(self, seconds: float = 0.4) -> None:
        """Read whatever comes for a moment, the kiosk still running."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._pump(0.05)
        assert self.process.poll() is None, f"the kiosk ended ({self.process.returncode}):\n{self.output}"

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def line(self, text: str) -> None:
        self.type(text + "\r")  # Enter, as a terminal sends it

    def mode(self) -> list:
        return termios.tcgetattr(self.slave)

    def end(self, timeout: float = 20) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._pump(0.05)
        self._pump(0)
        code = self.process.wait(timeout=1)
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def at_desk():
    opened: list[Desk] = []

    def start(args: list[str]) -> Desk:
        opened.append(Desk(args))
        return opened[-1]

    yield start
    for one in opened:
        one.close()


def test_only_staff_close_the_kiosk_on_a_terminal(desk, at_desk):  # noqa: F811
    kiosk = at_desk(desk())
    at = kiosk.wait_for("Press Enter to start.")
    running = kiosk.mode()
    assert not running[0] & termios.IXON and not running[3] & termios.ISIG  # no flow control, no signal keys
    assert running[3] & termios.ICANON and running[3] & termios.ECHO  # lines, echoed
    for key in ("\x04", "\x03", "\x1a", "\x1c", "\x13", "\x04"):  # Ctrl+D, C, Z, \, S, D at the welcome
        kiosk.type(key)
        kiosk.settle(0.2)
    kiosk.line("")
    at = kiosk.wait_for("Age?", at)
    kiosk.type("\x04")  # Ctrl+D mid-question: the question stays
    kiosk.settle()
    kiosk.line("\x03")  # Ctrl+C, Enter: an empty line, not an answer
    at = kiosk.wait_for("needs an answer", at)
    kiosk.type("\x13")  # Ctrl+S: the screen does not freeze
    kiosk.line("4\x030")  # a stray Ctrl+C inside an answer is dropped: 40
    at = kiosk.wait_for("How long?", at)
    for answer, question in zip(
        GOOD[1:], ["How bad?", "Which?", "Sad?", "Weight?", "Anything else?", "When did it start?", "Thanks."]
    ):
        kiosk.line(answer)
        at = kiosk.wait_for(question, at)
        if question == "Anything else?":
            kiosk.type("\x04")
            kiosk.settle(0.2)
            kiosk.line("\x03\x1a\x1c")  # only control keys: the optional text is left out, not answered
            at = kiosk.wait_for("When did it start?", at)
            break
    for answer in GOOD[7:] + ["yes"]:
        kiosk.line(answer)
    at = kiosk.wait_for("REFERRAL SUMMARY", at)
    kiosk.line("")
    at = kiosk.wait_for("Press Enter to start.", at)
    kiosk.line("staff")
    at = kiosk.wait_for("Staff PIN:", at)
    kiosk.line("2468")
    at = kiosk.wait_for("Staff: type exit", at)
    shown_pin = kiosk.output[kiosk.output.rfind("Staff PIN:") : at]
    assert "2468" not in shown_pin, shown_pin  # not echoed
    kiosk.line("exit")
    assert kiosk.end() == 0, kiosk.output
    assert kiosk.mode() == kiosk.before  # the terminal as it was
    with open_store(desk()[desk().index("--store") + 1]) as store:
        [stored] = store.submissions()
        assert [e["event"] for e in store.audit_events()] == [
            "started",
            "submitted",
            "reset_finished",
            "staff_login",
            "staff_exit",
        ]
    assert stored.payload["responses"]["age"] == 40
    assert "notes" not in stored.payload["responses"] or stored.payload["responses"]["notes"] in (None, "")


def test_a_wrong_pin_stays_on_screen_then_sigterm_restores_the_terminal(desk, at_desk):  # noqa: F811
    kiosk = at_desk(desk())
    at = kiosk.wait_for("Press Enter to start.")
    kiosk.line("staff")
    at = kiosk.wait_for("Staff PIN:", at)
    kiosk.line("1111")
    at = kiosk.wait_for("Wrong PIN.", at)
    kiosk.settle(1.0)
    screen = kiosk.output[kiosk.output.rfind(CLEAR) :]  # what is on screen since the last clear
    assert "Press Enter to start." in screen and "Wrong PIN." in screen.split("Press Enter to start.")[1], screen
    assert "1111" not in kiosk.output
    kiosk.line("")
    kiosk.wait_for("Age?", at)
    kiosk.settle(0.2)
    kiosk.process.send_signal(signal.SIGTERM)  # mid-question: ends at once, cleanly
    assert kiosk.end() == 0, kiosk.output
    assert "Traceback" not in kiosk.output
    assert kiosk.mode() == kiosk.before
