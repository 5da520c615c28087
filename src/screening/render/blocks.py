"""The summary as an ordered list of blocks: what the text and PDF renderings lay out.

One list, so the printed or saved copy says exactly what the text summary says,
in the same order: the renderers only decide how a block looks.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.engine.run.summary import FlagLine, ReasonLine, Summary
from screening.i18n import t


@dataclass(frozen=True)
class Block:
    kind: str  # title, rule, blank, heading, urgent, line, score, small
    text: str = ""
    first: str = ""  # the first line's indent or marker ("  ! ", "  - ")
    indent: str = ""  # the indent of the lines after it
    value: str = ""  # a score's value


def because(lines: list[ReasonLine], language: str) -> str:
    """The reasons in words: '(because: Are you pregnant...? Possibly; PHQ-2 mood score (0-6): 5)'."""
    return f"({t('summary.because', language)}: " + "; ".join(reason.words for reason in lines) + ")"


def _flag(flag: FlagLine, language: str, marker: str) -> list[Block]:
    blocks = [Block("line", flag.text, f"  {marker} ", "    ")]
    if flag.because:
        blocks.append(Block("line", because(flag.because, language), "    ", "    "))
    return blocks


def summary_blocks(summary: Summary) -> list[Block]:
    language = summary.language
    out: list[Block] = [
        Block("title", f"{t('summary.heading', language).upper()}: {summary.title}"),
        Block("rule", "="),
    ]
    urgent = summary.flags_of("urgent")
    if urgent:
        out += [Block("blank"), Block("urgent", f"!! {t('summary.urgent', language).upper()} !!")]
        for flag in urgent:
            out += _flag(flag, language, "!")
        if summary.crisis:
            out += [Block("blank"), Block("line", summary.crisis, "  ", "  ")]
    out += [Block("blank"), Block("heading", f"{t('summary.result', language)}: {summary.outcome_title}", "", "  ")]
    out.append(Block("line", summary.outcome_text, "  ", "  "))
    if summary.outcome_because:
        out.append(Block("line", because(summary.outcome_because, language), "  ", "  "))
    for severity, marker in (("review", "*"), ("info", "-")):
        flags = summary.flags_of(severity)
        if flags:
            out += [Block("blank"), Block("heading", t(f"summary.{severity}", language))]
            for flag in flags:
                out += _flag(flag, language, marker)
    if not summary.flags:
        out += [Block("blank"), Block("line", t("summary.no_flags", language))]
    if summary.scores:
        out += [Block("blank"), Block("heading", t("summary.scores", language))]
        out += [Block("score", score.title, "  ", "    ", score_shown(score, language)) for score in summary.scores]
    out += [Block("blank"), Block("heading", t("summary.answers", language))]
    for answer in summary.answers:
        out.append(Block("line", answer.heading, "  - ", "    "))
        out.append(Block("line", answer.answer, "    > ", "      "))
    out += [
        Block("blank"),
        Block("rule", "-"),
        Block(
            "small",
            f"{t('summary.questionnaire', language)}: {summary.questionnaire_id}, "
            f"{t('summary.version', language)} {summary.questionnaire_version}",
        ),
        Block("small", f"SHA-256: {summary.questionnaire_sha256}"),
        Block("small", f"{t('summary.created', language)}: {summary.created_text}"),
        Block("blank"),
        Block("line", f"{t('summary.disclaimer', language)}: {summary.disclaimer}"),
    ]
    return out


def score_shown(score, language: str) -> str:  # type: ignore[no-untyped-def]
    """The value as the summary says it (older stored summaries carry no 'shown')."""
    from screening.engine.run.summary import format_number

    if score.shown:
        return score.shown
    return t("summary.no_value", language) if score.value is None else format_number(score.value)
