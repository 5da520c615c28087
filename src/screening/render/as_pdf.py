"""The summary as a PDF a person takes home or to a clinician (fpdf2, an embedded Unicode font).

It lays out the same blocks as the text summary (:mod:`screening.render.blocks`),
so the printed copy says what the screen and the text say, in the same order.
DejaVu Sans ships with the package (its licence beside it), so accents and any
Latin, Greek or Cyrillic text print whatever fonts the machine has.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from screening.engine.run.summary import Summary
from screening.i18n import t
from screening.render.blocks import summary_blocks

FONTS = Path(__file__).resolve().parent / "fonts"
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
FAMILY = "DejaVuSans"
INDENT_MM = 2.2  # one character of the text summary's indent
LINE_MM = 5.2


class _Document(FPDF):
    def __init__(self, paper: str):
        super().__init__(orientation="portrait", unit="mm", format=PAPER_SIZES[paper])
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        # "page/pages", so a clinician can tell nothing is missing; the one thing the text summary has not
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="C")


def render_pdf(summary: Summary, paper: str = "a4") -> bytes:
    """The PDF file's bytes."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}")
    language = summary.language
    pdf = _Document(paper)
    pdf.set_title(f"{t('summary.heading', language)}: {summary.title}")
    pdf.set_lang(language)
    pdf.set_creator("screening")
    pdf.set_creation_date(summary.created)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(FAMILY, "", 10.5)
    scores = [block for block in summary_blocks(summary) if block.kind == "score"]
    title_width = max((pdf.get_string_width(block.text) for block in scores), default=0)

    for block in summary_blocks(summary):
        pdf.set_text_color(0, 0, 0)
        if block.kind == "blank":
            pdf.ln(LINE_MM * 0.6)
            continue
        if block.kind == "rule":
            y = pdf.get_y() + 1.5
            pdf.set_line_width(0.5 if block.text == "=" else 0.2)
            pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
            pdf.ln(3)
            continue
        style, size = {"title": ("B", 14), "heading": ("B", 11.5), "urgent": ("B", 12), "small": ("", 8.5)}.get(block.kind, ("", 10.5))
        pdf.set_font(FAMILY, style, size)
        if block.kind == "urgent" or (block.first.strip() == "!"):
            pdf.set_text_color(170, 0, 0)
        indent = len(block.first) * INDENT_MM
        marker = block.first.strip()
        if block.kind == "score":
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(min(title_width + 6, width * 0.7), LINE_MM, block.text)
            pdf.cell(0, LINE_MM, block.value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            continue
        if marker:
            pdf.set_x(pdf.l_margin + len(block.first) * INDENT_MM - 4)
            pdf.cell(4, LINE_MM, marker)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, LINE_MM * size / 10.5, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
