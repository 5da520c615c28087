"""What every stage of building a questionnaire shares: the located error
helpers and the checks of texts, ids and expressions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from screening.engine.characters import explain_expression_error
from screening.engine.expressions import RESERVED, Compiled, ExpressionError, Scope, check_expression
from screening.engine.format.yaml_source import SourceMap
from screening.engine.problems import ProblemCollector
from screening.engine.suggest import did_you_mean

Path = tuple[Any, ...]


class BuildContext:
    def __init__(self, path: str, content: bytes, data: dict[str, Any], source: SourceMap, problems: ProblemCollector):
        self.path = path
        self.content = content  # the file as read (its SHA-256 is worked out only when needed)
        self.data = data
        self.source = source
        self.problems = problems
        self.languages: list[str] = data["languages"]

    def error(self, path: Path, message: str) -> None:
        self.problems.error(self.source.where(path), message)

    def key_error(self, path: Path, message: str) -> None:
        self.problems.error(self.source.key_where(path), message)

    def text(self, path: Path, value: Any, what: str) -> Any:
        """Check that a text has every declared language, and nothing else."""
        if value is None:
            return None
        if isinstance(value, str):
            if not value.strip():
                self.error(path, f"the {what} is empty")
            elif len(self.languages) > 1:
                wanted = ", ".join(self.languages)
                self.error(path, f"the {what} needs a translation for each language ({wanted}), e.g. {self.languages[0]}: ...")
            return value
        for language, translation in value.items():
            if language not in self.languages:
                self.key_error(
                    path + (language,),
                    f"'{language}' is not one of the file's languages ({', '.join(self.languages)})"
                    + did_you_mean(language, self.languages),
                )
            elif not translation.strip():
                self.error(path + (language,), f"the '{language}' {what} is empty")
        missing = [language for language in self.languages if language not in value]
        if missing:
            self.error(path, f"the {what} is missing the translation for {', '.join(repr(m) for m in missing)}")
        return value

    def unique(self, items: Iterable[tuple[Path, str]], what: str, taken: dict[str, Path] | None = None) -> None:
        seen: dict[str, Path] = {} if taken is None else taken
        for path, identifier in items:
            if identifier in seen:
                line = self.source.where(seen[identifier])[0]
                self.error(path, f"duplicate {what} id '{identifier}' (first used on line {line})")
            else:
                seen[identifier] = path
            if identifier in RESERVED:
                self.error(path, f"'{identifier}' is a reserved word of the expression language; choose another id")

    def expression(self, path: Path, source: str | None, scope: Scope, want: str) -> Compiled | None:
        if source is None:
            return None
        compiled, errors = check_expression(source, scope, want)
        for error in errors:
            self.expression_error(path, source, error)
        return compiled

    def expression_error(self, path: Path, source: str, error: ExpressionError) -> None:
        error = explain_expression_error(source, error)
        where = self.source.locate_in_scalar(path, source, error.offset, error.token)
        self.problems.error(where, error.message)
