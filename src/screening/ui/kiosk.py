"""The front-desk kiosk: locked down, resets itself, stores every finished submission.

* Nothing a patient types leaves the app: the App's default bindings are not
  inherited, the keys that quit, suspend or open the palette are bound to
  nothing, text selection and the command palette are off.
* Staff reach the staff view (and the way out) through a chord shown nowhere,
  behind a PIN; every three wrong PINs lock it, longer each time (1, 5, 15, 60
  minutes), counted on disk so a restart does not reset them (staff_pin.PinGuard).
* An unattended session is warned about, then wiped; after a submission the
  summary shows for a while, then the welcome comes back for the next person.
* A submission is committed to the store before its summary is shown; when the
  store refuses, the answers stay on screen and the person is sent to staff.
* Nothing of one person reaches the next: no clipboard (cut/copy keep nothing,
  nothing is sent to the terminal's clipboard, pasting gives nothing), and every
  reset puts language, scroll, focus and input state back to the start.
* An unforeseen error is logged (without patient data) and the kiosk starts
  again at the welcome, telling the person to ask the front desk (run_kiosk).
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import math
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.binding import Binding

from screening.ui.app import ScreeningApp
from screening.usage import EXIT_CRASHED

if TYPE_CHECKING:
    from screening.engine.run.questionnaire import Questionnaire
    from screening.engine.run.summary import Summary
    from screening.store import Store
    from screening.ui.screens.staff import PinModal

STAFF_CHORD = "ctrl+t"
LOCKED_KEYS = ("ctrl+c", "ctrl+q", "ctrl+p", "ctrl+z", "ctrl+backslash", "ctrl+d", "ctrl+s", "ctrl+w")
CRASH_WINDOW_SECONDS = 60
MAX_CRASHES_IN_WINDOW = 5  # then give up: the supervisor (systemd) starts it again
SIGNAL_GRACE_SECONDS = 3.0


class KioskApp(ScreeningApp, inherit_bindings=False):
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    MODE = "kiosk"
    BINDINGS = [Binding(key, "nothing", show=False, priority=True) for key in LOCKED_KEYS] + [
        Binding(STAFF_CHORD, "staff", show=False, priority=True),
    ]

    def __init__(
        self,
        path: str,
        store: "Store",
        config: Path,
        kiosk_id: str = "",
        idle_timeout: float = 120,
        reset_after: float = 60,
        language: str | None = None,
        theme_name: str = "default",
        clock: Callable[[], float] = time.monotonic,
        today: _dt.date | None = None,
        questionnaire: "Questionnaire | None" = None,
        printer: str | None = None,
        paper: str = "a4",
        notice: bool = False,
    ):
        """``notice``: the previous run ended in an unforeseen error; say so on the welcome."""
        super().__init__(path, language=language, theme_name=theme_name, today=today, questionnaire=questionnaire)
        self.notice = notice
        self.notice_shown_at: float | None = None
        self.store = store
        self.printer = printer  # the summary screen offers "Print my summary" when set
        self.paper = paper
        self.pdf_path = None  # a kiosk never writes a person's summary to its own disk
        self.config = config
        self.kiosk_id = kiosk_id
        self.idle_timeout = idle_timeout
        self.warn_after = max(1.0, idle_timeout * 0.75)
        self.reset_after = reset_after
        self.clock = clock
        self.last_input = clock()
        from screening.staff_pin import PinGuard

        # wall-clock seconds, as the lockout outlives this process; a test's clock drives both
        self.pin_guard = PinGuard(config, clock=None if clock is time.monotonic else clock)
        self.started_at = ""
        self.summary_shown_at: float | None = None
        self.resets = 0

    # ------------------------------------------------------------ lock-down

    def action_nothing(self) -> None:
        """The keys that would quit, suspend or open a palette do nothing here."""

    # No clipboard at all: what one person cuts or copies must not be pasted by the next,
    # and nothing is sent to the terminal's own clipboard (OSC 52).

    def copy_to_clipboard(self, text: str) -> None:
        self._clipboard = ""

    @property
    def clipboard(self) -> str:
        return ""

    def on_mount(self) -> None:
        super().on_mount()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            try:  # in-progress answers are discarded; what was stored is safe
                loop.add_signal_handler(signum, self._signalled)
            except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - not on the main thread
                pass
        self.set_interval(1, self.tick)
        if self.notice:
            self.call_after_refresh(self.show_notice)

    def _signalled(self) -> None:
        """SIGTERM/SIGHUP: end now, whatever is on screen (the terminal may be gone).

        Every submission is committed before its summary shows, so nothing stored is
        at risk; if the orderly exit hangs (a terminal that no longer answers), the
        process ends anyway after a grace period rather than spinning on.
        """
        self.exit(None)
        import os
        import threading

        watchdog = threading.Timer(SIGNAL_GRACE_SECONDS, os._exit, args=(0,))
        watchdog.daemon = True
        watchdog.start()

    def show_notice(self) -> None:
        from screening.ui.screens.modals import NoticeModal

        self.notice_shown_at = self.clock()
        self.push_screen(NoticeModal(self.language))

    def action_request_quit(self) -> None:
        """No quitting from the patient's side."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste):
            self.last_input = self.clock()
            event.stop()
            return  # nothing pasted from the terminal reaches the kiosk
        if isinstance(event, events.InputEvent):
            self.last_input = self.clock()
            from screening.ui.screens.modals import IdleModal

            if isinstance(self.screen, IdleModal):
                self.screen.dismiss(None)
        await super().on_event(event)

    # ------------------------------------------------------------ the timers

    def tick(self) -> None:
        """Once a second: the idle warning and wipe, and the summary's reset."""
        from screening.ui.screens.modals import IdleModal, NoticeModal
        from screening.ui.screens.summary import SummaryScreen

        now = self.clock()
        if isinstance(self.screen, NoticeModal):
            if self.notice_shown_at is not None and now - self.notice_shown_at >= self.reset_after:
                self.reset("notice_cleared")
            return
        if isinstance(self.screen, SummaryScreen) and self.summary_shown_at is not None:
            left = self.reset_after - (now - self.summary_shown_at)
            if left <= 0:
                self.reset("reset_finished")
            else:
                self.screen.show_countdown(math.ceil(left))
            return
        idle = now - self.last_input
        if self.session is None:
            # the welcome, nobody's answers: nothing to guard, but a box left open on it (the
            # staff PIN) closes when idle, without a warning about answers there are none of
            if len(self.screen_stack) > 1 and idle >= self.idle_timeout:
                self.reset("reset_timeout")
            return
        if idle >= self.idle_timeout:
            self.reset("reset_timeout")
        elif idle >= self.warn_after:
            left = math.ceil(self.idle_timeout - idle)
            if isinstance(self.screen, IdleModal):
                self.screen.count(left)
            else:
                self.push_screen(IdleModal(self.language, left))

    def reset(self, event: str) -> None:
        """Wipe the session and go back to the welcome, as it was at start, for the next person."""
        self.session = None
        self.acknowledged_urgent = set()
        self.summary_shown_at = None
        self.notice_shown_at = None
        self._clipboard = ""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        languages = self.header.languages if self.header else ["en"]
        default = self.requested_language if self.requested_language in languages else languages[0]
        self.run_worker(self._fresh_welcome(default), group="reset", exclusive=True)
        self.resets += 1
        self._audit(event)
        self.last_input = self.clock()

    async def _fresh_welcome(self, language: str) -> None:
        """The welcome in the default language, scrolled to the top, Start focused."""
        welcome = self._welcome()
        if self.language != language or welcome.language != language:
            await self.set_language(language)
        welcome.to_start()

    def _audit(self, event: str, **detail: Any) -> None:
        from screening.store import StoreError

        try:
            self.store.audit(event, kiosk_id=self.kiosk_id, detail=detail or None)
        except StoreError as exc:
            self.log.error(f"audit {event}: {exc}")  # the audit must never stop the kiosk

    # ------------------------------------------------------------ the walk

    def start_session(self) -> None:
        fresh = self.session is None
        super().start_session()
        if fresh:
            self.started_at = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            self._audit("started", questionnaire=self.questionnaire.id if self.questionnaire else "")

    def submit(self) -> None:
        from screening.engine.run.summary import build_summary
        from screening.store import StoreError, Submission
        from screening.ui.screens.modals import SaveFailedModal
        from screening.ui.screens.review import ReviewScreen
        from screening.ui.screens.summary import SummaryScreen

        if self.session is None or not isinstance(self.screen, ReviewScreen):
            return  # submitted once, from the review
        summary = build_summary(self.session)
        try:
            self.store.save(Submission.from_summary(summary, kiosk_id=self.kiosk_id, started_at=self.started_at))
        except StoreError as exc:
            self._audit("save_failed", reason=str(exc))

            def retry(again: bool | None) -> None:
                if again:
                    self.submit()

            self.push_screen(SaveFailedModal(self.session.language, str(exc)), retry)
            return
        # stored and committed: now, and only now, the person is told it is done
        self.session = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.summary_shown_at = self.clock()
        self.push_screen(SummaryScreen(summary, countdown=math.ceil(self.reset_after), mode=self.MODE))

    def finish(self, summary: "Summary") -> None:
        self.reset("reset_finished")

    def print_summary(self, summary: "Summary", screen: Any) -> None:
        """The patient's copy through `lp`, off the UI thread; the submission is already stored."""
        printer, paper = self.printer, self.paper
        if not printer:
            return

        def job() -> None:
            from screening.printing import PrintError, print_pdf
            from screening.render.as_pdf import render_pdf

            try:
                print_pdf(render_pdf(summary, paper), printer)
                ok, reason = True, ""
            except PrintError as exc:
                ok, reason = False, str(exc)
            except Exception as exc:  # noqa: BLE001 - a printing fault must never take the kiosk down
                ok, reason = False, f"{type(exc).__name__}"
            self.call_from_thread(self._printed, screen, ok, reason)

        self.run_worker(job, thread=True, group="print", exit_on_error=False)

    def _printed(self, screen: Any, ok: bool, reason: str) -> None:
        self._audit("printed" if ok else "print_failed", printer=self.printer, **({"reason": reason} if reason else {}))
        if not ok:
            self.log.error(f"printing on {self.printer} failed: {reason}")
        if screen in self.screen_stack:  # the person may have finished (or been wiped) meanwhile
            screen.printing_done(ok)

    # ------------------------------------------------------------ staff

    def action_staff(self) -> None:
        from screening.ui.screens.staff import PinModal, StaffScreen

        if isinstance(self.screen, (PinModal, StaffScreen)):
            return
        locked = self.pin_guard.seconds_left() > 0
        message = self.pin_lock_message() if locked else ""

        def entered(ok: bool | None) -> None:
            if ok:
                self.push_screen(StaffScreen(self.store))

        self.push_screen(PinModal(message, locked), entered)

    def pin_lock_message(self) -> str:
        """What the PIN box says while locked (it asks every second, so the count goes down)."""
        return self.pin_guard.lock_message()

    def pin_locked(self) -> bool:
        """For the PIN box, which opens again by itself when a lockout ends."""
        return self.pin_guard.seconds_left() > 0

    def check_staff_pin(self, modal: "PinModal", pin: str) -> None:
        guard = self.pin_guard
        result = guard.attempt(pin)
        if guard.save_error:
            self.log.error(f"the PIN lockout cannot be kept on disk: {guard.save_error}")
        if result == "ok":
            self._audit("staff_login")
            modal.dismiss(True)
            return
        self._audit("staff_login_failed", locked=result == "locked", failures=guard.failures)
        if result == "locked":
            modal.show_message(self.pin_lock_message(), locked=True)
        else:
            modal.show_message(guard.wrong_message())

    def staff_exit(self) -> None:
        self._audit("staff_exit")
        self.exit(None)


def run_kiosk(path: str, store: "Store", run_options: dict[str, Any] | None = None, **options: Any) -> int:
    """Run the kiosk until staff exit it (or a signal ends it); options as for KioskApp.

    An unforeseen error ends one KioskApp, never the kiosk: it is logged (without
    patient data, see crash.py) and a fresh app starts at the welcome, telling the
    person to ask the front desk. Stored submissions are untouched (each is committed
    before its summary shows). Errors in a burst (five within a minute) end the
    kiosk with a non-zero status for the supervisor to restart it.
    """
    crashes: list[float] = []
    try:
        while True:
            app = KioskApp(path, store, **options)
            app.run(**(run_options or {}))
            if app.crash_log is None:
                return 1 if app.problems else 0
            now = time.monotonic()
            crashes = [moment for moment in crashes if now - moment < CRASH_WINDOW_SECONDS] + [now]
            if len(crashes) >= MAX_CRASHES_IN_WINDOW:
                print(f"screening kiosk: stopped after repeated unexpected errors; see {app.crash_log}", file=sys.stderr)
                return EXIT_CRASHED
            options = {**options, "notice": True}
            if app.questionnaire is not None:
                options["questionnaire"] = app.questionnaire
    finally:
        store.close()
