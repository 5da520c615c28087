"""One error type for everything an author or an answer file can get wrong.

Every problem carries where it happened, so every front end prints it the same
way: ``PATH:LINE:COL: error: MESSAGE`` (lines and columns count from 1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    severity: str = "error"  # "error" or "warning"

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
