"""What every answer widget offers the question screen."""

from __future__ import annotations

from typing import Any


class AnswerWidget:
    """Mixin: ``raw_answer()`` gives what the person entered, in the form
    :func:`screening.engine.run.answers.parse_answer` checks (None when empty)."""

    def raw_answer(self) -> Any:  # pragma: no cover - every widget overrides it
        raise NotImplementedError

    def before_next(self) -> None:
        """Enter was pressed: settle the answer (a single choice takes the highlighted option)."""

    def focus_answer(self) -> None:
        self.focus()  # type: ignore[attr-defined]
