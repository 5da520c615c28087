"""The walk as a conversation of whole lines: ask, read one line, check, go on.

Only answers the person typed are recorded: an empty line never answers a
question (it keeps an answer they gave before, skips an optional question, and
on a required one asks again, saying why). End of input at any point raises
:class:`Stopped`, and nothing is submitted.
"""

from __future__ import annotations

import datetime as _dt
from typing import IO, Any

from screening.engine.run.answers import AnswerError, display_answer, number_text
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.engine.run.session import Session
from screening.engine.run.summary import Summary, build_summary
from screening.i18n import crisis_text, t
from screening.plain.reading import folded, option_label, read_answer
from screening.terminal_text import for_terminal

MAX_LINE_BYTES = 16 * 1024


class Stopped(Exception):
    """The input ended before the person submitted."""


class Conversation:
    """One person's walk through ``questionnaire`` over a line-based input and output."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        reader: IO[bytes],
        writer: IO[str],
        language: str | None = None,
        today: _dt.date | None = None,
        mode: str = "home",  # or "kiosk": what the crisis text adds about where help is
    ):
        self.questionnaire = questionnaire
        self.mode = mode
        self.session = Session(questionnaire, language, today)
        self.language = self.session.language
        self.reader = reader
        self.writer = writer
        self.acknowledged_urgent: set[str] = set()

    # ------------------------------------------------------------ lines

    def say(self, text: str = "") -> None:
        """Whole lines, cleaned for the terminal, flushed at once (a screen reader hears them now)."""
        for line in (text.splitlines() or [""]):
            self.writer.write(for_terminal(line, single_line=True) + "\n")
        self.writer.flush()

    def read(self) -> str:
        """One line as typed (without its line break); Stopped at end of input."""
        while True:
            raw = self.reader.readline(MAX_LINE_BYTES)
            if not raw:
                raise Stopped
            if raw.endswith(b"\n") or len(raw) < MAX_LINE_BYTES:
                # undecodable bytes become U+FFFD rather than a crash
                return raw.decode("utf-8", errors="replace").rstrip("\r\n")
            while raw and not raw.endswith(b"\n"):  # the rest of an over-long line
                raw = self.reader.readline(MAX_LINE_BYTES)
            self.say(t("plain.too_long", self.language))

    def _text(self, value: Any) -> str:
        return self.questionnaire.text(value, self.language)

    def _command(self, line: str) -> str | None:
        word = folded(line)
        for command in ("back", "help", "review"):
            if word in (command, folded(t(f"plain.cmd_{command}", self.language))):
                return command
        return "help" if word == "?" else None

    # ------------------------------------------------------------ the walk

    def run(self) -> Summary:
        """Ask until the person submits; returns their summary."""
        questionnaire = self.questionnaire
        self.say(self._text(questionnaire.title))
        if questionnaire.intro:
            self.say(self._text(questionnaire.intro))
        self.say(self._text(questionnaire.disclaimer))
        self.say(t("plain.intro", self.language))
        current = self.session.next_question()
        changing = False  # came from the final list to change one answer
        while True:
            if current is None:
                missing = self.session.missing_required()
                if missing:
                    self.say()
                    self.say(t("ui.missing", self.language, count=len(missing)))
                    current = missing[0]
                    continue
                step, chosen = self._final_review()
                if step == "submit":
                    return build_summary(self.session)
                if step == "back":
                    visible = self.session.visible_questions
                    current = visible[-1] if visible else None
                    changing = False
                else:
                    current, changing = chosen, True
                continue
            if self._ask(current) == "back":
                before = self.session.previous_question(current.id)
                if before is None:
                    self.say(t("plain.first", self.language))
                else:
                    current, changing = before, False  # from there on, the walk goes forward again
                continue
            self._check_crisis()
            if changing:
                current, changing = None, False
            else:
                current = self.session.next_question(current.id)

    # ------------------------------------------------------------ one question

    def _position(self, question: Question) -> str:
        section = self._text(question.section.title)
        if not question.answerable:
            return section
        visible = [q for q in self.session.visible_questions if q.answerable]
        number = next((i for i, q in enumerate(visible, start=1) if q.id == question.id), len(visible))
        return f"{section}. {t('ui.progress', self.language, number=number, total=len(visible))}"

    def _hints(self, question: Question) -> list[str]:
        language = self.language
        kind = question.type
        if kind == "note":
            return [t("ui.note_hint", language)]
        lines: list[str] = []
        if kind in ("single_choice", "yes_no", "multi_choice"):
            for number, option in enumerate(question.options, start=1):
                lines.append(f"  {number}. {option_label(self.questionnaire, question, option.id, language)}")
            lines.append(t("plain.choose_many" if kind == "multi_choice" else "plain.choose_one", language))
        elif kind in ("integer", "scale", "number"):
            hint = t("plain.number" if kind == "number" else "plain.whole_number", language)
            low, high = question.minimum, question.maximum
            if kind == "scale":
                low, high = low if low is not None else 0, high if high is not None else 10
            if low is not None and high is not None:
                hint += " " + t("plain.range", language, min=number_text(low), max=number_text(high))
            lines.append(hint)
            labels = [(low, question.settings.get("min_label")), (high, question.settings.get("max_label"))]
            for value, label in labels:
                if label and value is not None:
                    lines.append(f"  {number_text(value)} = {self._text(label)}")
        elif kind == "duration":
            lines.append(t("plain.duration", language))
        elif kind == "date":
            lines.append(t("ui.date_hint", language))
        elif kind == "text":
            lines.append(t("ui.text_hint", language, max=question.settings.get("max_length", 500)))
        if not question.required:
            lines.append(t("plain.optional", language))
        return lines

    def _ask(self, question: Question) -> str:
        """Ask ``question`` until it is answered (or passed); returns "next" or "back"."""
        language = self.language
        self.say()
        self.say(self._position(question))
        text = self._text(question.text)
        if question.answerable and not question.required:
            text += " " + t("ui.optional", language)
        self.say(text)
        for line in self._hints(question):
            self.say(line)
        held = self.session.answer(question.id)
        if held is not None:
            self.say(t("plain.keep", language, answer=self._shown(question, held)))
        while True:
            line = self.read()
            command = self._command(line)
            if command == "back":
                return "back"
            if command == "help":
                help_text = self._text(question.help)
                self.say(help_text or t("plain.no_help", language))
                for hint in self._hints(question):
                    self.say(hint)
                continue
            if command == "review":
                self._list_answers()
                self.say(t("plain.again", language, question=text))
                continue
            if not question.answerable:
                return "next"
            if not line.strip():
                if held is not None or not question.required:
                    return "next"
                self.say(t("plain.required", language))
                continue
            try:
                raw = read_answer(self.questionnaire, question, line, language)
                self.session.set_answer(question.id, raw)
            except AnswerError as exc:
                self.say(exc.message(language))
                continue
            self.say(t("plain.answered", language, answer=self._shown(question, self.session.answer(question.id))))
            return "next"

    def _shown(self, question: Question, answer: Any) -> str:
        return display_answer(self.questionnaire, question, answer, self.language)

    def _check_crisis(self) -> None:
        """The crisis text the moment a new urgent flag is raised; waits for Enter."""
        urgent = {raised.id for raised in self.session.evaluation().urgent}
        new = urgent - self.acknowledged_urgent
        self.acknowledged_urgent &= urgent  # a flag that clears and comes back shows again
        if not new or not self.questionnaire.crisis:
            return
        self.acknowledged_urgent |= new
        self.say()
        self.say("! " + t("ui.crisis_title", self.language))
        self.say(crisis_text(self._text(self.questionnaire.crisis), self.mode, self.language))
        self.say(t("plain.crisis_enter", self.language))
        self.read()

    # ------------------------------------------------------------ the end

    def _answered(self) -> list[Question]:
        answers = self.session.answers
        return [q for q in self.session.visible_questions if q.id in answers]

    def _list_answers(self) -> list[Question]:
        questions = self._answered()
        self.say()
        self.say(t("ui.review_title", self.language))
        if not questions:
            self.say(t("plain.no_answers", self.language))
        for number, question in enumerate(questions, start=1):
            section = self._text(question.section.title)
            self.say(f"  {number}. {section}: {self._text(question.text)}")
            self.say(f"     {self._shown(question, self.session.answer(question.id))}")
        return questions

    def _final_review(self) -> tuple[str, Question | None]:
        questions = self._list_answers()
        self.say(t("plain.submit", self.language))
        yes_words = {"yes", folded(t("yes", self.language))}
        while True:
            line = self.read()
            word = folded(line)
            if word in yes_words:
                return "submit", None
            command = self._command(line)
            if command == "back":
                return "back", None
            if command == "review":
                self._list_answers()
            elif word.isdigit() and len(word) <= 4 and 1 <= int(word) <= len(questions):
                return "change", questions[int(word) - 1]
            self.say(t("plain.not_submitted", self.language))
