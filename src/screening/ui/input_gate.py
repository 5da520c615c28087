"""Which key (or click) belongs to which screen: no input reaches a question the person has not seen.

A key is stamped with the time it reached the program (``Message.time``, taken
when the driver read it from the terminal). The gate knows when the question
on screen was drawn:

* While the view changes (a question replaced by the next, a screen pushed or
  popped) the gate is *closed*: every key is dropped. The view being left is
  no longer the one that acts, and the new one has not been seen yet.
* A key stamped before the new view was drawn is dropped even if it is
  processed later: it was pressed while the person was looking at the old one.
* After the view is drawn the gate waits for ``settle`` seconds of quiet; every
  key dropped in the meantime starts that wait again. A held key (auto-repeat,
  ~30 a second) or a burst therefore never acts on the new view: it has to
  stop, and the next deliberate key acts.

Each change takes a token; only the latest change can open the gate again, so
two overlapping changes (a screen push whose first question is then drawn)
open it once, after the last. A change that never reports back (a bug) cannot
lock the person out: after ``stuck_after`` seconds the gate opens by itself.
"""

from __future__ import annotations

import math

from textual import _time

SETTLE_SECONDS = 0.25
STUCK_AFTER_SECONDS = 3.0


def now() -> float:
    """The clock Textual stamps messages with."""
    return _time.get_time()


class InputGate:
    def __init__(self, settle: float = SETTLE_SECONDS, stuck_after: float = STUCK_AFTER_SECONDS):
        self.settle = settle
        self.stuck_after = stuck_after
        self.token = 0
        self.closed_at: float | None = None
        self.ready_at = -math.inf
        self.quiet_until = -math.inf
        self.dropped = 0  # for tests and the log: how many inputs were not let through

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

    def accept(self, stamped: float) -> bool:
        """Let an input stamped at ``stamped`` through, or drop it (and restart the quiet wait)."""
        if self.closed_at is not None and now() - self.closed_at > self.stuck_after:
            self.open(self.token)  # a change that never finished must not lock the person out
        if self.closed_at is None and stamped >= self.ready_at and stamped >= self.quiet_until:
            return True
        self.quiet_until = max(self.quiet_until, stamped + self.settle)
        self.dropped += 1
        return False
