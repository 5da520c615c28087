"""The summary as Markdown, for a clinic's notes or a chart."""

from __future__ import annotations

import re

from screening.engine.run.summary import FlagLine, Summary
from screening.render.blocks import score_shown
from screening.i18n import t

_SPECIAL = re.compile(r"([\\`*_{}\[\]#|<>~])")
_LINE_START = re.compile(r"^(\s*)(\d*)([-+=.)])", re.MULTILINE)


def escape(text: str) -> str:
    """Text from files and patients, shown literally (no links, no HTML, no emphasis, no lists)."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), text)
    return text.replace("\n", "  \n")


def _flag(flag: FlagLine, language: str) -> str:
    line = f"- {escape(flag.text)}"
    if flag.because:
        reasons = "; ".join(escape(r.words) for r in flag.because)
        line += f" ({t('summary.because', language)}: {reasons})"
    return line


def render_markdown(summary: Summary) -> str:
    language = summary.language
    out = [f"# {t('summary.heading', language)}: {escape(summary.title)}", ""]
    urgent = summary.flags_of("urgent")
    if urgent:
        out.append(f"## {t('summary.urgent', language)}")
        out.append("")
        out.extend(_flag(flag, language) for flag in urgent)
        if summary.crisis:
            out.extend(["", f"> {escape(summary.crisis)}"])
        out.append("")
    out.extend([f"## {t('summary.result', language)}: {escape(summary.outcome_title)}", "", escape(summary.outcome_text), ""])
    if summary.outcome_because:
        reasons = "; ".join(escape(r.words) for r in summary.outcome_because)
        out.extend([f"({t('summary.because', language)}: {reasons})", ""])
    for severity in ("review", "info"):
        flags = summary.flags_of(severity)
        if flags:
            out.extend([f"## {t(f'summary.{severity}', language)}", ""])
            out.extend(_flag(flag, language) for flag in flags)
            out.append("")
    if not summary.flags:
        out.extend([t("summary.no_flags", language), ""])
    if summary.scores:
        out.extend([f"## {t('summary.scores', language)}", "", "| | |", "|---|---|"])
        for score in summary.scores:
            out.append(f"| {escape(score.title)} | {escape(score_shown(score, language))} |")
        out.append("")
    out.extend([f"## {t('summary.answers', language)}", ""])
    for answer in summary.answers:
        out.append(f"- **{escape(answer.heading)}**  \n  {escape(answer.answer)}")
    out.extend(
        [
            "",
            "---",
            "",
            f"{t('summary.questionnaire', language)}: `{summary.questionnaire_id}`, "
            f"{t('summary.version', language)} `{summary.questionnaire_version}`, "
            f"SHA-256 `{summary.questionnaire_sha256}`  ",
            f"{t('summary.created', language)}: {summary.created_text}",
            "",
            f"*{t('summary.disclaimer', language)}:* {escape(summary.disclaimer)}",
            "",
        ]
    )
    return "\n".join(out)
