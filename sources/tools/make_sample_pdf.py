"""Generate the bundled sample PDF: a METI-style FY2026 draft budget summary with a ruled table.

The document is a sample written for budgetwatch around publicly reported figures (Japan FY2026 draft
budget for chips and AI); it is not a copy of a METI publication. Run from the repository root:

    .venv/bin/python sources/tools/make_sample_pdf.py

The output is byte-for-byte reproducible (fixed creation date), so re-running it leaves git clean.
"""

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

OUTPUT = (
    Path(__file__).resolve().parent.parent
    / "sample/www.meti.go.jp/english/aboutmeti/budget/pdf/fy2026_draft_budget_summary.pdf"
)

HEADER = ("Item", "FY2024 supplementary", "FY2025 initial", "FY2026 request", "FY2026 draft")

# Same values as the METI-style HTML summary page in the sample pack (unit: 100 million yen).
ROWS = (
    ("Semiconductors and AI", "15,230", "4,330", "not specified", "12,390"),
    ("  of which: equity investment in Rapidus", "-", "1,000", "not specified", "1,500"),
    ("  of which: domestic AI models and data infrastructure", "-", "-", "not specified", "3,873"),
    ("Stable supply of critical minerals", "-", "-", "60", "50"),
    ("Decarbonisation incl. next-generation nuclear", "-", "-", "1,400", "1,220"),
    ("METI general account, total", "-", "20,462", "22,826", "30,693"),
    ("(ref.) Grant bonds to NEXI", "-", "-", "-", "17,800"),
)

INTRO = (
    "The FY2026 draft budget approved by the Cabinet on 26 December 2025 allocates JPY 1,239.0 billion "
    "to next-generation semiconductors and AI, about 2.9 times the FY2025 initial budget. Support that "
    "was previously provided mainly through supplementary budgets is now included in the initial budget. "
    "METI's general account rises by about 50% to JPY 3,069.3 billion."
)

NOTES = (
    "Notes: 'not specified' marks items requested without an amount in the August 2025 budget request. "
    "The equity investment of JPY 150.0 billion brings the government's cumulative equity in Rapidus to "
    "JPY 250.0 billion. Grant bonds of JPY 1.78 trillion strengthen the financial base of Nippon Export "
    "and Investment Insurance (NEXI) and are outside the general account total. Figures may not add up "
    "because of rounding."
)


def _line(pdf: FPDF, height: float, text: str) -> None:
    pdf.cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def build(output: Path = OUTPUT) -> Path:
    """Write the sample PDF to `output` and return its path."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(datetime(2025, 12, 26, 9, 0, tzinfo=UTC))
    pdf.set_title("FY2026 Draft Budget: Key Items (METI)")
    pdf.set_author("Ministry of Economy, Trade and Industry (sample written for budgetwatch)")
    pdf.set_producer("budgetwatch sources/tools/make_sample_pdf.py")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 15)
    _line(pdf, 10, "FY2026 Draft Budget of the Ministry of Economy, Trade and Industry: Key Items")
    pdf.set_font("helvetica", "", 9)
    _line(pdf, 6, "Accounting Division, Minister's Secretariat - 26 December 2025")
    pdf.ln(2)
    pdf.set_font("helvetica", "", 10.5)
    pdf.multi_cell(0, 5.5, INTRO)
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 10)
    _line(pdf, 6, "Table 1. Key items (unit: 100 million yen)")
    pdf.set_font("helvetica", "", 10)
    with pdf.table(
        col_widths=(95, 40, 35, 40, 35),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        borders_layout="ALL",
        line_height=7,
        first_row_as_headings=True,
    ) as table:
        for values in (HEADER, *ROWS):
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(4)
    pdf.set_font("helvetica", "", 9)
    pdf.multi_cell(0, 5, NOTES)
    pdf.set_font("helvetica", "I", 7)
    pdf.ln(2)
    pdf.multi_cell(0, 4, "Sample document written for budgetwatch around publicly reported budget figures.")
    output.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(output))
    return output


if __name__ == "__main__":
    print(build())
