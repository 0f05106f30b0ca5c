"""A small warehouse built by hand: sources, fetches, documents and typed facts written straight into
the raw, staging and core tables, so that reconciliation and the marts can be tested on known facts
without the extractor. The sentences are written for these tests; the figures are METI's FY2026
draft budget and Rapidus's support as publicly reported (some FY2025 figures are illustrative).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from pipelines.lib import warehouse
from pipelines.lib.normalise import to_jpy_usd
from pipelines.lib.steps.extract import FACT_CASTS, FACT_COLUMNS
from pipelines.lib.steps.lines import rebuild_lines
from pipelines.lib.steps.marts import build_all_marts
from pipelines.lib.steps.reference import load_reference
from pipelines.lib.steps.tables import insert_rows

B = 1_000_000_000  # one billion (10 億)

SOURCES = [
    # source_id, name, kind, publisher_type, government, agency
    ("meti-budget", "METI budget pages", "page", "ministry", "Japan", "METI"),
    ("wire", "Asia tech wire", "feed", "news", "Japan", None),
    ("kabuto", "Kabuto business news", "page", "news", "Japan", None),
]


@dataclass
class F:
    """One fact of a sentence: the phrase as written and its roles."""

    as_written: str
    amount: int | None
    kind: str = "allocation"
    sector: str = "mixed"
    stage: str = "draft"
    instrument: str = "subsidy"
    recipient: str | None = None
    agency: str | None = "METI"
    fiscal_year: int | None = 2026
    qualifier: str | None = None
    percent: float | None = None
    currency: str = "JPY"


@dataclass
class Doc:
    name: str
    source_id: str
    urls: list[str]
    published: date
    sentences: list[tuple[str, list[F]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s for s, _ in self.sentences)

    @property
    def document_id(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:32]


def documents() -> list[Doc]:
    return [
        Doc(
            "meti-2026",
            "meti-budget",
            ["https://www.meti.go.jp/budget/fy2026/draft.html"],
            date(2025, 12, 26),
            [
                (
                    "経済産業省の令和8年度予算案は総額3兆693億円で、前年度から約5割増える。",
                    [
                        F("3兆693億円", 3_069_300_000_000, kind="total_budget", sector="other"),
                        F("約5割増", None, kind="change", sector="other", percent=50.0, qualifier="approx"),
                    ],
                ),
                (
                    "AI・半導体には1兆2390億円を計上し、前年度当初の約2.9倍となる。",
                    [
                        F("1兆2390億円", 1_239_000_000_000),
                        F("約2.9倍", None, kind="change", percent=190.0, qualifier="approx"),
                    ],
                ),
                ("このうちAIの開発基盤に3873億円を充てる。", [F("3873億円", 387_300_000_000, sector="ai")]),
                (
                    "ラピダスへの出資は1500億円で、累計2500億円となる。",
                    [
                        F(
                            "1500億円",
                            150 * B,
                            sector="semiconductors",
                            instrument="equity",
                            recipient="ラピダス",
                        ),
                        F(
                            "2500億円",
                            250 * B,
                            kind="cumulative_total",
                            sector="semiconductors",
                            instrument="equity",
                            recipient="ラピダス",
                        ),
                    ],
                ),
                ("重要鉱物の確保に50億円を計上する。", [F("50億円", 5 * B, sector="critical_minerals")]),
            ],
        ),
        Doc(
            "meti-2025",
            "meti-budget",
            ["https://www.meti.go.jp/budget/fy2025/initial.html"],
            date(2024, 12, 27),
            [
                (
                    "令和7年度当初予算は総額2兆462億円。",
                    [
                        F(
                            "2兆462億円",
                            2_046_200_000_000,
                            kind="total_budget",
                            sector="other",
                            stage="initial",
                            fiscal_year=2025,
                        )
                    ],
                ),
                (
                    "AI・半導体に4330億円、ラピダスへの出資に1000億円を計上した。",
                    [
                        F("4330億円", 433 * B, stage="initial", fiscal_year=2025),
                        F(
                            "1000億円",
                            100 * B,
                            sector="semiconductors",
                            instrument="equity",
                            recipient="ラピダス",
                            stage="initial",
                            fiscal_year=2025,
                        ),
                    ],
                ),
            ],
        ),
        Doc(
            "wire-2026",
            "wire",
            [
                "https://asiatechwire.example/2025/12/26/meti-chips-ai",
                # the same body from a second URL
                "https://asiatechwire.example/amp/2025/12/26/meti-chips-ai",
            ],
            date(2025, 12, 26),
            [
                (
                    "Japan plans about ¥1.23 trillion for chips and AI in the year from April, nearly triple "
                    "the prior year.",
                    [
                        F("¥1.23 trillion", 1_230_000_000_000, agency=None, qualifier="approx"),
                        F(
                            "nearly triple",
                            None,
                            kind="change",
                            agency=None,
                            percent=200.0,
                            qualifier="approx",
                        ),
                    ],
                ),
                (
                    "Of that, ¥378.3 billion goes to AI models and data centres.",
                    [F("¥378.3 billion", 378_300_000_000, sector="ai")],
                ),
                (
                    "The industry ministry will put ¥150 billion into Rapidus Corp., lifting the state's "
                    "stake to ¥250 billion.",
                    [
                        F(
                            "¥150 billion",
                            150 * B,
                            sector="semiconductors",
                            instrument="equity",
                            recipient="Rapidus Corp.",
                            agency="industry ministry",
                        ),
                        F(
                            "¥250 billion",
                            250 * B,
                            kind="cumulative_total",
                            sector="semiconductors",
                            instrument="equity",
                            recipient="Rapidus",
                            agency="industry ministry",
                        ),
                    ],
                ),
                (
                    "The ministry's total budget rises to ¥3.07 trillion.",
                    [
                        F(
                            "¥3.07 trillion",
                            3_070_000_000_000,
                            kind="total_budget",
                            sector="other",
                            agency="Ministry of Economy, Trade and Industry",
                        )
                    ],
                ),
            ],
        ),
        Doc(
            "kabuto-request",
            "kabuto",
            ["https://kabuto.example/news/2025/08/29/gaisan"],
            date(2025, 8, 29),
            [
                (
                    "経産省は令和8年度概算要求でラピダスへの出資1500億円を求めた。",
                    [
                        F(
                            "1500億円",
                            150 * B,
                            sector="semiconductors",
                            instrument="equity",
                            recipient="ラピダス",
                            agency="経産省",
                            stage="request",
                        )
                    ],
                ),
            ],
        ),
        Doc(
            "kabuto-rapidus",
            "kabuto",
            ["https://kabuto.example/news/2025/04/01/rapidus"],
            date(2025, 4, 1),
            [
                (
                    "ラピダスへの補助金は2022年度700億円、2023年度2600億円、同年度補正で最大5900億円。",
                    [
                        F("700億円", 70 * B, **_subsidy(2022, "announced")),
                        F("2600億円", 260 * B, **_subsidy(2023, "announced")),
                        F("最大5900億円", 590 * B, qualifier="up_to", **_subsidy(2023, "supplementary")),
                    ],
                ),
                (
                    "今年度は最大8025億円を追加し、支援は累計1兆7225億円となる。",
                    [
                        F("最大8025億円", 802_500_000_000, qualifier="up_to", **_subsidy(2025, "announced")),
                        F(
                            "1兆7225億円",
                            1_722_500_000_000,
                            kind="cumulative_total",
                            **_subsidy(None, "announced"),
                        ),
                    ],
                ),
            ],
        ),
        Doc(
            "wire-rapidus-2024",
            "wire",
            ["https://asiatechwire.example/2024/04/02/rapidus-support"],
            date(2024, 4, 2),
            [
                (
                    "Rapidus has now been promised ¥920 billion in subsidies in total.",
                    [F("¥920 billion", 920 * B, kind="cumulative_total", **_subsidy(None, "announced"))],
                ),
            ],
        ),
    ]


def _subsidy(fiscal_year: int | None, stage: str) -> dict:
    return dict(
        sector="semiconductors",
        instrument="subsidy",
        recipient="Rapidus",
        agency=None,
        fiscal_year=fiscal_year,
        stage=stage,
    )


def fact_rows(docs: list[Doc]) -> list[tuple]:
    """Rows of core.budget_facts (FACT_COLUMNS order) for the documents."""
    rows = []
    for doc in docs:
        offset = 0
        for sentence, facts in doc.sentences:
            for f in facts:
                at = sentence.index(f.as_written)
                start = offset + at
                fact_id = hashlib.sha1(f"{doc.document_id}|{start}|{f.kind}".encode()).hexdigest()[:16]
                jpy = usd = basis = None
                if f.amount is not None:
                    jpy, usd, basis = to_jpy_usd(f.amount, f.currency, f.fiscal_year)
                rows.append(
                    (
                        fact_id,
                        doc.document_id,
                        doc.source_id,
                        doc.urls[0],
                        doc.published,
                        f.as_written,
                        start,
                        start + len(f.as_written),
                        sentence,
                        f.amount,
                        None,
                        f.currency if f.amount is not None else None,
                        f.percent,
                        f.kind,
                        f.sector,
                        f.stage,
                        f.instrument,
                        f.qualifier,
                        f.recipient,
                        "Japan",
                        f.agency,
                        f.fiscal_year,
                        "stated" if f.fiscal_year else None,
                        None,
                        jpy,
                        usd,
                        basis,
                        0.9,
                        "test",
                    )
                )
            offset += len(sentence) + 1
    return rows


def write_inputs(con, docs: list[Doc], facts: list[tuple] | None = None) -> None:
    """Sources, fetches, bodies, parsed documents and facts, as the pipeline would have left them."""
    when = datetime(2026, 1, 5, 6, 0)
    insert_rows(
        con,
        "raw.sources",
        [
            "source_id",
            "catalog",
            "name",
            "kind",
            "url",
            "publisher_type",
            "government",
            "agency",
            "schedule",
            "loaded_at",
        ],
        [(s, "test", n, k, None, p, g, a, "daily", when) for s, n, k, p, g, a in SOURCES],
        {"loaded_at": "timestamp"},
    )
    fetch_rows, url_rows = [], []
    for doc in docs:
        body = doc.text.encode()
        con.execute(
            "insert into raw.documents values (?, ?, 'text/html', 'utf-8', ?, ?, ?, ?)",
            [doc.document_id, body, len(body), doc.source_id, doc.urls[0], when],
        )
        for n, url in enumerate(doc.urls):
            for attempt in range(2):  # every URL fetched twice: once with a body, once answered 304
                fetch_rows.append(
                    (
                        f"{doc.name}-{n}-{attempt}",
                        f"run{attempt}",
                        doc.source_id,
                        url,
                        200 if attempt == 0 else 304,
                        attempt == 1,
                        doc.document_id if attempt == 0 else None,
                        when.replace(hour=6 + attempt),
                    )
                )
            url_rows.append((doc.source_id, url, doc.document_id, when, when.replace(hour=7)))
        insert_rows(
            con,
            "staging.documents",
            [
                "document_id",
                "source_id",
                "url",
                "published",
                "language",
                "content_kind",
                "text",
                "n_chars",
                "n_tables",
                "parser_version",
                "parsed_at",
            ],
            [
                (
                    doc.document_id,
                    doc.source_id,
                    doc.urls[0],
                    doc.published,
                    "ja",
                    "html",
                    doc.text,
                    len(doc.text),
                    0,
                    "t",
                    when,
                )
            ],
            {"published": "date", "n_chars": "integer", "n_tables": "integer", "parsed_at": "timestamp"},
        )
    fetch_rows.append(
        ("wire-broken", "run1", "wire", "https://asiatechwire.example/feed", None, False, None, when)
    )
    insert_rows(
        con,
        "raw.fetch_log",
        [
            "fetch_id",
            "run_id",
            "source_id",
            "url",
            "status",
            "not_modified",
            "content_hash",
            "fetched_at",
            "error",
        ],
        [(*r, "ReadTimeout: feed took too long" if r[0] == "wire-broken" else None) for r in fetch_rows],
        {"status": "integer", "not_modified": "boolean", "fetched_at": "timestamp"},
    )
    insert_rows(
        con,
        "raw.source_urls",
        ["source_id", "url", "content_hash", "first_seen_at", "last_fetched_at"],
        url_rows,
        {"first_seen_at": "timestamp", "last_fetched_at": "timestamp"},
    )
    insert_rows(
        con, "core.budget_facts", FACT_COLUMNS, facts if facts is not None else fact_rows(docs), FACT_CASTS
    )


def build(path, facts: list[tuple] | None = None, docs: list[Doc] | None = None) -> None:
    """A warehouse at `path` with the fixture's inputs (or `docs`), reference tables, lines and marts."""
    docs = docs if docs is not None else documents()
    with warehouse.connect(path) as con:
        warehouse.ensure_schema(con)
        write_inputs(con, docs, facts)
        load_reference(con)
        rebuild_lines(con)
        build_all_marts(con)
