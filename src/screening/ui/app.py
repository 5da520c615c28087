"""The screening app: paints the welcome at once, loads the file, walks the session."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import Screen

from screening.engine.format.header import Header, read_header
from screening.i18n import crisis_text
from screening.ui.input_gate import SETTLE_SECONDS, InputGate, now
from screening.ui.screens.welcome import WelcomeScreen

if TYPE_CHECKING:
    from screening.engine.problems import Problem
    from screening.engine.run.questionnaire import Questionnaire
    from screening.engine.run.session import Session
    from screening.engine.run.summary import Summary

# Everything beyond the welcome screen is imported after the first paint
# (see load_questionnaire): start-up time is what a person waits through.

# The inputs that act: each must belong to the view the person saw (see input_gate).
GATED = (events.Key, events.MouseDown, events.MouseUp, events.Click, events.Paste)


def _end_startup_gc(app: ScreeningApp) -> None:
    """After the load: what start-up built (Textual, the engine, the file, all kept for the
    app's life) leaves the garbage collector's sight, once per process; otherwise the first
    full collection walks all of it (~18 ms) just as the first question is drawn. When the
    launcher paused collection for start-up (``gc_paused``), it resumes half a second later."""
    import gc

    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True
    if app.gc_paused:
        app.gc_paused = False
        app.set_timer(0.5, gc.enable)


_frozen = False


class ScreeningApp(App["Summary | None"]):
    """Returns the summary when the person finishes, None when they stop early."""

    CSS_PATH = "app.tcss"
    TITLE = "Screening"
    ENABLE_COMMAND_PALETTE = False
    MODE = "home"  # who reads the crisis text: someone alone ("home") or at the desk ("kiosk")
    SETTLE = SETTLE_SECONDS
    BINDINGS = [
        Binding("ctrl+q", "request_quit", "Quit", priority=True, show=False),
        Binding("ctrl+c", "request_quit", "Quit", priority=True, show=False),
    ]

    def __init__(
        self,
        path: str,
        language: str | None = None,
        theme_name: str = "default",
        today: _dt.date | None = None,
        header: Header | None = None,
        questionnaire: "Questionnaire | None" = None,
    ):
        """``header`` and ``questionnaire``, when the caller has already read them, are not read again."""
        super().__init__()
        self.path = str(path)
        self.requested_language = language
        self.theme_name = theme_name
        self.today = today
        self.header: Header | None = header if header is not None else read_header(self.path)
        languages = self.header.languages if self.header else ["en"]
        self.language = language if language in languages else languages[0]
        self.questionnaire: Questionnaire | None = questionnaire
        self.problems: list[Problem] = []
        self.session: Session | None = None
        self.acknowledged_urgent: set[str] = set()
        self.input_gate = InputGate(self.SETTLE)
        self.welcome_drawn_at: float | None = None  # when the first welcome went to the terminal
        self._load_started = False
        self.gc_paused = False  # set by the launcher when it paused garbage collection for start-up
        self.crash_log: object = None  # set when an unforeseen error ended the app (see crash.py)

    def get_driver_class(self):  # type: ignore[no-untyped-def]
        """Textual's driver, sized from stderr (where it draws) so a redirected stdout does not shrink it."""
        import sys

        from textual import constants

        driver = super().get_driver_class()
        if constants.DRIVER is None and sys.platform != "win32" and driver.__name__ == "LinuxDriver":
            from screening.ui.driver import StderrSizedDriver

            return StderrSizedDriver
        return driver

    # ------------------------------------------------------------ input belongs to the view seen

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, GATED) and not event.is_forwarded:
            if self.welcome_drawn_at is None or event.time < self.welcome_drawn_at:
                event.stop()
                return  # typed before anything was on screen (see _display)
            if not self.input_gate.accept(event.time):
                event.stop()
                return  # pressed while the view was changing, or part of a held key / burst
            if isinstance(event, events.Key):
                self.input_gate.let_through(event)
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key's (non-priority) bindings run here, after it went through the focused widget:
        if the view began to change meanwhile, the key was meant for the old one."""
        if not self.input_gate.still_current(event):
            event.prevent_default()  # App._on_key (the bindings) does not run
            event.stop()

    def view_changing(self) -> int:
        """A change of view begins: input waits until the new one is drawn (see :meth:`view_drawn`)."""
        return self.input_gate.close()

    def view_drawn(self, token: int) -> None:
        """Open the input gate once what change ``token`` shows is on the terminal."""
        self.call_after_refresh(self.input_gate.open, token)

    def _screen_changed(self, screen: Screen) -> None:
        token = self.view_changing()
        # the new screen's queue runs its mount first; then, after the next paint, input opens
        screen.call_after_refresh(self.input_gate.open, token)

    def pop_screen(self) -> AwaitComplete:
        """Pop the top screen; never the last one (a repeated Back or Escape must not crash)."""
        if len(self.screen_stack) <= 1:
            return AwaitComplete.nothing()
        return super().pop_screen()

    # ------------------------------------------------------------ unforeseen failures

    def _handle_exception(self, error: Exception) -> None:
        """Log the failure (without patient data) and end with a non-zero code; never print locals."""
        from screening.crash import write_crash_log

        if self.crash_log is None:
            self.crash_log = write_crash_log(error, type(self).__name__) or "(the log could not be written)"
        self._return_code = 1
        if self._exception is None:  # run_test re-raises it, so a test sees the failure
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    def get_default_screen(self) -> WelcomeScreen:
        # The welcome is the first screen itself: pushing it on mount costs a screen switch.
        return WelcomeScreen(self.header, self.language)

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)
        if self.theme_name == "high-contrast":
            from screening.ui.themes import register_themes

            register_themes(self)
            self.theme = "high-contrast"
        # The person reads the welcome while the whole file is loaded and checked: the load
        # starts as soon as the welcome is drawn (see _display); this is only a fallback.
        self.call_after_refresh(self._load_after_refresh)

    async def _load_after_refresh(self) -> None:
        if self.welcome_drawn_at is None:
            self.welcome_drawn_at = now()  # refreshed: drawn by now, if not seen by _display
        await self.load_questionnaire()

    def _display(self, screen: Screen, renderable: object) -> None:
        """Draw on the terminal; the first time the welcome is drawn, start the load."""
        super()._display(screen, renderable)  # type: ignore[arg-type]
        first = self.welcome_drawn_at is None and renderable is not None and not self._batch_count
        if first and isinstance(screen, WelcomeScreen):
            self.welcome_drawn_at = now()
            # Not after the next refresh: Textual lays the new screen out a second time
            # (same picture) a frame later, and the load would wait for it.
            self.call_later(self.load_questionnaire)

    async def load_questionnaire(self) -> None:
        """Load and check the whole file while the person reads the welcome; then Start acts.

        An Enter pressed meanwhile is handled once this returns. It starts the
        session only when the welcome the person saw was the real one: when the
        quick read guessed wrong, the welcome is drawn anew and every key stamped
        before that is dropped (the input gate); an invalid file replaces the
        welcome with its problems.
        """
        if self._load_started:
            return
        self._load_started = True
        from screening.engine.loader import load_questionnaire
        from screening.engine.problems import FileError

        try:
            if self.questionnaire is None:
                self.questionnaire = load_questionnaire(self.path)
        except FileError as exc:
            from screening.ui.screens.problems import ProblemsScreen

            self.problems = exc.problems
            self.push_screen(ProblemsScreen(exc.problems, self.language))
            return
        finally:
            _end_startup_gc(self)
        loaded = self._header_from(self.questionnaire)
        welcome = self._welcome()
        if self.header is None or not self._same_welcome(self.header, loaded):
            # the quick read could not tell, or guessed wrong: repaint from the real thing
            token = self.view_changing()  # a key pressed on the guessed welcome is not for this one
            try:
                self.header = loaded
                if self.language not in loaded.languages:
                    wanted = self.requested_language
                    self.language = wanted if wanted in loaded.languages else loaded.languages[0]
                await welcome.repaint(loaded, self.language)
            finally:
                self.view_drawn(token)
        # What Start needs, while the person reads (~7 ms less between Enter and the first question).
        import screening.engine.run.session  # noqa: F401
        import screening.ui.screens.question  # noqa: F401

        welcome.ready = True
        # The controls once the welcome is idle: an Enter pressed during the load starts
        # first, and then the controls wait until the welcome is shown again (mark_ready).
        welcome.call_after_refresh(welcome.mark_ready)

    def _welcome(self) -> WelcomeScreen:
        welcome = self.screen_stack[0]
        assert isinstance(welcome, WelcomeScreen)
        return welcome

    @staticmethod
    def _same_welcome(quick: Header, loaded: Header) -> bool:
        return all(
            quick.text(getattr(quick, field), language) == loaded.text(getattr(loaded, field), language)
            for field in ("title", "intro", "disclaimer")
            for language in loaded.languages
        ) and quick.languages == loaded.languages

    @staticmethod
    def _header_from(questionnaire: Questionnaire) -> Header:
        return Header(
            questionnaire.title,
            questionnaire.intro,
            questionnaire.disclaimer,
            list(questionnaire.languages),
            questionnaire.id,
            questionnaire.version,
        )

    # ------------------------------------------------------------ the walk

    async def set_language(self, language: str) -> None:
        token = self.view_changing()
        self.language = language
        welcome = self._welcome()
        await welcome.repaint(self.header, language)
        if self.questionnaire is not None:
            await welcome.mark_ready()
        self.view_drawn(token)

    def start_session(self) -> None:
        from screening.engine.run.session import Session
        from screening.ui.screens.question import QuestionScreen

        assert self.questionnaire is not None
        if len(self.screen_stack) > 1:
            return  # already walking (a second Start in a burst)
        if self.session is None or self.session.language != self.language:
            self.session = Session(self.questionnaire, self.language, self.today)
            self.acknowledged_urgent = set()
        self.push_screen(QuestionScreen(self.session))

    def show_review(self) -> None:
        from screening.ui.screens.review import ReviewScreen

        if self.session is None or any(isinstance(screen, ReviewScreen) for screen in self.screen_stack):
            return  # one review at a time
        self.push_screen(ReviewScreen(self.session))

    def edit_question(self, question_id: str) -> None:
        from screening.ui.screens.question import QuestionScreen
        from screening.ui.screens.review import ReviewScreen

        if self.session is None or not isinstance(self.screen, ReviewScreen):
            return  # only from the review, once (a held Enter on "change answer")
        self.push_screen(QuestionScreen(self.session, question_id, review_mode=True))

    async def check_crisis(self) -> bool:
        """Show the crisis text the moment a new urgent flag is raised. True when shown."""
        from screening.ui.screens.modals import CrisisModal
        from screening.ui.screens.question import QuestionScreen

        assert self.session is not None and self.questionnaire is not None
        urgent = {raised.id for raised in self.session.evaluation().urgent}
        new = urgent - self.acknowledged_urgent
        self.acknowledged_urgent &= urgent  # a flag that clears and comes back shows again
        if not new or not self.questionnaire.crisis:
            return False
        self.acknowledged_urgent |= new
        screen = self.screen
        text = self.questionnaire.text(self.questionnaire.crisis, self.session.language)
        text = crisis_text(text, self.MODE, self.session.language)

        async def continue_walk(_: None) -> None:
            if isinstance(screen, QuestionScreen):
                await screen.advance()

        self.push_screen(CrisisModal(text, self.session.language), continue_walk)
        return True

    def submit(self) -> None:
        from screening.engine.run.summary import build_summary
        from screening.ui.screens.review import ReviewScreen
        from screening.ui.screens.summary import SummaryScreen

        if self.session is None or not isinstance(self.screen, ReviewScreen):
            return  # submitted once, from the review
        summary = build_summary(self.session)
        self.push_screen(SummaryScreen(summary, mode=self.MODE))

    def finish(self, summary: Summary) -> None:
        self.exit(summary)

    def action_request_quit(self) -> None:
        from screening.ui.screens.modals import CrisisModal, QuitModal

        if any(isinstance(screen, (QuitModal, CrisisModal)) for screen in self.screen_stack):
            return
        if self.questionnaire is None and self.problems:
            self.exit(None, return_code=1)
            return

        def decided(quit_now: bool | None) -> None:
            if quit_now:
                self.exit(None)

        self.push_screen(QuitModal(self.language), decided)

