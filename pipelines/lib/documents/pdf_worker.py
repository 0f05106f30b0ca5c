"""Child process that parses one PDF with pdfplumber: reads the PDF on stdin, writes JSON on stdout.

Run by `pipelines.lib.documents.pdf.parse_pdf` under a CPU-time and address-space limit, so a
hostile or broken PDF can exhaust only this process. It imports nothing from the project.
"""

from __future__ import annotations

import io
import json
import logging
import sys

MAX_PAGES = 500
ABOVE_TABLE_PT = 60  # how far above a table to look for its caption / 単位 line


def _table_context(page, bbox) -> str:
    x0, top, x1, _ = bbox
    try:
        region = page.crop((0, max(0, top - ABOVE_TABLE_PT), page.width, top))
        return region.extract_text() or ""
    except Exception:
        return ""


def parse(data: bytes) -> dict:
    import pdfplumber

    out: dict = {"pages": [], "metadata": {}, "page_count": 0}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        meta = pdf.metadata or {}
        out["metadata"] = {k: str(v) for k, v in meta.items() if k in ("Title", "Author", "CreationDate")}
        out["page_count"] = len(pdf.pages)
        for page in pdf.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            tables = []
            for found in page.find_tables():
                rows = found.extract()
                if rows:
                    tables.append({"rows": rows, "context": _table_context(page, found.bbox)})
            out["pages"].append({"text": text, "tables": tables})
            page.flush_cache()
    return out


def main() -> int:
    logging.disable(logging.CRITICAL)
    data = sys.stdin.buffer.read()
    try:
        result = parse(data)
    except MemoryError:
        result = {"error": "memory limit exceeded while parsing the PDF"}
    except ImportError as exc:  # under a tight address-space limit shared libraries fail to map
        reason = "memory limit exceeded while loading the PDF parser" if "map" in str(exc) else str(exc)
        result = {"error": reason}
    except Exception as exc:  # any pdfminer failure is a parse error to report, not a crash
        result = {"error": f"PDF does not parse: {type(exc).__name__}: {exc}"[:500]}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
