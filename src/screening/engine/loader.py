"""Questionnaire file -> checked :class:`Questionnaire`, or every problem, located.

The stages: read and decode (size, UTF-8), parse YAML (1.2 scalars; no
anchors, aliases, tags or duplicate keys), check the structure against the
format, then the whole-file rules that no schema can say: unique ids,
translations, ranges, outcome order, and every expression compiled against the
names it may read.
"""

from __future__ import annotations

import datetime as _dt
import gc
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from screening.engine.expressions import (
    RESERVED,
    Compiled,
    ExpressionError,
    Scope,
    Symbol,
    check_expression,
)
from screening.engine.dates import parse_iso_date
from screening.engine.problems import ProblemCollector
from screening.engine.run.dependencies import dependency_order
from screening.engine.run.questionnaire import (
    Example,
    Flag,
    Option,
    Outcome,
    Question,
    Questionnaire,
    Score,
    Section,
)
from screening.engine.format.structure import validate_structure
from screening.engine.suggest import did_you_mean
from screening.engine.format.yaml_source import SourceMap, decode_source, parse_yaml, read_bytes

Path = tuple[Any, ...]

_QUESTION_SETTINGS = (
    "min",
    "max",
    "unit",
    "units",
    "max_length",
    "min_selected",
    "max_selected",
    "not_sure",
    "min_label",
    "max_label",
)


def load_questionnaire(path: str) -> Questionnaire:
    """Load and check a questionnaire file. Raises FileError with every problem."""
    data = read_bytes(path)
    return load_questionnaire_bytes(path, data)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading builds many long-lived, acyclic objects; CPython's cyclic GC would
    rescan them again and again (time per question grew 1.35x from 500 to 2,000
    questions). The file size limit bounds what is allocated meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_questionnaire_bytes(path: str, data: bytes) -> Questionnaire:
    with _gc_paused():
        return _load(path, data)


def _load(path: str, data: bytes) -> Questionnaire:
    text = decode_source(path, data)
    raw, source = parse_yaml(path, text)
    problems = ProblemCollector(path)
    validated = validate_structure(raw, source, problems)
    problems.raise_if_errors()
    assert validated is not None
    builder = _Builder(path, hashlib.sha256(data).hexdigest(), validated, source, problems)
    questionnaire = builder.build()
    problems.raise_if_errors()
    return questionnaire


class _Builder:
    def __init__(self, path: str, sha256: str, data: dict[str, Any], source: SourceMap, problems: ProblemCollector):
        self.path = path
        self.sha256 = sha256
        self.data = data
        self.source = source
        self.problems = problems
        self.languages: list[str] = data["languages"]

    # ------------------------------------------------------------ helpers

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
        where = self.source.locate_in_scalar(path, source, error.offset, error.token)
        self.problems.error(where, error.message)

    # ------------------------------------------------------------ the build

    def build(self) -> Questionnaire:
        data = self.data
        if len(set(self.languages)) != len(self.languages):
            self.error(("languages",), "a language is listed twice")
        title = self.text(("title",), data["title"], "title")
        intro = self.text(("intro",), data["intro"], "intro")
        disclaimer = self.text(("disclaimer",), data["disclaimer"], "disclaimer")
        crisis = self.text(("crisis",), data["crisis"], "crisis text")

        sections, questions = self.build_sections()
        symbols = self.symbols(questions)
        scores = self.build_scores(symbols)
        self.compile_show_ifs(sections, questions, symbols, scores)
        flags = self.build_flags(symbols)
        outcomes = self.build_outcomes(symbols, flags)
        if any(flag.severity == "urgent" for flag in flags) and crisis is None:
            urgent = next(i for i, flag in enumerate(data["flags"]) if flag["severity"] == "urgent")
            self.error(
                ("flags", urgent, "severity"),
                "an urgent flag needs a top-level 'crisis' text: what to do right now (e.g. call or text 988)",
            )
        examples = self.build_examples(questions, flags, outcomes, scores)
        return Questionnaire(
            path=self.path,
            sha256=self.sha256,
            id=data["id"],
            version=data["version"],
            title=title,
            intro=intro,
            languages=self.languages,
            disclaimer=disclaimer,
            crisis=crisis,
            sections=sections,
            questions=questions,
            scores=scores,
            flags=flags,
            outcomes=outcomes,
            examples=examples,
            source=self.source,
        )

    def build_sections(self) -> tuple[list[Section], list[Question]]:
        sections: list[Section] = []
        questions: list[Question] = []
        self.unique(((("sections", i, "id"), s["id"]) for i, s in enumerate(self.data["sections"])), "section")
        question_ids: dict[str, Path] = {}
        for s_index, raw_section in enumerate(self.data["sections"]):
            s_path: Path = ("sections", s_index)
            section = Section(raw_section["id"], self.text(s_path + ("title",), raw_section["title"], "section title"))
            for q_index, raw in enumerate(raw_section["questions"]):
                q_path = s_path + ("questions", q_index)
                self.unique([(q_path + ("id",), raw["id"])], "question", question_ids)
                question = self.build_question(q_path, raw, section, len(questions))
                section.questions.append(question)
                questions.append(question)
            sections.append(section)
        return sections, questions

    def build_question(self, path: Path, raw: dict[str, Any], section: Section, index: int) -> Question:
        kind = raw["type"]
        options: list[Option] = []
        if kind in ("single_choice", "multi_choice"):
            self.unique(((path + ("options", i, "id"), o["id"]) for i, o in enumerate(raw["options"])), "option", {})
            for o_index, raw_option in enumerate(raw["options"]):
                o_path = path + ("options", o_index)
                if raw_option["exclusive"] and kind != "multi_choice":
                    self.error(o_path + ("exclusive",), "'exclusive' only applies to the options of a multi_choice question")
                options.append(
                    Option(
                        raw_option["id"],
                        self.text(o_path + ("text",), raw_option["text"], "option text"),
                        raw_option["value"],
                        self.text(o_path + ("help",), raw_option["help"], "option help"),
                        raw_option["exclusive"],
                    )
                )
        elif kind == "yes_no":
            options = [Option("yes", {}), Option("no", {})]
            if raw["not_sure"]:
                options.append(Option("not_sure", {}))
        settings = {key: raw[key] for key in _QUESTION_SETTINGS if key in raw}
        for key in ("unit", "min_label", "max_label"):
            if key in settings:
                settings[key] = self.text(path + (key,), settings[key], key.replace("_", " "))
        self.check_settings(path, kind, settings, len(options))
        return Question(
            id=raw["id"],
            type=kind,
            text=self.text(path + ("text",), raw["text"], "question text"),
            section=section,
            index=index,
            help=self.text(path + ("help",), raw.get("help"), "help text"),
            required=raw.get("required", True) if kind != "note" else False,
            options=options,
            settings=settings,
            line=self.source.where(path)[0],
        )

    def check_settings(self, path: Path, kind: str, settings: dict[str, Any], option_count: int) -> None:
        low, high = settings.get("min"), settings.get("max")
        if kind == "date":
            for key in ("min", "max"):
                if settings.get(key) is not None and _date_bound(settings[key]) is None:
                    self.error(path + (key,), f"'{settings[key]}' is not a real date")
            low, high = _date_bound(low), _date_bound(high)
        if low is not None and high is not None and low > high:
            self.error(path + ("min",), f"'min' ({settings['min']}) is above 'max' ({settings['max']})")
        if kind == "scale":
            if low == high:
                self.error(path + ("max",), "a scale needs 'max' above 'min'")
            elif high - low > 100:
                self.error(path + ("max",), "a scale may have at most 101 points; use an integer question instead")
        if kind == "duration":
            units = settings["units"]
            if len(set(units)) != len(units):
                self.error(path + ("units",), "a unit is listed twice")
            if low is not None and low < 0:
                self.error(path + ("min",), "a duration cannot be negative")
        if kind == "multi_choice":
            least, most = settings.get("min_selected"), settings.get("max_selected")
            if least is not None and most is not None and least > most:
                self.error(path + ("min_selected",), f"'min_selected' ({least}) is above 'max_selected' ({most})")
            for key, value in (("min_selected", least), ("max_selected", most)):
                if value is not None and value > option_count:
                    self.error(path + (key,), f"'{key}' ({value}) is more than the {option_count} options")

    def symbols(self, questions: list[Question]) -> dict[str, Symbol]:
        symbols: dict[str, Symbol] = {}
        for question in questions:
            values = None
            if question.type == "single_choice" and all(o.value is not None for o in question.options):
                values = {o.id: o.value for o in question.options}
            symbols[question.id] = Symbol(
                question.id,
                "question",
                question.type,
                question.option_ids,
                frozenset(o.id for o in question.options if o.exclusive),
                values,
            )
        for score_id in self.data["scores"]:
            path: Path = ("scores", score_id)
            if score_id in symbols:
                self.key_error(path, f"score id '{score_id}' is already a question id; scores and questions share names")
            elif score_id in RESERVED:
                self.key_error(path, f"'{score_id}' is a reserved word of the expression language; choose another id")
            else:
                symbols[score_id] = Symbol(score_id, "score")
        return symbols

    def build_scores(self, symbols: dict[str, Symbol]) -> list[Score]:
        scope = Scope(symbols)
        compiled: dict[str, Score] = {}
        for score_id, raw in self.data["scores"].items():
            path: Path = ("scores", score_id)
            expr, title = (raw, None) if isinstance(raw, str) else (raw["expr"], raw.get("title"))
            expr_path = path if isinstance(raw, str) else path + ("expr",)
            title = self.text(path + ("title",), title, "score title")
            result = self.expression(expr_path, expr, scope, "number")
            if result is not None:
                compiled[score_id] = Score(score_id, result, title)
        return self.order_scores(compiled)

    def order_scores(self, scores: dict[str, Score]) -> list[Score]:
        """Scores in evaluation order; a cycle is an error at each score in it."""
        order, cycles = dependency_order(scores, lambda score_id: scores[score_id].expression.names)
        for cycle in cycles:
            self.key_error(("scores", cycle[-1]), f"scores refer to each other in a circle: {' -> '.join(cycle)}")
        return [scores[score_id] for score_id in order]

    def score_dependencies(self, scores: list[Score]) -> dict[str, set[str]]:
        """The questions each score reads, directly or through other scores."""
        by_id = {score.id: score for score in scores}
        result: dict[str, set[str]] = {}
        for score in scores:  # evaluation order: dependencies come first
            found: set[str] = set()
            for name in score.expression.names:
                found |= result.get(name, set()) if name in by_id else {name}
            result[score.id] = found
        return result

    def compile_show_ifs(
        self, sections: list[Section], questions: list[Question], symbols: dict[str, Symbol], scores: list[Score]
    ) -> None:
        scope = Scope(symbols)
        depends = self.score_dependencies(scores)
        order = {question.id: question.index for question in questions}
        for s_index, section in enumerate(sections):
            raw_section = self.data["sections"][s_index]
            first = section.questions[0].index
            path: Path = ("sections", s_index, "show_if")
            section.show_if = self.expression(path, raw_section["show_if"], scope, "condition")
            self.check_order(path, raw_section["show_if"], section.show_if, first, order, depends, "section")
            for q_index, question in enumerate(section.questions):
                q_path: Path = ("sections", s_index, "questions", q_index, "show_if")
                source = raw_section["questions"][q_index]["show_if"]
                question.show_if = self.expression(q_path, source, scope, "condition")
                self.check_order(q_path, source, question.show_if, question.index, order, depends, "question")

    def check_order(
        self,
        path: Path,
        source: str | None,
        compiled: Compiled | None,
        position: int,
        order: dict[str, int],
        depends: dict[str, set[str]],
        what: str,
    ) -> None:
        if compiled is None or source is None:
            return
        for name, offset in compiled.references:
            needed = depends.get(name, {name}) if name not in order else {name}
            late = sorted(q for q in needed if order.get(q, -1) >= position)
            if late:
                via = f" (score '{name}' reads '{late[0]}')" if name not in order else ""
                message = (
                    f"show_if uses '{late[0]}'{via}, which is not asked before this {what}; "
                    "a show_if may only use answers to earlier questions"
                )
                self.expression_error(path, source, ExpressionError(offset, message, name))

    def build_flags(self, symbols: dict[str, Symbol]) -> list[Flag]:
        scope = Scope(symbols)
        flags = []
        self.unique(((("flags", i, "id"), f["id"]) for i, f in enumerate(self.data["flags"])), "flag")
        for index, raw in enumerate(self.data["flags"]):
            path: Path = ("flags", index)
            when = self.expression(path + ("when",), raw["when"], scope, "condition")
            text = self.text(path + ("text",), raw["text"], "flag text")
            if when is not None:
                flags.append(Flag(raw["id"], raw["severity"], when, text))
        return flags

    def build_outcomes(self, symbols: dict[str, Symbol], flags: list[Flag]) -> list[Outcome]:
        raw_flags = {raw["id"]: raw["severity"] for raw in self.data["flags"]}
        scope = Scope(symbols, raw_flags, in_outcome=True)
        raw_outcomes = self.data["outcomes"]
        self.unique(((("outcomes", i, "id"), o["id"]) for i, o in enumerate(raw_outcomes)), "outcome")
        outcomes = []
        otherwise = [i for i, raw in enumerate(raw_outcomes) if raw.get("otherwise")]
        if not otherwise:
            self.error(("outcomes", len(raw_outcomes) - 1), "the last outcome must have 'otherwise: true' (what applies when no other outcome does)")
        for extra in otherwise[:-1] if len(otherwise) > 1 else []:
            self.error(("outcomes", extra, "otherwise"), "only one outcome may have 'otherwise: true'")
        if otherwise and otherwise[-1] != len(raw_outcomes) - 1:
            self.error(("outcomes", otherwise[-1], "otherwise"), "the 'otherwise' outcome must be the last; outcomes after it could never apply")
        for index, raw in enumerate(raw_outcomes):
            path: Path = ("outcomes", index)
            if raw.get("otherwise") and raw.get("when") is not None:
                self.error(path + ("when",), "an outcome has either 'when' or 'otherwise: true', not both")
            elif not raw.get("otherwise") and raw.get("when") is None:
                self.error(path, "an outcome needs a 'when' condition (or 'otherwise: true' for the last one)")
            when = self.expression(path + ("when",), raw.get("when"), scope, "condition")
            outcomes.append(
                Outcome(
                    raw["id"],
                    self.text(path + ("title",), raw["title"], "outcome title"),
                    self.text(path + ("text",), raw["text"], "outcome text"),
                    None if raw.get("otherwise") else when,
                )
            )
        return outcomes

    def build_examples(self, questions: list[Question], flags: list[Flag], outcomes: list[Outcome], scores: list[Score]) -> list[Example]:
        examples = []
        outcome_ids = {outcome.id for outcome in outcomes}
        flag_ids = {raw["id"] for raw in self.data["flags"]}
        score_ids = set(self.data["scores"])
        question_ids = {question.id for question in questions}
        for index, raw in enumerate(self.data["examples"]):
            path: Path = ("examples", index)
            expect = raw["expect"]
            e_path = path + ("expect",)
            if expect["outcome"] not in outcome_ids:
                self.error(e_path + ("outcome",), f"unknown outcome '{expect['outcome']}'{did_you_mean(expect['outcome'], outcome_ids)}")
            for f_index, flag in enumerate(expect["flags"]):
                if flag not in flag_ids:
                    self.error(e_path + ("flags", f_index), f"unknown flag '{flag}'{did_you_mean(flag, flag_ids)}")
            for score in expect.get("scores") or {}:
                if score not in score_ids:
                    self.key_error(e_path + ("scores", score), f"unknown score '{score}'{did_you_mean(score, score_ids)}")
            for h_index, hidden in enumerate(expect.get("hidden") or []):
                if hidden not in question_ids:
                    self.error(e_path + ("hidden", h_index), f"unknown question '{hidden}'{did_you_mean(hidden, question_ids)}")
            language = raw.get("language")
            if language is not None and language not in self.languages:
                self.error(path + ("language",), f"'{language}' is not one of the file's languages")
            examples.append(Example(raw["name"], raw["answers"], expect, language, path))
        return examples


def _date_bound(value: Any) -> _dt.date | None:
    if value is None:
        return None
    if value == "today":
        return _dt.date.today()
    try:
        return parse_iso_date(value)
    except ValueError:
        return None
