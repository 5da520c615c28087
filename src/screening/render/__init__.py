"""Summary data -> text, Markdown, JSON and PDF. No terminal, no Textual."""

from __future__ import annotations

from pathlib import Path

from screening.engine.run.summary import Summary

FORMATS = ("text", "markdown", "json")
PAPERS = ("a4", "letter")


def render(summary: Summary, format: str = "text") -> str:
    if format == "json":
        from screening.render.as_json import render_json

        return render_json(summary)
    if format == "markdown":
        from screening.render.as_markdown import render_markdown

        return render_markdown(summary)
    from screening.render.as_text import render_text

    return render_text(summary)


def output_format(path: str) -> str:
    """The format a file name asks for: .md Markdown, .json JSON, .pdf PDF, anything else text."""
    suffix = Path(path).suffix.lower()
    return {".md": "markdown", ".markdown": "markdown", ".json": "json", ".pdf": "pdf"}.get(suffix, "text")


def write_summary(path: str, summary: Summary, paper: str = "a4") -> None:
    """The summary written (atomically, fsynced) in the format its file name asks for."""
    from screening.files import write_atomically

    format = output_format(path)
    if format == "pdf":
        from screening.render.as_pdf import render_pdf

        write_atomically(path, render_pdf(summary, paper))
    else:
        write_atomically(path, render(summary, format))
