"""Which key (or click) belongs to which screen: no input reaches a question the person has not seen.

A key is stamped with the time it reached the program (``Message.time``, taken
when the driver read it from the terminal). The gate knows when the question
on screen was drawn:

* While the view changes (a question replaced by the next, a screen pushed or
  popped) the gate is *closed*: every key is dropped. The view being left is
  no longer the one that acts, and the new one has not been seen yet.
* A key stamped before the new view was drawn is dropped even if it is
  processed later: it was pressed while the person was looking at the old one.
* After the view is drawn the gate waits ``settle`` seconds; every key dropped
  meanwhile keeps it closed for ``repeat_gap`` more. A held key (auto-repeat,
  25-40 a second) or a burst therefore never acts on the new view: it has to
  stop, and the next deliberate key acts. Deliberate presses (a few a second)
  are not held up for longer than ``settle``.

A key let through is not always handled at once: Enter is (a priority binding,
which starts the change and closes the gate), but Escape, F1, F2 and F10 travel
through the focused widget's queue before their binding runs. So the gate
notes the change token current when it let a key through, and the binding runs
only if no change has started since (:meth:`still_current`): a burst of
Escape goes back one question, not five.

Each change takes a token; only the latest change can open the gate again, so
two overlapping changes (a screen push whose first question is then drawn)
open it once, after the last. A change that never reports back (a bug) cannot
lock the person out: after ``stuck_after`` seconds the gate opens by itself.
"""

from __future__ import annotations

import math
from collections import OrderedDict

from textual import _time

SETTLE_SECONDS = 0.25
REPEAT_GAP_SECONDS = 0.12  # longer than the slowest auto-repeat (about 25 a second), shorter than deliberate presses
STUCK_AFTER_SECONDS = 3.0
REMEMBERED = 256  # keys let through and not yet handled (the rest were handled by a widget)


def now() -> float:
    """The clock Textual stamps messages with."""
    return _time.get_time()


class InputGate:
    def __init__(self, settle: float = SETTLE_SECONDS, stuck_after: float = STUCK_AFTER_SECONDS, repeat_gap: float = REPEAT_GAP_SECONDS):
        self.settle = settle
        self.repeat_gap = repeat_gap
        self.stuck_after = stuck_after
        self.token = 0
        self.closed_at: float | None = None
        self.ready_at = -math.inf
        self.quiet_until = -math.inf
        self.dropped = 0  # for tests and the log: how many inputs were not let through
        self._let_through: OrderedDict[int, int] = OrderedDict()  # id(key event) -> token then

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def close(self) -> int:
        """A change of view starts: drop input until :meth:`open` with the returned token."""
        self.token += 1
        if self.closed_at is None:
            self.closed_at = now()
        return self.token

    def open(self, token: int) -> None:
        """The view of change ``token`` is drawn (ignored when a later change has started)."""
        if token != self.token:
            return
        moment = now()
        self.closed_at = None
        self.ready_at = moment
        self.quiet_until = max(self.quiet_until, moment + self.settle)

    def let_through(self, event: object) -> None:
        """Note that ``event`` was let through while the current view was shown."""
        self._let_through[id(event)] = self.token
        while len(self._let_through) > REMEMBERED:
            self._let_through.popitem(last=False)

    def still_current(self, event: object) -> bool:
        """True when no change of view has started since ``event`` was let through."""
        token = self._let_through.pop(id(event), None)
        return token is not None and token == self.token and self.closed_at is None

    def accept(self, stamped: float) -> bool:
        """Let an input stamped at ``stamped`` through, or drop it (and restart the quiet wait)."""
        if self.closed_at is not None and now() - self.closed_at > self.stuck_after:
            self.open(self.token)  # a change that never finished must not lock the person out
        if self.closed_at is None and stamped >= self.ready_at and stamped >= self.quiet_until:
            return True
        self.quiet_until = max(self.quiet_until, stamped + min(self.settle, self.repeat_gap))
        self.dropped += 1
        return False
