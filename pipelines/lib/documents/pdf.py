"""PDF parsing in a child process with a wall-clock limit, a CPU limit and an address-space limit.

Page layout of the text: pages are separated by a form feed on its own line (`"\\n\\f\\n"`), so the
page of a character offset is `text.count("\\f", 0, offset) + 1`. The tables found on a page are
rendered (see `tables.render_table`) after that page's own text, before the separator.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

from pipelines.lib.model import ParsedDocument, Table

from .dates import find_dates
from .language import guess_language
from .tables import make_table, render_table

PAGE_SEPARATOR = "\n\f\n"
DEFAULT_MEMORY_LIMIT = 1024 * 2**20  # address space of the child, bytes
_WORKER = Path(__file__).with_name("pdf_worker.py")


class PdfError(Exception):
    """The PDF could not be parsed (broken, too slow or too big)."""


def _limits(cpu_seconds: int, memory_bytes: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run_worker(body: bytes, *, time_limit_s: float, memory_limit: int = DEFAULT_MEMORY_LIMIT) -> dict:
    """Parse `body` in the worker process and return its JSON result. Raises PdfError."""
    try:
        proc = subprocess.run(
            [sys.executable, "-I", str(_WORKER)],
            input=body,
            capture_output=True,
            timeout=time_limit_s,
            preexec_fn=_limits(max(1, int(time_limit_s) + 1), memory_limit),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PdfError(f"PDF parsing exceeded its time limit of {time_limit_s:g} s") from exc
    if proc.returncode != 0:
        reason = "killed (CPU or memory limit)" if proc.returncode < 0 else f"exit code {proc.returncode}"
        last = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if proc.stderr else []
        detail = f": {last[0][:200]}" if last else ""
        if b"MemoryError" in proc.stderr:
            raise PdfError(f"PDF parsing exceeded its memory limit of {memory_limit // 2**20} MiB")
        raise PdfError(f"PDF parser process failed ({reason}){detail}")
    try:
        result = json.loads(proc.stdout.decode("utf-8"))
    except ValueError as exc:
        raise PdfError("PDF parser returned no result") from exc
    if "error" in result:
        raise PdfError(result["error"])
    return result


def parse_pdf(
    body: bytes,
    *,
    url: str | None = None,
    time_limit_s: float = 20.0,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
) -> ParsedDocument:
    """Text (pages separated by a form-feed line) and tables of a PDF. Raises PdfError."""
    result = run_worker(body, time_limit_s=time_limit_s, memory_limit=memory_limit)
    page_texts: list[str] = []
    tables: list[Table] = []
    for number, page in enumerate(result.get("pages", []), start=1):
        parts = [(page.get("text") or "").strip()]
        for raw in page.get("tables", []):
            context = raw.get("context") or ""
            table = make_table(len(tables), raw.get("rows") or [], context=context, page=number)
            if table is None:
                continue
            tables.append(table)
            parts.append(render_table(table))
        page_texts.append("\n\n".join(p for p in parts if p))
    text = PAGE_SEPARATOR.join(page_texts)
    meta = result.get("metadata", {})
    title = (meta.get("Title") or "").strip() or None
    if title is None and page_texts:
        first_line = next((ln.strip() for ln in page_texts[0].splitlines() if ln.strip()), "")
        title = first_line[:200] or None
    published = None
    created = meta.get("CreationDate") or ""
    if created.startswith("D:") and len(created) >= 10:
        stamp = created[2:10]
        found = find_dates(f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}", limit=1)
        published = found[0] if found else None
    if not text.strip():
        return ParsedDocument(
            text="", content_kind="pdf", url=url, error="PDF has no extractable text (scanned images?)"
        )
    return ParsedDocument(
        text=text,
        title=title,
        published=published,
        language=guess_language(text),
        author=(meta.get("Author") or "").strip() or None,
        tables=tables,
        content_kind="pdf",
        url=url,
    )
