"""`screening kiosk --plain`: the front desk in plain lines, one person after another.

The same rules as the full-screen kiosk: a submission is committed to the store
before its summary is printed; an unattended session is warned about, then
wiped (a line typed after the warning only keeps the session going, it is never
taken as an answer); staff type ``staff`` on the welcome line and a PIN to
close the kiosk (every three wrong PINs lock it, for 1, 5, 15, then 60 minutes,
counted on disk as in the full-screen kiosk); between people the
terminal (and its scrollback) is cleared and input typed ahead is dropped.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import select
import sys
import time
from pathlib import Path
from typing import IO, Any

from screening.i18n import t
from screening.plain.conversation import Conversation, Stopped
from screening.plain.reading import folded
from screening.terminal_text import for_terminal

CLEAR = "\x1b[H\x1b[2J\x1b[3J"  # home, clear the screen and the scrollback: nothing for the next person


class Idle(Exception):
    """No line came in time."""


class Wiped(Exception):
    """The session was left unattended and is gone."""


class TimedReader:
    """``readline`` on a file descriptor that raises :class:`Idle` after ``timeout`` seconds without a line."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buffer = b""
        self.eof = False
        self.timeout: float | None = None

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
            chunk = os.read(self.fd, 4096)
            if chunk:
                self.buffer += chunk
            else:
                self.eof = True

    def drain(self) -> None:
        """Drop what was typed ahead (by the person before)."""
        self.buffer = b""
        while not self.eof and select.select([self.fd], [], [], 0)[0]:
            if not os.read(self.fd, 4096):
                self.eof = True


class _Watched:
    """The reader a session's conversation gets: an idle warning, then a wipe."""

    def __init__(self, reader: TimedReader, say: Any, language: str, idle_timeout: float):
        self.reader = reader
        self.say = say
        self.language = language
        self.idle_timeout = idle_timeout
        self.warn_after = max(1.0, idle_timeout * 0.75)

    def readline(self, limit: int = -1) -> bytes:
        while True:
            self.reader.timeout = self.warn_after
            try:
                return self.reader.readline(limit)
            except Idle:
                pass
            remaining = max(1.0, self.idle_timeout - self.warn_after)
            self.say()
            self.say(t("kiosk.idle_title", self.language))
            self.say(t("plain.idle_text", self.language, seconds=math.ceil(remaining)))
            self.reader.timeout = remaining
            try:
                self.reader.readline(limit)  # keeps the session; never an answer
            except Idle:
                raise Wiped from None
            self.say(t("plain.still_here", self.language))


class PlainKiosk:
    def __init__(
        self,
        questionnaire: Any,
        store: Any,
        config: Path,
        kiosk_id: str = "",
        idle_timeout: float = 120,
        reset_after: float = 60,
        language: str | None = None,
        printer: str | None = None,
        paper: str = "a4",
        fd: int | None = None,
        writer: IO[str] | None = None,
    ):
        self.questionnaire = questionnaire
        self.store = store
        self.config = config
        self.kiosk_id = kiosk_id
        self.idle_timeout = idle_timeout
        self.reset_after = reset_after
        self.language = language or questionnaire.default_language
        self.printer = printer
        self.paper = paper
        self.reader = TimedReader(sys.stdin.fileno() if fd is None else fd)
        self.writer = writer if writer is not None else sys.stdout
        from screening.staff_pin import PinGuard

        self.pin_guard = PinGuard(self.config)

    def say(self, text: str = "") -> None:
        for line in text.splitlines() or [""]:
            self.writer.write(for_terminal(line, single_line=True) + "\n")
        self.writer.flush()

    def read(self, timeout: float | None = None) -> str:
        self.reader.timeout = timeout
        raw = self.reader.readline(16 * 1024)
        if not raw:
            raise Stopped
        return raw.decode("utf-8", errors="replace").rstrip("\r\n")

    def audit(self, event: str, **detail: Any) -> None:
        from screening.store import StoreError

        try:
            self.store.audit(event, kiosk_id=self.kiosk_id, detail=detail or None)
        except StoreError as exc:  # the audit must never stop the kiosk
            print(f"screening kiosk: audit {event}: {exc}", file=sys.stderr)

    def run(self) -> int:
        """Serve people until staff close the kiosk; 0 then, 3 when input ends mid-session."""
        in_session = False
        try:
            while True:
                in_session = False
                self._clear()
                self.say(self.questionnaire.text(self.questionnaire.title, self.language))
                self.say(t("plain.kiosk_start", self.language))
                line = self.read()
                if folded(line) == "staff":
                    if self._staff():
                        return 0
                    continue
                in_session = True
                self._session()
        except Stopped:
            self.audit("input_closed")
            return 3 if in_session else 0

    def _clear(self) -> None:
        if os.isatty(self.reader.fd):  # keys typed ahead at the desk; a pipe's lines are all meant
            self.reader.drain()
        if self.writer.isatty():
            self.writer.write(CLEAR)
        else:
            self.say()
        self.writer.flush()

    def _session(self) -> None:
        from screening.store import StoreError, Submission

        started_at = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.audit("started", questionnaire=self.questionnaire.id)
        watched = _Watched(self.reader, self.say, self.language, self.idle_timeout)
        conversation = Conversation(self.questionnaire, watched, self.writer, self.language, mode="kiosk")  # type: ignore[arg-type]
        try:
            summary = conversation.run()
        except Wiped:
            self.audit("reset_idle")
            return
        while True:  # stored and committed before the person is told it is done
            try:
                self.store.save(Submission.from_summary(summary, kiosk_id=self.kiosk_id, started_at=started_at))
                break
            except StoreError as exc:
                self.audit("save_failed", reason=str(exc))
                self.say(t("kiosk.save_failed_title", self.language))
                self.say(t("kiosk.save_failed_text", self.language))
                self.say(t("plain.try_again", self.language))
                self.read()
        from screening.render import render

        self.say(t("plain.summary_follows", self.language))
        self.say()
        self.writer.write(for_terminal(render(summary, "text")))
        self.say()
        self._after(summary)
        self.audit("reset_finished")

    def _after(self, summary: Any) -> None:
        """The summary stays until Enter or ``reset_after`` seconds; 'print' prints the copy."""
        if self.printer:
            self.say(t("plain.kiosk_print", self.language))
        self.say(t("plain.kiosk_done", self.language))
        deadline = time.monotonic() + self.reset_after
        while True:
            try:
                line = self.read(max(0.0, deadline - time.monotonic()))
            except Idle:
                return
            word = folded(line)
            if self.printer and word in ("print", folded(t("plain.cmd_print", self.language))):
                self._print(summary)
                continue
            return

    def _print(self, summary: Any) -> None:
        from screening.printing import PrintError, print_pdf
        from screening.render.as_pdf import render_pdf

        self.say(t("ui.printing", self.language))
        try:
            print_pdf(render_pdf(summary, self.paper), self.printer or "")
        except PrintError as exc:
            self.audit("print_failed", printer=self.printer, reason=str(exc))
            self.say(t("ui.print_failed", self.language))
            return
        self.audit("printed", printer=self.printer)
        self.say(t("ui.printed", self.language))

    def _staff(self) -> bool:
        """The PIN, then the way out. True when staff close the kiosk.

        Wrong PINs are counted on disk by the same PinGuard as the full-screen
        kiosk, so a restart does not reset them and the lockout grows."""
        guard = self.pin_guard
        if guard.seconds_left() > 0:
            self.audit("staff_login_failed", locked=True, failures=guard.failures)
            self.say(f"Locked after too many wrong PINs. Try again in {math.ceil(guard.seconds_left())} s.")
            return False
        self.say("Staff PIN:")
        try:
            pin = self.read(self.idle_timeout)
        except Idle:
            return False
        result = guard.attempt(pin.strip())
        if guard.save_error:
            sys.stderr.write(f"screening: the PIN lockout cannot be kept on disk: {guard.save_error}\n")
        if result != "ok":
            self.audit("staff_login_failed", locked=result == "locked", failures=guard.failures)
            self.say("Wrong PIN." if result == "wrong" else
                     f"Wrong PIN. Locked after too many wrong PINs. Try again in {math.ceil(guard.seconds_left())} s.")
            return False
        self.audit("staff_login")
        self.say("Staff: type exit to close the kiosk, or press Enter to go back to the welcome.")
        try:
            choice = self.read(self.idle_timeout)
        except Idle:
            return False
        if folded(choice) == "exit":
            self.audit("staff_exit")
            return True
        return False


def run_plain_kiosk(path: str, store: Any, questionnaire: Any = None, **options: Any) -> int:
    from screening.engine.loader import load_questionnaire

    try:
        return PlainKiosk(questionnaire or load_questionnaire(path), store, **options).run()
    finally:
        store.close()
