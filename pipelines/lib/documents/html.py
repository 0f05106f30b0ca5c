"""News and ministry HTML: main text through trafilatura, structured parts through BeautifulSoup.

trafilatura finds the article body (no navigation, footer or comments); BeautifulSoup/lxml reads
what pages state explicitly: meta tags, JSON-LD, `<time>`, `<html lang>`, tables and links.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from pipelines.lib.model import ParsedDocument

from .dates import find_dates, parse_date
from .language import guess_language
from .tables import html_tables, render_table

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_WS = re.compile(r"[ \t\u3000]+")
_BLANKS = re.compile(r"\n{3,}")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", "｜", "|", "：", " : ", " :: ")
_DATE_META = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.issued"),
    ("name", "citation_publication_date"),
    ("name", "sailthru.date"),
    ("property", "og:published_time"),
)
_NOISE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg")


def _meta(soup: BeautifulSoup, attr: str, value: str) -> str | None:
    el = soup.find("meta", attrs={attr: re.compile(f"^{re.escape(value)}$", re.I)})
    if el is None:
        return None
    content = el.get("content")
    return content.strip() if isinstance(content, str) and content.strip() else None


def _json_ld(soup: BeautifulSoup) -> list[dict]:
    """Every JSON-LD object on the page (top level, lists and @graph flattened)."""
    objects: list[dict] = []
    for script in soup.find_all("script", attrs={"type": re.compile("ld\\+json", re.I)}):
        try:
            data = json.loads(script.string or script.get_text() or "")
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return objects


def _ld_author(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        name = value.get("name")
        return name.strip() if isinstance(name, str) and name.strip() else None
    if isinstance(value, list):
        names = [n for n in (_ld_author(v) for v in value) if n]
        return "; ".join(names) or None
    return None


def _strip_site_suffix(title: str, site: str | None) -> str:
    title = title.strip()
    if site:
        for sep in _TITLE_SEPARATORS:
            for cand in (f"{sep}{site}", f"{site}{sep}"):
                if title.endswith(cand):
                    return title[: -len(cand)].strip()
                if title.startswith(cand):
                    return title[len(cand) :].strip()
    return title


def _title_tag_without_suffix(raw: str) -> str:
    for sep in (" | ", "｜", " - ", " – ", " — "):
        if sep in raw:
            parts = [p.strip() for p in raw.split(sep) if p.strip()]
            if parts:
                return max(parts, key=len) if len(parts) > 2 else parts[0]
    return raw.strip()


def _title(soup: BeautifulSoup, ld: list[dict], extracted: str | None) -> str | None:
    site = _meta(soup, "property", "og:site_name")
    og = _meta(soup, "property", "og:title") or _meta(soup, "name", "twitter:title")
    if og:
        return _strip_site_suffix(og, site)
    h1 = soup.find("h1")
    if h1:
        text = _WS.sub(" ", h1.get_text(" ", strip=True)).strip()
        if text:
            return text
    for obj in ld:
        headline = obj.get("headline")
        if isinstance(headline, str) and headline.strip():
            return headline.strip()
    if extracted:
        return _strip_site_suffix(extracted, site)
    if soup.title and soup.title.string:
        return _strip_site_suffix(_title_tag_without_suffix(soup.title.string), site)
    return None


def _published(soup: BeautifulSoup, ld: list[dict], text_head: str, extracted: str | None) -> date | None:
    for attr, value in _DATE_META:
        d = parse_date(_meta(soup, attr, value))
        if d:
            return d
    for obj in ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if isinstance(obj.get(key), str):
                d = parse_date(obj[key])
                if d:
                    return d
    for t in soup.find_all("time", limit=10):
        d = parse_date(t.get("datetime") or "") or parse_date(t.get_text(" ", strip=True))
        if d:
            return d
    found = find_dates(text_head, limit=1)
    if found:
        return found[0]
    return parse_date(extracted)


def _author(soup: BeautifulSoup, ld: list[dict], extracted: str | None) -> str | None:
    for attr, value in (("name", "author"), ("property", "article:author"), ("name", "byl")):
        a = _meta(soup, attr, value)
        if a and not a.startswith(("http://", "https://")):
            return re.sub(r"^by\s+", "", a, flags=re.I)
    for obj in ld:
        a = _ld_author(obj.get("author"))
        if a:
            return a
    return extracted or None


def _language(soup: BeautifulSoup, text: str) -> str | None:
    html = soup.find("html")
    declared = html.get("lang") if html else None
    declared = (
        declared or _meta(soup, "http-equiv", "content-language") or _meta(soup, "property", "og:locale")
    )
    if isinstance(declared, str) and re.match(r"^[A-Za-z]{2}\b", declared.strip()):
        return declared.strip()[:2].lower()
    return guess_language(text)


def _links(soup: BeautifulSoup, base: str | None) -> list[str]:
    seen: dict[str, None] = {}
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        absolute = urljoin(base, href) if base else href
        absolute = absolute.split("#", 1)[0]
        if urlsplit(absolute).scheme in ("http", "https", "file"):
            seen.setdefault(absolute, None)
    return list(seen)


def _fallback_text(soup: BeautifulSoup) -> str:
    body = soup.body or soup
    for tag in body.find_all(_NOISE_TAGS):
        tag.decompose()
    for tag in body.find_all("table"):
        tag.decompose()  # tables are rendered separately
    return body.get_text("\n", strip=True)


def _tidy(text: str) -> str:
    lines = [_WS.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def parse_html(markup: str, *, url: str | None = None) -> ParsedDocument:
    """Main text, title, date, author, language, tables and links of one HTML page."""
    import trafilatura  # imported here: a slow import that only HTML parsing needs

    soup = BeautifulSoup(markup, "lxml")
    base = url
    base_tag = soup.find("base", href=True)
    if base_tag:
        base = urljoin(url or "", base_tag["href"])

    extracted = None
    try:
        extracted = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_tables=False,
            include_comments=False,
            include_images=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura on hostile markup: fall back to the page text
        extracted = None
    main = (getattr(extracted, "text", None) or "") if extracted is not None else ""

    ld = _json_ld(soup)
    links = _links(soup, base)
    tables = html_tables(soup)
    title = _title(soup, ld, getattr(extracted, "title", None))
    author = _author(soup, ld, getattr(extracted, "author", None))
    head_text = soup.get_text(" ", strip=True)[:3000]
    published = _published(soup, ld, head_text, getattr(extracted, "date", None))
    if not main.strip():
        main = _fallback_text(soup)
    text = _tidy(main)
    if title and title not in text[: len(title) + 300]:
        # the headline carries figures too; keep it as the first line like the corpus layout does
        text = f"{title}\n\n{text}" if text else title
    rendered = [r for r in (render_table(t) for t in tables) if r]
    if rendered:
        text = "\n\n".join([text, *rendered]) if text else "\n\n".join(rendered)
    language = _language(soup, text)
    return ParsedDocument(
        text=text,
        title=title,
        published=published,
        language=language,
        author=author,
        tables=tables,
        links=links,
        content_kind="html",
        url=url,
    )
