"""The screening app: paints the welcome at once, loads the file, walks the session."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from screening.engine.header import Header, read_header
from screening.engine.problems import FileError, Problem
from screening.engine.questionnaire import Questionnaire
from screening.engine.session import Session
from screening.engine.summary import Summary, build_summary
from screening.ui.screens.modals import CrisisModal, QuitModal
from screening.ui.screens.problems import ProblemsScreen
from screening.ui.screens.question import QuestionScreen
from screening.ui.screens.review import ReviewScreen
from screening.ui.screens.summary import SummaryScreen
from screening.ui.screens.welcome import WelcomeScreen
from screening.ui.themes import register_themes


class ScreeningApp(App[Summary | None]):
    """Returns the summary when the person finishes, None when they stop early."""

    CSS_PATH = "app.tcss"
    TITLE = "Screening"
    ENABLE_COMMAND_PALETTE = False
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
    ):
        super().__init__()
        self.path = str(path)
        self.requested_language = language
        self.theme_name = theme_name
        self.today = today
        self.header: Header | None = read_header(self.path)
        languages = self.header.languages if self.header else ["en"]
        self.language = language if language in languages else languages[0]
        self.questionnaire: Questionnaire | None = None
        self.problems: list[Problem] = []
        self.session: Session | None = None
        self.acknowledged_urgent: set[str] = set()

    def on_mount(self) -> None:
        register_themes(self)
        if self.theme_name == "high-contrast":
            self.theme = "high-contrast"
        self.push_screen(WelcomeScreen(self.header, self.language))
        # The person reads the welcome while the whole file is loaded and checked.
        self.call_after_refresh(self.load_questionnaire)

    def load_questionnaire(self) -> None:
        from screening.engine.loader import load_questionnaire

        try:
            self.questionnaire = load_questionnaire(self.path)
        except FileError as exc:
            self.problems = exc.problems
            self.switch_screen(ProblemsScreen(exc.problems, self.language))
            return
        if self.header is None:  # the quick read could not tell; now we know
            self.switch_screen(WelcomeScreen(self._header_from(self.questionnaire), self.language))
            self.call_after_refresh(self._mark_welcome_ready)
        else:
            self._mark_welcome_ready()

    def _mark_welcome_ready(self) -> None:
        screen = self.screen
        if isinstance(screen, WelcomeScreen):
            screen.mark_ready()

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

    def set_language(self, language: str) -> None:
        self.language = language
        header = self.header or (self._header_from(self.questionnaire) if self.questionnaire else None)
        self.switch_screen(WelcomeScreen(header, language))
        if self.questionnaire is not None:
            self.call_after_refresh(self._mark_welcome_ready)

    def start_session(self) -> None:
        assert self.questionnaire is not None
        if self.session is None or self.session.language != self.language:
            self.session = Session(self.questionnaire, self.language, self.today)
            self.acknowledged_urgent = set()
        self.push_screen(QuestionScreen(self.session))

    def show_review(self) -> None:
        assert self.session is not None
        self.push_screen(ReviewScreen(self.session))

    def edit_question(self, question_id: str) -> None:
        assert self.session is not None
        self.push_screen(QuestionScreen(self.session, question_id, review_mode=True))

    async def check_crisis(self) -> bool:
        """Show the crisis text the moment a new urgent flag is raised. True when shown."""
        assert self.session is not None and self.questionnaire is not None
        urgent = {raised.id for raised in self.session.evaluation().urgent}
        new = urgent - self.acknowledged_urgent
        self.acknowledged_urgent &= urgent  # a flag that clears and comes back shows again
        if not new or not self.questionnaire.crisis:
            return False
        self.acknowledged_urgent |= new
        screen = self.screen
        text = self.questionnaire.text(self.questionnaire.crisis, self.session.language)

        async def continue_walk(_: None) -> None:
            if isinstance(screen, QuestionScreen):
                await screen.advance()

        self.push_screen(CrisisModal(text, self.session.language), continue_walk)
        return True

    def submit(self) -> None:
        assert self.session is not None
        summary = build_summary(self.session)
        self.push_screen(SummaryScreen(summary))

    def finish(self, summary: Summary) -> None:
        self.exit(summary)

    def action_request_quit(self) -> None:
        if isinstance(self.screen, (QuitModal, CrisisModal)):
            return
        if self.questionnaire is None and self.problems:
            self.exit(None, return_code=1)
            return

        def decided(quit_now: bool | None) -> None:
            if quit_now:
                self.exit(None)

        self.push_screen(QuitModal(self.language), decided)


def default_path() -> Path:
    return Path(__file__).resolve().parents[1] / "questionnaires" / "ketamine-chronic-pain.yaml"
