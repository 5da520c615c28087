"""Scores, show_ifs, flags, outcomes and examples: every rule compiled against
the names it may read, in an order the walk can evaluate."""

from __future__ import annotations

from screening.engine.build_context import BuildContext, Path
from screening.engine.expressions import Compiled, ExpressionError, Scope, Symbol
from screening.engine.run.dependencies import dependency_order
from screening.engine.run.questionnaire import Example, Flag, Outcome, Question, Score, Section
from screening.engine.suggest import did_you_mean


class RulesBuilder(BuildContext):
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
                compiled[score_id] = Score(score_id, result, title, [] if isinstance(raw, str) else raw.get("code") or [])
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
