"""Plain text, including the evaluation-corpus layout (URL, title, blank line, then the text)."""

from __future__ import annotations

import re

from pipelines.lib.model import ParsedDocument

from .language import guess_language

_URL_LINE = re.compile(r"^https?://\S+$")


def parse_text(text: str, *, url: str | None = None) -> ParsedDocument:
    """A text document. With the corpus header (line 1 a URL, line 2 a title, line 3 blank), the URL and
    title are taken from it; a title in [brackets] was inferred by the archive, not written by the
    publisher, so it is kept out of `text`; a real title stays as the first line of `text` (headlines
    carry figures too).
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    title = None
    lines = text.split("\n", 3)
    if len(lines) >= 3 and _URL_LINE.match(lines[0].strip()) and lines[1].strip() and not lines[2].strip():
        url = url or lines[0].strip()
        raw_title = lines[1].strip()
        rest = lines[3] if len(lines) > 3 else ""
        if raw_title.startswith("[") and raw_title.endswith("]"):
            title = raw_title[1:-1].strip()
            text = rest
        else:
            title = raw_title
            text = f"{raw_title}\n\n{rest}"
    text = text.strip("\n")
    return ParsedDocument(text=text, title=title, language=guess_language(text), content_kind="text", url=url)
