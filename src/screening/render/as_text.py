"""The plain-text summary a person takes to a clinician: readable at 80 columns."""

from __future__ import annotations

import textwrap

from screening.engine.run.summary import FlagLine, ReasonLine, Summary, format_number
from screening.i18n import t

WIDTH = 80


def _wrap(text: str, indent: str = "", first: str | None = None, width: int = WIDTH) -> list[str]:
    lines: list[str] = []
    first_indent = indent if first is None else first
    for number, paragraph in enumerate(text.strip().splitlines() or [""]):
        if not paragraph.strip():
            lines.append("")
            continue
        lines.extend(
            textwrap.wrap(
                paragraph.strip(),
                width,
                initial_indent=first_indent if number == 0 else indent,
                subsequent_indent=indent,
                break_long_words=True,
                break_on_hyphens=False,
            )
        )
    return lines


def _because(lines: list[ReasonLine], language: str) -> str:
    return f"({t('summary.because', language)}: " + "; ".join(f"{r.id}: {r.shown}" for r in lines) + ")"


def _flag_block(flag: FlagLine, language: str, marker: str, width: int = WIDTH) -> list[str]:
    out = _wrap(flag.text, "    ", f"  {marker} ", width)
    if flag.because:
        out.extend(_wrap(_because(flag.because, language), "    ", width=width))
    return out


def render_text(summary: Summary, width: int = WIDTH) -> str:
    """The summary wrapped at ``width`` columns (80 on paper and stdout; the staff view passes its own)."""
    language = summary.language
    out: list[str] = []
    heading = t("summary.heading", language).upper()
    out.extend(_wrap(f"{heading}: {summary.title}", width=width))
    out.append("=" * width)
    urgent = summary.flags_of("urgent")
    if urgent:
        out.append("")
        out.append(f"!! {t('summary.urgent', language).upper()} !!")
        for flag in urgent:
            out.extend(_flag_block(flag, language, "!", width))
        if summary.crisis:
            out.append("")
            out.extend(_wrap(summary.crisis, "  ", width=width))
    out.append("")
    out.append(f"{t('summary.result', language)}: {summary.outcome_title}")
    out.extend(_wrap(summary.outcome_text, "  ", width=width))
    if summary.outcome_because:
        out.extend(_wrap(_because(summary.outcome_because, language), "  ", width=width))
    for severity, marker in (("review", "*"), ("info", "-")):
        flags = summary.flags_of(severity)
        if flags:
            out.append("")
            out.append(t(f"summary.{severity}", language))
            for flag in flags:
                out.extend(_flag_block(flag, language, marker, width))
    if not summary.flags:
        out.append("")
        out.append(t("summary.no_flags", language))
    if summary.scores:
        out.append("")
        out.append(t("summary.scores", language))
        title_width = min(max(len(score.title) for score in summary.scores), 50)
        for score in summary.scores:
            value = t("summary.no_value", language) if score.value is None else format_number(score.value)
            out.extend(_wrap(f"{score.title.ljust(title_width)}  {value}", "    ", "  ", width=width))
    out.append("")
    out.append(t("summary.answers", language))
    for answer in summary.answers:
        out.extend(_wrap(answer.question, "    ", "  - ", width=width))
        out.extend(_wrap(answer.answer, "      ", "    > ", width=width))
    out.append("")
    out.append("-" * width)
    out.extend(
        _wrap(
            f"{t('summary.questionnaire', language)}: {summary.questionnaire_id}, "
            f"{t('summary.version', language)} {summary.questionnaire_version}",
            width=width,
        )
    )
    out.extend(_wrap(f"SHA-256: {summary.questionnaire_sha256}", width=width))
    out.extend(_wrap(f"{t('summary.created', language)}: {summary.created_text}", width=width))
    out.append("")
    out.extend(_wrap(f"{t('summary.disclaimer', language)}: {summary.disclaimer}", width=width))
    return "\n".join(out) + "\n"
