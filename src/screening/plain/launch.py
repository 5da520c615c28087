"""`screening run --plain`: the conversation on standard input and output, then the summary."""

from __future__ import annotations

import sys
from typing import IO

from screening.i18n import t

EXIT_CANCELLED = 3  # the person stopped before finishing: no summary


def wants_plain(flag: bool, environ: dict[str, str]) -> bool:
    """--plain, or ACCESSIBLE set to anything but empty or 0 (as charmbracelet/huh reads it)."""
    accessible = environ.get("ACCESSIBLE", "").strip()
    return flag or accessible not in ("", "0")


def run_plain(
    path: str,
    language: str | None = None,
    output: str | None = None,
    paper: str = "a4",
    reader: IO[bytes] | None = None,
    writer: IO[str] | None = None,
) -> int:
    from screening.engine.loader import load_questionnaire
    from screening.plain.conversation import Conversation, Stopped
    from screening.render import render, write_summary
    from screening.terminal_text import for_terminal

    questionnaire = load_questionnaire(path)  # a FileError is reported by the CLI
    reader = reader if reader is not None else sys.stdin.buffer
    writer = writer if writer is not None else sys.stdout
    conversation = Conversation(questionnaire, reader, writer, language)
    try:
        summary = conversation.run()
    except Stopped:
        print(t("plain.stopped", conversation.language), file=sys.stderr)
        return EXIT_CANCELLED
    conversation.say(t("plain.summary_follows", conversation.language))
    conversation.say()
    writer.write(for_terminal(render(summary, "text")))
    writer.flush()
    if output:
        write_summary(output, summary, paper)
    return 0
