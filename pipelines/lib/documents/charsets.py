"""Decoding fetched bytes to text, with Japanese charsets handled the way government sites need.

Rules (FIELD_NOTES, "HTTP and documents"):

- a byte-order mark wins;
- then a declared charset (HTTP header, catalog override, `<meta charset>` / `<?xml encoding>`);
  declared Shift_JIS and its aliases are decoded as CP932, which has the NEC/IBM extensions (①, 髙)
  that government pages use and the stdlib `shift_jis` codec rejects;
- with nothing declared: strict UTF-8, then CP932, then EUC-JP, the first that decodes strictly;
- never a charset guessed by a detector (they fall back to gb18030 and turn 億円 into garbage).
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "s-jis": "cp932",
    "shiftjis": "cp932",
    "windows-31j": "cp932",
    "ms932": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "cp932": "cp932",
    "euc-jp": "euc_jp",
    "eucjp": "euc_jp",
    "x-euc-jp": "euc_jp",
    "euc_jp": "euc_jp",
    "iso-2022-jp": "iso2022_jp",
    "csiso2022jp": "iso2022_jp",
    "iso2022jp": "iso2022_jp",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    # WHATWG: a page labelled latin-1 / us-ascii is decoded as windows-1252
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}

# Undeclared bodies are tried in this order; gb18030 is deliberately absent.
UNDECLARED_ORDER = ("utf-8", "cp932", "euc_jp")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


def normalize_charset(name: str | None) -> str | None:
    """Map a declared charset label to the Python codec to use, or None if unknown/empty."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if not label:
        return None
    if label in _ALIASES:
        return _ALIASES[label]
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in ("shift_jis", "shift_jisx0213", "shift_jis_2004"):
        return "cp932"
    if codec == "gb2312":  # a page labelled gb2312 is decoded with the superset GBK, as browsers do
        return "gbk"
    return codec


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, as written (not normalised)."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def sniff_declared_charset(body: bytes) -> str | None:
    """The charset a document declares about itself: `<?xml encoding>` or `<meta charset>` in its head."""
    head = body[:4096]
    m = _XML_ENCODING.search(head)
    if m:
        return m.group(1).decode("ascii", "ignore")
    m = _META_CHARSET.search(head)
    if m:
        return m.group(1).decode("ascii", "ignore")
    return None


def detect_bom(body: bytes) -> tuple[str | None, int]:
    """(codec, BOM length) when the body starts with a byte-order mark, else (None, 0)."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec, len(bom)
    return None, 0


def decode_body(
    body: bytes, *, declared_charset: str | None = None, content_type: str | None = None
) -> tuple[str, str]:
    """Decode `body` and return (text, codec used).

    Order: BOM, `declared_charset` (a catalog override), the Content-Type charset, the document's own
    declaration, then strict utf-8 / cp932 / euc-jp. When a declared codec fails strictly, the next
    declaration is tried; when nothing decodes strictly the first declared codec (or utf-8) is used
    with replacement characters, so a few bad bytes never lose a whole page.
    """
    codec, skip = detect_bom(body)
    if codec:
        return body[skip:].decode(codec, errors="replace"), codec

    declared: list[str] = []
    for label in (declared_charset, charset_from_content_type(content_type), sniff_declared_charset(body)):
        c = normalize_charset(label)
        if c and c not in declared:
            declared.append(c)

    for c in declared:
        try:
            return body.decode(c), c
        except (UnicodeDecodeError, LookupError):
            continue
    if not declared:
        # ISO-2022-JP is 7-bit and would pass as UTF-8; its escape sequences identify it unambiguously
        order = (
            ("iso2022_jp", *UNDECLARED_ORDER) if b"\x1b$B" in body or b"\x1b$@" in body else UNDECLARED_ORDER
        )
        for c in order:
            try:
                return body.decode(c), c
            except UnicodeDecodeError:
                continue
    fallback = declared[0] if declared else "utf-8"
    return body.decode(fallback, errors="replace"), fallback
