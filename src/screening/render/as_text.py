"""The plain-text summary a person takes to a clinician: readable at 80 columns."""

from __future__ import annotations

import textwrap

from screening.engine.run.summary import Summary
from screening.render.blocks import summary_blocks

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


def render_text(summary: Summary, width: int = WIDTH) -> str:
    """The summary wrapped at ``width`` columns (80 on paper and stdout; the staff view passes its own)."""
    blocks = summary_blocks(summary)
    scores = [block for block in blocks if block.kind == "score"]
    title_width = min(max((len(block.text) for block in scores), default=0), 50)
    out: list[str] = []
    for block in blocks:
        if block.kind == "blank":
            out.append("")
        elif block.kind == "rule":
            out.append(block.text * width)
        elif block.kind == "score":
            out.extend(_wrap(f"{block.text.ljust(title_width)}  {block.value}", block.indent, block.first, width=width))
        else:
            out.extend(_wrap(block.text, block.indent, block.first, width=width))
    return "\n".join(out) + "\n"
