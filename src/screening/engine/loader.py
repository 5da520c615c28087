"""Questionnaire file -> checked :class:`Questionnaire`, or every problem, located.

The stages: read and decode (size, UTF-8), parse YAML (1.2 scalars; no
anchors, aliases, tags or duplicate keys), check the structure against the
format, then the whole-file rules that no schema can say: unique ids,
translations, ranges, outcome order, and every expression compiled against the
names it may read.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from screening.engine.build_questions import QuestionsBuilder
from screening.engine.build_rules import RulesBuilder
from screening.engine.format.structure import validate_structure
from screening.engine.format.yaml_source import decode_source, parse_yaml, read_bytes
from screening.engine.problems import ProblemCollector
from screening.engine.run.questionnaire import Questionnaire


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
    builder = _Builder(path, data, validated, source, problems)
    questionnaire = builder.build()
    problems.raise_if_errors()
    return questionnaire


class _Builder(QuestionsBuilder, RulesBuilder):
    """The whole-file checks, stage by stage (each stage in its own module)."""

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
            sha256=None,
            content=self.content,
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
            code=data.get("code") or [],
        )
