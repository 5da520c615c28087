"""Summary data -> text, Markdown and JSON. No terminal, no Textual."""

from __future__ import annotations

from screening.engine.run.summary import Summary

FORMATS = ("text", "markdown", "json")


def render(summary: Summary, format: str = "text") -> str:
    if format == "json":
        from screening.render.as_json import render_json

        return render_json(summary)
    if format == "markdown":
        from screening.render.as_markdown import render_markdown

        return render_markdown(summary)
    from screening.render.as_text import render_text

    return render_text(summary)
