"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with defusedxml (no entity expansion, no DTDs)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from defusedxml import ElementTree

from pipelines.lib.model import ParsedDocument

from .dates import parse_date
from .language import guess_language

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(el, *names: str):
    for c in el:
        if _local(c.tag) in names:
            return c
    return None


def _text(el) -> str:
    if el is None:
        return ""
    raw = "".join(el.itertext()).strip()
    if "<" in raw and ">" in raw:  # an escaped HTML summary
        from bs4 import BeautifulSoup  # imported here: loading the pipeline should not pay for it

        raw = BeautifulSoup(raw, "lxml").get_text(" ", strip=True)
    return re.sub(r"\s+", " ", raw).strip()


def _atom_link(entry) -> str | None:
    fallback = None
    for c in entry:
        if _local(c.tag) != "link":
            continue
        href = c.get("href")
        rel = c.get("rel", "alternate")
        if href and rel == "alternate":
            return href
        fallback = fallback or href
    return fallback


def looks_like_feed(text_head: str) -> bool:
    """True when the start of a document is an RSS, RDF or Atom root element."""
    head = _XML_DECL.sub("", text_head.lstrip("\ufeff"), count=1)
    head = re.sub(
        r"^\s*(<!--.*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>\s*)*",
        "",
        head,
        flags=re.S | re.I,
    )
    return bool(re.match(r"\s*<(rss|feed|rdf:RDF|RDF)\b", head))


def parse_feed(text: str, *, url: str | None = None) -> ParsedDocument:
    """Item links, titles and summaries of a feed. Raises ValueError when it is not a feed."""
    root = ElementTree.fromstring(_XML_DECL.sub("", text.lstrip("\ufeff"), count=1))
    root_name = _local(root.tag)
    if root_name not in ("rss", "feed", "rdf"):
        raise ValueError(f"not a feed (root element <{root_name}>)")
    channel = _child(root, "channel") if root_name in ("rss", "rdf") else root
    items = []
    if root_name == "rss" and channel is not None:
        items = [c for c in channel if _local(c.tag) == "item"]
    elif root_name == "rdf":
        items = [c for c in root if _local(c.tag) == "item"]
    else:
        items = [c for c in root if _local(c.tag) == "entry"]

    title = _text(_child(channel, "title")) if channel is not None else ""
    published = None
    if channel is not None:
        for name in ("pubdate", "lastbuilddate", "updated", "date"):
            published = parse_date(_text(_child(channel, name)))
            if published:
                break

    links: list[str] = []
    lines: list[str] = []
    for item in items:
        if root_name == "feed":
            link = _atom_link(item)
            summary = _text(_child(item, "summary", "content"))
        else:
            link = _text(_child(item, "link")) or (
                item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            )
            summary = _text(_child(item, "description", "encoded", "summary"))
        if link:
            link = urljoin(url, link) if url else link
            if link not in links:
                links.append(link)
        item_title = _text(_child(item, "title"))
        item_date = None
        for name in ("pubdate", "published", "updated", "date"):
            item_date = parse_date(_text(_child(item, name)))
            if item_date:
                break
        if published is None and item_date:
            published = item_date
        block = [p for p in (item_title, summary) if p]
        if block:
            lines.append("\n".join(block))
    body = "\n\n".join(lines)
    return ParsedDocument(
        text=body,
        title=title or None,
        published=published,
        language=guess_language(body),
        links=links,
        content_kind="feed",
        url=url,
    )
