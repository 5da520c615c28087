"""`screening kiosk --plain`: the front desk in plain lines, one person after another.

The same rules as the full-screen kiosk: a submission is committed to the store
before its summary is printed; an unattended session is warned about, then
wiped (a line typed after the warning only keeps the session going, it is never
taken as an answer); staff type ``staff`` on the welcome line and a PIN to
close the kiosk (every three wrong PINs lock it, for 1, 5, 15, then 60 minutes,
counted on disk as in the full-screen kiosk); between people the
terminal (and its scrollback) is cleared and input typed ahead is dropped.

On a terminal only staff close it: end of input (Ctrl+D) is ignored, flow
control (Ctrl+S/Ctrl+Q) and the signal keys (Ctrl+C, Ctrl+Z, Ctrl+\\) are
turned off for the whole run, control characters never reach an answer, the
PIN is not echoed, and the terminal's settings are put back on every way out
(SIGTERM and SIGHUP end the kiosk at once, as in the full-screen kiosk).
Through a pipe, the end of input still ends it (nothing half-stored).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import math
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from screening.i18n import t
from screening.plain.conversation import Conversation, Stopped
from screening.plain.reading import folded
from screening.plain.terminal import (
    Idle,
    Signalled,
    TimedReader,
    signals_end_the_run,
    terminal_set,
    without_echo,
    without_keys,
)
from screening.terminal_text import for_terminal

CLEAR = "\x1b[H\x1b[2J\x1b[3J"  # home, clear the screen and the scrollback: nothing for the next person


class Wiped(Exception):
    """The session was left unattended and is gone."""


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
        self.notice = ""  # a staff message shown under the next welcome

    def _tell_staff(self, text: str) -> None:
        """Said now; on a screen that the welcome clears, said again under the welcome."""
        self.say(text)
        if self.writer.isatty():
            self.notice = text

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
        """Serve people until staff close the kiosk; 0 then, 3 when input ends mid-session.

        SIGTERM or SIGHUP end it at once with 0 (what was stored is safe; an answer in progress is
        dropped); the terminal's settings are restored on every way out."""
        try:
            with signals_end_the_run(), self._kiosk_terminal():
                return self._serve()
        except Signalled:
            return 0

    @contextlib.contextmanager
    def _kiosk_terminal(self) -> Iterator[None]:
        """On a terminal: no flow control (Ctrl+S would freeze the screen), no signal keys (Ctrl+C,
        Ctrl+Z, Ctrl+\\ arrive as characters and are dropped); line input and echo stay."""
        with terminal_set(self.reader.fd, without_keys):
            yield

    def _serve(self) -> int:
        in_session = False
        try:
            while True:
                in_session = False
                self._clear()
                self.say(self.questionnaire.text(self.questionnaire.title, self.language))
                self.say(t("plain.kiosk_start", self.language))
                if self.notice:  # under the welcome, so staff can read it after the screen is cleared
                    self.say()
                    self.say(self.notice)
                    self.notice = ""
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
            self._tell_staff(guard.lock_message())
            return False
        with terminal_set(self.reader.fd, without_echo) as hidden:  # off before the prompt: no digit is echoed
            self.say("Staff PIN:")
            try:
                pin = self.read(self.idle_timeout)
            except Idle:
                return False
            finally:
                if hidden:
                    self.say()  # the Enter was not echoed either
        result = guard.attempt(pin.strip())
        if guard.save_error:
            sys.stderr.write(f"screening: the PIN lockout cannot be kept on disk: {guard.save_error}\n")
        if result != "ok":
            self.audit("staff_login_failed", locked=result == "locked", failures=guard.failures)
            self._tell_staff(
                "Wrong PIN." if result == "wrong" else f"Wrong PIN. {guard.lock_message()}"
            )
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
