"""The plain kiosk's terminal: lines read with a time limit, and the terminal's settings.

On a terminal, Ctrl+D (end of input) is ignored and control characters never
reach a line; flow control and the signal keys are switched off for the run and
the PIN is read without echo, each put back on every way out, SIGTERM and SIGHUP
included. Through a pipe none of this applies: the end of input ends the input.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import termios
import threading
import time
from collections.abc import Iterator
from typing import Any

# C0 controls but newline and tab, and DEL: Ctrl+C, Ctrl+Z, Ctrl+\, Ctrl+S ... typed into a
# line (they arrive as characters once ISIG and IXON are off) are dropped, never answers.
_CONTROLS = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
# A terminal that hung up reads as end of input again and again at once; Ctrl+D does not.
_HANGUP_READS = 200


class Idle(Exception):
    """No line came in time."""


class Signalled(BaseException):
    """SIGTERM or SIGHUP: end the kiosk now (a BaseException, so nothing on the way catches it)."""


class TimedReader:
    """``readline`` on a file descriptor that raises :class:`Idle` after ``timeout`` seconds without a line."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buffer = b""
        self.eof = False
        self.timeout: float | None = None
        self.terminal = os.isatty(fd)
        self._empty_reads: list[float] = []

    def _read_chunk(self) -> None:
        """One read: control characters dropped; end of input on a terminal is Ctrl+D, ignored."""
        chunk = os.read(self.fd, 4096)
        if chunk:
            self._empty_reads.clear()
            self.buffer += _CONTROLS.sub(b"", chunk)
        elif not self.terminal or self._hung_up():
            self.eof = True

    def _hung_up(self) -> bool:
        """A terminal that is gone (not a patient's Ctrl+D): its settings cannot be read, or it
        reads as empty many times within a second."""
        try:
            termios.tcgetattr(self.fd)
        except (termios.error, OSError):
            return True
        now = time.monotonic()
        self._empty_reads = [at for at in self._empty_reads if now - at < 1.0] + [now]
        return len(self._empty_reads) >= _HANGUP_READS

    def readline(self, limit: int = -1) -> bytes:
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        while True:
            newline = self.buffer.find(b"\n")
            if newline >= 0 or (limit > 0 and len(self.buffer) >= limit) or self.eof:
                end = newline + 1 if newline >= 0 else len(self.buffer)
                if limit > 0:
                    end = min(end, limit)
                line, self.buffer = self.buffer[:end], self.buffer[end:]
                return line
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                raise Idle
            self._read_chunk()

    def drain(self) -> None:
        """Drop what was typed ahead (by the person before)."""
        self.buffer = b""
        while not self.eof and select.select([self.fd], [], [], 0)[0]:
            self._read_chunk()
            self.buffer = b""


@contextlib.contextmanager
def signals_end_the_run() -> Iterator[None]:
    """SIGTERM/SIGHUP raise :class:`Signalled` (once) so that every ``finally`` runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = False

    def handler(signum: int, frame: Any) -> None:
        nonlocal fired
        if not fired:
            fired = True
            raise Signalled

    previous = {signum: signal.signal(signum, handler) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def without_keys(mode: list[Any]) -> None:
    mode[0] &= ~termios.IXON
    mode[3] &= ~termios.ISIG
    mode[3] |= termios.ICANON | termios.ECHO

def without_echo(mode: list[Any]) -> None:
    mode[3] &= ~(termios.ECHO | termios.ECHONL)


@contextlib.contextmanager
def terminal_set(fd: int, change: Any) -> Iterator[bool]:
    """The terminal ``fd``'s settings changed by ``change`` while inside, put back on the way out
    (also on an exception or a signal); yields False (and changes nothing) when not a terminal."""
    try:
        before = termios.tcgetattr(fd) if os.isatty(fd) else None
    except termios.error:
        before = None
    if before is None:
        yield False
        return
    mode = termios.tcgetattr(fd)
    change(mode)
    try:
        termios.tcsetattr(fd, termios.TCSANOW, mode)
        yield True
    finally:
        blocked = {signal.SIGTERM, signal.SIGHUP}
        old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)  # a signal now waits until it is back
        try:
            termios.tcsetattr(fd, termios.TCSANOW, before)  # TCSANOW: never wait on a terminal gone away
        except (termios.error, OSError):
            pass
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
