"""parse_document on HTML news pages, ministry tables, PDFs, feeds, plain text and bad input."""

from __future__ import annotations

import os
from datetime import date

import pytest
from fpdf import FPDF

from pipelines.lib.documents import detect_kind, parse_document

NEWS_PAGE = """<!doctype html>
<html lang="en"><head>
<title>Tokyo lifts chip spending - The Daily Ledger</title>
<meta property="og:title" content="Tokyo lifts chip spending">
<meta property="og:site_name" content="The Daily Ledger">
<meta name="author" content="Mariko Sato">
<meta property="article:published_time" content="2025-12-26T18:30:00+09:00">
</head><body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/world">World news menu</a></nav>
<header><div class="brand">The Daily Ledger</div></header>
<article>
<h1>Tokyo lifts chip spending</h1>
<p class="byline">By Mariko Sato</p>
<p>Japan's industry ministry is seeking roughly 1.23 trillion yen for semiconductors and artificial
intelligence in the fiscal year from April, close to three times the current allocation, according to
a draft seen by reporters on Friday.</p>
<p>The plan sets aside 150 billion yen for an equity stake in a state-backed chipmaker, taking total
state investment in the company to 250 billion yen, officials said during a briefing in Tokyo.</p>
<p>Lawmakers are expected to debate the package in January before the budget is enacted in March.</p>
</article>
<footer><p>Subscribe to our newsletter for footer-only offers and cookie settings.</p></footer>
</body></html>"""

MINISTRY_PAGE = """<html lang="ja"><head><meta charset="utf-8"><title>予算の概要｜経済産業省</title></head>
<body><div id="main"><h1>令和8年度 概算要求の概要</h1>
<p>令和7年8月29日</p>
<p>重点分野の要求額は以下のとおりです。</p>
<p>（単位：億円）</p>
<table>
<tr><th>事項</th><th>令和7年度当初</th><th>令和8年度概算要求</th><th>対前年度比(%)</th></tr>
<tr><td>半導体・AI関連</td><td>3,210</td><td>8,765</td><td>273</td></tr>
<tr><td>重要鉱物の確保</td><td>41</td><td>▲3</td><td>－</td></tr>
</table></div></body></html>"""


def test_news_page_title_date_author_text_without_nav_or_footer():
    doc = parse_document(
        NEWS_PAGE.encode(), content_type="text/html; charset=utf-8", url="https://news.example/a"
    )
    assert doc.error is None
    assert doc.content_kind == "html"
    assert doc.title == "Tokyo lifts chip spending"
    assert doc.published == date(2025, 12, 26)
    assert doc.author == "Mariko Sato"
    assert doc.language == "en"
    assert "roughly 1.23 trillion yen" in doc.text
    assert "150 billion yen for an equity stake" in doc.text
    assert "newsletter" not in doc.text
    assert "Markets" not in doc.text
    assert "https://news.example/markets" in doc.links


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('{"@type":"NewsArticle","datePublished":"2024-03-05"}', date(2024, 3, 5)),
        ('{"@graph":[{"@type":"WebPage"},{"datePublished":"2023-11-30T01:00Z"}]}', date(2023, 11, 30)),
        ("", None),
    ],
)
def test_published_from_json_ld(snippet, expected):
    script = f'<script type="application/ld+json">{snippet}</script>' if snippet else ""
    words = "Some words here. " * 30
    page = f"<html><head>{script}</head><body><article><p>{words}</p></article></body></html>"
    assert parse_document(page.encode(), content_type="text/html").published == expected


@pytest.mark.parametrize(
    ("visible", "expected"),
    [
        ("<time datetime='2025-08-29'>Aug 29</time>", date(2025, 8, 29)),
        ("<p class=date>2025年12月26日</p>", date(2025, 12, 26)),
        ("<p class=date>令和7年12月26日</p>", date(2025, 12, 26)),
        ("<p class=date>Published: 26 December 2025</p>", date(2025, 12, 26)),
        ("<p class=date>Dec. 5, 2024</p>", date(2024, 12, 5)),
    ],
)
def test_published_from_time_and_visible_dates(visible, expected):
    page = (
        f"<html><body><article>{visible}<p>{'Budget words in the article. ' * 20}</p></article></body></html>"
    )
    assert parse_document(page.encode(), content_type="text/html").published == expected


def test_title_tag_site_suffix_dropped_when_no_og_or_h1():
    page = "<html><head><title>Subsidy approved | Chip Weekly</title></head><body><p>Text.</p></body></html>"
    assert parse_document(page.encode()).title == "Subsidy approved"


def test_ministry_table_with_oku_yen_unit_rendered_into_text():
    doc = parse_document(MINISTRY_PAGE.encode(), content_type="text/html")
    assert doc.error is None
    assert doc.language == "ja"
    assert doc.published == date(2025, 8, 29)
    (table,) = doc.tables
    assert table.unit == "億円"
    assert table.multiplier == 10**8
    assert table.currency == "JPY"
    assert table.header == ["事項", "令和7年度当初", "令和8年度概算要求", "対前年度比(%)"]
    assert table.rows[0] == ["半導体・AI関連", "3,210", "8,765", "273"]
    assert "半導体・AI関連 令和8年度概算要求: 8,765億円" in doc.text
    assert "半導体・AI関連 令和7年度当初: 3,210億円" in doc.text
    assert "重要鉱物の確保 令和8年度概算要求: ▲3億円" in doc.text
    # a percent column does not get the money unit
    assert "半導体・AI関連 対前年度比(%): 273%" in doc.text
    assert "273億円" not in doc.text
    # a dash means "none": no line is rendered for it
    assert "重要鉱物の確保 対前年度比(%)" not in doc.text


@pytest.mark.parametrize(
    ("unit_text", "multiplier", "currency", "rendered"),
    [
        ("単位：百万円", 10**6, "JPY", "Fund 2026: 1,500百万円"),
        ("（単位：千円）", 10**3, "JPY", "Fund 2026: 1,500千円"),
        ("(unit: 100 million yen)", 10**8, "JPY", "Fund 2026: 1,500億円"),
        ("(JPY billion)", 10**9, "JPY", "Fund 2026: 1,500 billion yen"),
        ("($ millions)", 10**6, "USD", "Fund 2026: $1,500 million"),
    ],
)
def test_table_units(unit_text, multiplier, currency, rendered):
    page = (
        f"<html><body><p>{unit_text}</p><table><tr><th>Item</th><th>2026</th></tr>"
        "<tr><td>Fund</td><td>1,500</td></tr></table></body></html>"
    )
    doc = parse_document(page.encode("utf-8"), content_type="text/html")
    (table,) = doc.tables
    assert (table.multiplier, table.currency) == (multiplier, currency)
    assert rendered in doc.text


def test_layout_table_without_numbers_is_not_a_table():
    page = "<html><body><table><tr><td>Menu</td><td>About us</td></tr></table><p>Text</p></body></html>"
    assert parse_document(page.encode()).tables == []


def _pdf_with_table() -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 10, "Budget request overview for fiscal 2026", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 10, "Priority spending is summarised on the next page.", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.cell(0, 10, "Table 2 Priority items (unit: 100 million yen)", new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for values in (
            ("Item", "FY2025", "FY2026 request"),
            ("Chips and AI", "3,210", "8,765"),
            ("Minerals", "41", "57"),
        ):
            row = table.row()
            for value in values:
                row.cell(value)
    return bytes(pdf.output())


def test_pdf_table_with_page_number_and_page_separator():
    doc = parse_document(_pdf_with_table(), content_type="application/pdf")
    assert doc.error is None
    assert doc.content_kind == "pdf"
    (table,) = doc.tables
    assert table.page == 2
    assert table.multiplier == 10**8
    assert table.rows == [["Chips and AI", "3,210", "8,765"], ["Minerals", "41", "57"]]
    pages = doc.text.split("\f")
    assert len(pages) == 2
    assert "Budget request overview" in pages[0]
    assert "Chips and AI FY2026 request: 8,765億円" in pages[1]
    offset = doc.text.index("8,765億円")
    assert doc.text.count("\f", 0, offset) + 1 == 2


def test_pdf_time_limit_gives_an_error_not_an_exception():
    doc = parse_document(_pdf_with_table(), time_limit_s=0.001)
    assert doc.text == ""
    assert "time limit" in doc.error


def test_pdf_memory_limit_gives_an_error():
    from pipelines.lib.documents import pdf

    with pytest.raises(pdf.PdfError, match="memory limit"):
        pdf.parse_pdf(_pdf_with_table(), memory_limit=40 * 2**20)


def test_rss_feed_links_and_text():
    feed = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Economy</title>
<item><title>Ministry seeks more for chips</title><link>https://news.example/a1</link>
<description>&lt;p&gt;A request of 500 billion yen.&lt;/p&gt;</description>
<pubDate>Fri, 26 Dec 2025 10:00:00 +0900</pubDate></item>
<item><title>Grid plan</title><link>https://news.example/a2</link>
<description>Power lines.</description></item>
</channel></rss>"""
    doc = parse_document(feed.encode(), url="https://news.example/rss.xml")
    assert doc.content_kind == "feed"
    assert doc.links == ["https://news.example/a1", "https://news.example/a2"]
    assert "Ministry seeks more for chips\nA request of 500 billion yen." in doc.text
    assert doc.published == date(2025, 12, 26)
    assert doc.title == "Economy"


def test_atom_feed():
    feed = """<feed xmlns="http://www.w3.org/2005/Atom"><title>Releases</title>
<entry><title>Award</title><link rel="alternate" href="/news/award-1"/><summary>Up to $1.5 billion.</summary>
<updated>2024-11-20T12:00:00Z</updated></entry></feed>"""
    doc = parse_document(feed.encode(), url="https://agency.example/feed.atom")
    assert doc.content_kind == "feed"
    assert doc.links == ["https://agency.example/news/award-1"]
    assert "Up to $1.5 billion." in doc.text


def test_feed_with_entity_expansion_is_refused():
    bomb = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<rss><channel><item><title>&b;</title></item></channel></rss>"""
    doc = parse_document(bomb.encode())
    assert doc.text == ""
    assert "feed does not parse" in doc.error


@pytest.mark.parametrize(
    ("raw", "title", "starts"),
    [
        (
            "https://a.example/x\n[Inferred headline]\n\nBody with 5 billion yen.",
            "Inferred headline",
            "Body with",
        ),
        (
            "https://a.example/x\nReal headline 1.6兆円\n\nBody text.",
            "Real headline 1.6兆円",
            "Real headline 1.6兆円\n\nBody",
        ),
        ("Just some text.\nSecond line.", None, "Just some text."),
    ],
)
def test_plain_text_corpus_layout(raw, title, starts):
    doc = parse_document(raw.encode(), url=None, content_type="text/plain")
    assert doc.title == title
    assert doc.text.startswith(starts)
    assert "[" not in doc.text
    if title:
        assert doc.url == "https://a.example/x"


@pytest.mark.parametrize(
    ("body", "content_type", "url", "kind"),
    [
        (b"%PDF-1.7\n...", "text/html", None, "pdf"),
        (b"<?xml version='1.0'?><rss version='2.0'></rss>", None, None, "feed"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html></html>", "text/plain", None, "html"),
        (b"plain words", None, "https://x.example/a.pdf", "pdf"),
        (b"plain words", None, "https://x.example/a.txt", "text"),
        (b"plain words", "application/rss+xml", None, "feed"),
    ],
)
def test_detect_kind(body, content_type, url, kind):
    assert detect_kind(body, content_type=content_type, url=url) == kind


BAD_INPUTS = {
    "empty": b"",
    "random bytes": os.urandom(4096),
    "truncated html": b"<html><head><title>Cut</title></head><body><div><p>Half a sent",
    "broken pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer <<",
    "one megabyte line": b"budget " * (2**20 // 7),
    "one megabyte html line": b"<html><body><p>" + b"word " * (2**20 // 5) + b"</p></body></html>",
    "gzip bytes": b"\x1f\x8b\x08\x00" + os.urandom(200),
    "deep nesting": b"<div>" * 20000 + b"text",
    "null bytes": b"\x00" * 5000,
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_never_raises(name):
    doc = parse_document(BAD_INPUTS[name], content_type="text/html" if "html" in name else None)
    if doc.error:
        assert doc.text == ""
    else:
        assert doc.text.strip()
    if name in ("empty", "random bytes", "broken pdf", "gzip bytes", "null bytes"):
        assert doc.error


def test_whitespace_only_body_is_an_error_with_empty_text():
    from pipelines.lib.documents import parse_document

    doc = parse_document(b"\t \n", content_type="text/plain")
    assert doc.error == "document has no text"
    assert doc.text == ""
