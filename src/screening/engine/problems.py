"""One error type for everything an author or an answer file can get wrong.

Every problem carries where it happened, so every front end prints it the same
way: ``PATH:LINE:COL: error: MESSAGE`` (lines and columns count from 1).
"""

from __future__ import annotations

from functools import total_ordering
from typing import Any


@total_ordering
class Problem:
    """One located problem; a value (equal, ordered and hashed by its fields). A plain class, not a
    dataclass: generating a dataclass costs every command about 0.5 ms at start-up."""

    __slots__ = ("path", "line", "col", "message", "severity")

    def __init__(self, path: str, line: int, col: int, message: str, severity: str = "error"):
        self.path = path
        self.line = line
        self.col = col
        self.message = message
        self.severity = severity  # "error", "warning" or "note"

    def _fields(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.col, self.message, self.severity)

    def __eq__(self, other: Any) -> bool:
        return self._fields() == other._fields() if isinstance(other, Problem) else NotImplemented

    def __lt__(self, other: Any) -> bool:
        return self._fields() < other._fields() if isinstance(other, Problem) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Problem{self._fields()!r}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


class FileError(Exception):
    """One or more located problems that make a file unusable."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: str, line: int, col: int, message: str) -> "FileError":
        return cls([Problem(path, line, col, message)])


class ProblemCollector:
    """Gathers problems so a file reports all of them, not just the first."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self._seen: set[tuple[int, int, str]] = set()

    def error(self, where: tuple[int, int], message: str) -> None:
        self._add(where, message, "error")

    def warning(self, where: tuple[int, int], message: str) -> None:
        self._add(where, message, "warning")

    def _add(self, where: tuple[int, int], message: str, severity: str) -> None:
        key = (where[0], where[1], message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.problems.append(Problem(self.path, where[0], where[1], message, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise FileError(self.errors)
