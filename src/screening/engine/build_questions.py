"""Sections and questions: ids, texts, options and each type's settings, and
the names expressions may read."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from screening.engine.build_context import BuildContext, Path
from screening.engine.dates import parse_iso_date
from screening.engine.expressions import RESERVED, Symbol
from screening.engine.run.questionnaire import Option, Question, Section

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


class QuestionsBuilder(BuildContext):
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
                        raw_option.get("code") or [],
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
            code=raw.get("code") or [],
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


def _date_bound(value: Any) -> _dt.date | None:
    if value is None:
        return None
    if value == "today":
        return _dt.date.today()
    try:
        return parse_iso_date(value)
    except ValueError:
        return None
