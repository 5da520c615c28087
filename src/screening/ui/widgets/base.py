"""What every answer widget offers the question screen."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class AnswerWidget:
    """Mixin: ``raw_answer()`` gives what the person entered, in the form
    :func:`screening.engine.run.answers.parse_answer` checks (None when nothing
    was given). A widget never invents an answer: None until the person acts."""

    class Changed(Message):
        """The person changed the answer (an old error message no longer applies)."""

    def raw_answer(self) -> Any:  # pragma: no cover - every widget overrides it
        raise NotImplementedError

    def input_problem(self, language: str) -> str | None:
        """A message when what was typed cannot be an answer at all (checked before the engine)."""
        return None

    def before_next(self) -> None:
        """Enter was pressed: settle the answer (a single choice takes the option moved to)."""

    def focus_answer(self) -> None:
        self.focus()  # type: ignore[attr-defined]
