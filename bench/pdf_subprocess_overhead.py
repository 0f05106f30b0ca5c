"""Measure the cost of parsing PDFs in a sandboxed child process against parsing them in-process.

Run: .venv/bin/python bench/pdf_subprocess_overhead.py
"""

from __future__ import annotations

import statistics
import time

from fpdf import FPDF

from pipelines.lib.documents.pdf import parse_pdf
from pipelines.lib.documents.pdf_worker import parse as parse_in_process


def make_pdf(pages: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for p in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Page {p + 1}. " + "Budget request text for the fiscal year. " * 40)
        with pdf.table() as table:
            for values in (("Item", "FY2025", "FY2026"), ("Chips", "3,210", "8,765"), ("Grid", "41", "57")):
                row = table.row()
                for v in values:
                    row.cell(v)
    return bytes(pdf.output())


def timed(fn, repeat: int = 7) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> None:
    for pages in (1, 10, 50):
        body = make_pdf(pages)
        sandboxed = timed(lambda b=body: parse_pdf(b))
        direct = timed(lambda b=body: parse_in_process(b))
        print(
            f"{pages:3d} pages ({len(body) // 1024} KiB): subprocess {sandboxed * 1000:7.1f} ms, "
            f"in-process {direct * 1000:7.1f} ms, overhead {(sandboxed - direct) * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
