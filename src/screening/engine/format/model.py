"""The file format as pydantic models: the contract with clinicians' files.

These models are the single source of two generated, committed artefacts: the
JSON Schema for editors (``schema/questionnaire.schema.json``) and the
pure-data pydantic-core schema that validates files at run time
(``engine/format/structure_schema.json``, see :mod:`screening.engine.format.structure`).
Building pydantic models costs more start-up time than a whole ``screening
validate`` may take, so the run-time path never imports this module.

Strict on purpose: unknown keys are errors (a misspelled ``show_iff`` must not
be ignored), and no value is coerced (``"yes"`` is never a boolean, ``1.10``
is never a version). Checks that need the whole file (unique ids, languages,
expressions) live in :mod:`screening.engine.checks`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

SLUG = r"^[a-z][a-z0-9_-]*$"
NAME = r"^[a-z][a-z0-9_]*$"
OPTION = r"^[a-z0-9][a-z0-9_-]*$"
LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
URI = r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$"  # an absolute URI: a scheme, then no blanks
CODE = r"^[^\s]+( [^\s]+)*$"  # FHIR's code: not empty, no leading, trailing or double blanks

Slug = Annotated[str, Field(pattern=SLUG, max_length=64)]
Name = Annotated[str, Field(pattern=NAME, max_length=64)]
OptionId = Annotated[str, Field(pattern=OPTION, max_length=64)]
Language = Annotated[str, Field(pattern=LANGUAGE)]
Expression = Annotated[str, Field(min_length=1)]
Number = Union[int, float]

_TEXT_SCHEMA: dict[str, Any] = {
    "description": "A string, or a mapping from language code to string (every declared language).",
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "propertyNames": {"pattern": LANGUAGE},
            "additionalProperties": {"type": "string", "minLength": 1},
            "minProperties": 1,
        },
    ],
}


def _check_text(value: Any) -> str | dict[str, str]:
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("text_empty", "the text is empty")
        return value
    if isinstance(value, dict) and value:
        for language, text in value.items():
            if not isinstance(text, str):
                raise PydanticCustomError(
                    "text_type", "the '{language}' text must be a string", {"language": language}
                )
            if not text.strip():
                raise PydanticCustomError("text_empty", "the '{language}' text is empty", {"language": language})
        return value
    raise PydanticCustomError("text_type", "expected text: a string, or a mapping from language code to string")


Text = Annotated[Any, PlainValidator(_check_text), WithJsonSchema(_TEXT_SCHEMA)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, defer_build=True)


class Coding(Strict):
    """A standard code (e.g. LOINC): kept in FHIR exports, never shown or evaluated."""

    system: Annotated[
        str,
        Field(pattern=URI, max_length=1024, description="the code system, a URI (e.g. http://loinc.org)"),
    ]
    code: Annotated[str, Field(pattern=CODE, max_length=256, description="the code, e.g. 44249-1")]
    display: Annotated[str, Field(min_length=1, max_length=1024)] | None = None


Codes = Annotated[list[Coding], Field(min_length=1, description="standard codes: a list of {system, code, display}")]


class Option(Strict):
    id: OptionId
    text: Text
    value: Number | None = None
    help: Text | None = None
    exclusive: bool = False
    code: Codes | None = None


class QuestionBase(Strict):
    id: Name
    text: Text
    help: Text | None = None
    required: bool = True
    show_if: Expression | None = None
    code: Codes | None = None


class SingleChoice(QuestionBase):
    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)


class MultiChoice(QuestionBase):
    type: Literal["multi_choice"]
    options: list[Option] = Field(min_length=2)
    min_selected: int | None = Field(default=None, ge=0)
    max_selected: int | None = Field(default=None, ge=1)


class YesNo(QuestionBase):
    type: Literal["yes_no"]
    not_sure: bool = False


class Integer(QuestionBase):
    type: Literal["integer"]
    min: int | None = None
    max: int | None = None
    unit: Text | None = None


class NumberQuestion(QuestionBase):
    type: Literal["number"]
    min: Number | None = None
    max: Number | None = None
    unit: Text | None = None


class Scale(QuestionBase):
    type: Literal["scale"]
    min: int = 0
    max: int = 10
    min_label: Text | None = None
    max_label: Text | None = None


DurationUnit = Literal["days", "weeks", "months", "years"]


class Duration(QuestionBase):
    type: Literal["duration"]
    units: list[DurationUnit] = Field(default_factory=lambda: ["weeks", "months", "years"], min_length=1)
    min: Number | None = Field(default=None, description="in weeks")
    max: Number | None = Field(default=None, description="in weeks")


class FreeText(QuestionBase):
    type: Literal["text"]
    max_length: int = Field(default=500, ge=1, le=2000)


DateBound = Annotated[
    str,
    Field(pattern=r"^(today|\d{4}-\d{2}-\d{2})$", description="an ISO date (YYYY-MM-DD) or 'today'"),
]


class DateQuestion(QuestionBase):
    type: Literal["date"]
    min: DateBound | None = None
    max: DateBound | None = None


class Note(Strict):
    """Shown, never answered."""

    type: Literal["note"]
    id: Name
    text: Text
    help: Text | None = None
    show_if: Expression | None = None
    code: Codes | None = None


Question = Annotated[
    Union[SingleChoice, MultiChoice, YesNo, Integer, NumberQuestion, Scale, Duration, FreeText, DateQuestion, Note],
    Field(discriminator="type"),
]

QUESTION_TYPES = (
    "single_choice",
    "multi_choice",
    "yes_no",
    "integer",
    "number",
    "scale",
    "duration",
    "text",
    "date",
    "note",
)


class Section(Strict):
    id: Name
    title: Text
    show_if: Expression | None = None
    questions: list[Question] = Field(min_length=1)


class ScoreDefinition(Strict):
    expr: Expression
    title: Text | None = None
    code: Codes | None = None


Severity = Literal["urgent", "review", "info"]
SEVERITIES: tuple[str, ...] = ("urgent", "review", "info")


class Flag(Strict):
    id: Name
    severity: Severity
    when: Expression
    text: Text


class Outcome(Strict):
    id: Name
    when: Expression | None = None
    otherwise: Literal[True] | None = None
    title: Text
    text: Text


class Expectation(Strict):
    outcome: Name
    flags: list[Name]
    scores: dict[str, Number] | None = None
    hidden: list[Name] | None = None


class Example(Strict):
    name: Annotated[str, Field(min_length=1)]
    answers: dict[str, Any]
    expect: Expectation
    language: Language | None = None


class Questionnaire(Strict):
    format: Literal[1]
    id: Slug
    version: Annotated[str, Field(min_length=1, max_length=64)]
    title: Text
    code: Codes | None = None
    intro: Text | None = None
    languages: list[Language] = Field(default_factory=lambda: ["en"], min_length=1)
    disclaimer: Text
    crisis: Text | None = None
    sections: list[Section] = Field(min_length=1)
    scores: dict[Name, Union[Expression, ScoreDefinition]] = Field(default_factory=dict)
    flags: list[Flag] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(min_length=1)
    examples: list[Example] = Field(default_factory=list)


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use (committed as schema/questionnaire.schema.json)."""
    schema = Questionnaire.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://screening.invalid/schema/questionnaire.schema.json"
    schema["title"] = "Screening questionnaire (format 1)"
    return schema
