"""Parsing fetched bodies into `ParsedDocument`s: HTML, PDF, feeds and plain text.

`parse_document` is the one entry point; it never raises. See `charsets` for decoding, `tables` and
`units` for tables, `pdf` for the sandboxed PDF parser and its page layout.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pipelines.lib.model import ParsedDocument, Table

from .charsets import decode_body
from .feeds import looks_like_feed, parse_feed
from .pdf import PdfError, parse_pdf
from .plain import parse_text

__all__ = ["ParsedDocument", "Table", "detect_kind", "parse_document"]

MAX_BODY_BYTES = 50 * 2**20
_HTML_HEAD = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_BINARY_MAGIC = (
    (b"\x1f\x8b", "gzip data"),
    (b"PK\x03\x04", "a zip archive (docx/xlsx?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an OLE document (xls/doc?)"),
)
_EXTENSIONS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".txt": "text",
}


def _is_pdf(body: bytes) -> bool:
    return b"%PDF-" in body[:1024]


def detect_kind(body: bytes, *, content_type: str | None = None, url: str | None = None) -> str:
    """The kind of a body ("pdf", "feed", "html" or "text"): magic bytes, then content type, then URL."""
    if _is_pdf(body):
        return "pdf"
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").decode("latin-1").lower()
    if looks_like_feed(head):
        return "feed"
    if _HTML_HEAD.match(head) or head.startswith("<?xml") and "<html" in head:
        return "html"
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if ctype == "application/pdf":
        return "pdf"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    if ctype == "text/plain":
        return "text"
    path = urlsplit(url or "").path.lower()
    for ext, kind in _EXTENSIONS.items():
        if path.endswith(ext):
            return kind
    if "<html" in head or "<p>" in head or "<div" in head:
        return "html"
    return "text"


def _binary_reason(body: bytes, text: str) -> str | None:
    for magic, what in _BINARY_MAGIC:
        if body.startswith(magic):
            return f"binary content ({what}), not HTML, a feed, a PDF or text"
    sample = text[:20000]
    if not sample:
        return None
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    if bad / len(sample) > 0.05:
        return f"binary content ({bad} undecodable or control characters in the first {len(sample)})"
    return None


def parse_document(
    body: bytes,
    *,
    content_type: str | None = None,
    url: str | None = None,
    declared_charset: str | None = None,
    time_limit_s: float = 20.0,
) -> ParsedDocument:
    """Parse one fetched body. Never raises: a body that cannot be parsed gives
    `ParsedDocument(text="", error=reason)`.

    `content_type` is the HTTP Content-Type (its charset counts as declared), `declared_charset` a
    catalog override, `url` resolves relative links and helps detect the kind, `time_limit_s` bounds
    PDF parsing (which also runs under a memory limit).
    """
    kind = "text"
    try:
        if not body:
            return ParsedDocument(text="", url=url, error="empty body")
        if len(body) > MAX_BODY_BYTES:
            return ParsedDocument(
                text="", url=url, error=f"body of {len(body)} bytes exceeds {MAX_BODY_BYTES}"
            )
        kind = detect_kind(body, content_type=content_type, url=url)
        if kind == "pdf":
            if not _is_pdf(body):
                return ParsedDocument(
                    text="", url=url, content_kind="pdf", error="not a PDF (no %PDF header)"
                )
            try:
                return parse_pdf(body, url=url, time_limit_s=time_limit_s)
            except PdfError as exc:
                return ParsedDocument(text="", url=url, content_kind="pdf", error=str(exc))
        text, _codec = decode_body(body, declared_charset=declared_charset, content_type=content_type)
        reason = _binary_reason(body, text)
        if reason:
            return ParsedDocument(text="", url=url, content_kind=kind, error=reason)
        if kind == "feed":
            try:
                return parse_feed(text, url=url)
            except Exception as exc:  # malformed XML is data, not a crash
                return ParsedDocument(
                    text="", url=url, content_kind="feed", error=f"feed does not parse: {exc}"[:300]
                )
        if kind == "html":
            from .html import parse_html

            doc = parse_html(text, url=url)
            if not doc.text.strip() and not doc.links:
                doc.text, doc.error = "", "HTML page has no text"
            return doc
        doc = parse_text(text, url=url)
        if not doc.text.strip():
            doc.text, doc.error = "", "document has no text"
        return doc
    except RecursionError:
        return ParsedDocument(text="", url=url, content_kind=kind, error="document nesting too deep to parse")
    except Exception as exc:  # the contract is "never raises": report the reason instead
        return ParsedDocument(
            text="",
            url=url,
            content_kind=kind,
            error=f"{kind} parsing failed: {type(exc).__name__}: {exc}"[:300],
        )
