"""The records that pass between stages: parsed documents, figure mentions and typed facts.

Plain dataclasses, no Dagster, no DuckDB. Field names of `Fact` are the facts contract of
DESIGN.md and the columns of `core.budget_facts`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

KINDS = ("allocation", "cumulative_total", "total_budget", "change", "bond", "conversion", "other")
SECTORS = (
    "semiconductors",
    "ai",
    "decarbonization",
    "nuclear",
    "energy",
    "critical_minerals",
    "export_insurance",
    "science",
    "infrastructure",
    "enterprise_finance",
    "mixed",
    "other",
)
STAGES = ("request", "draft", "initial", "supplementary", "executed", "announced", "unknown")
INSTRUMENTS = ("subsidy", "equity", "loan", "guarantee", "bond", "fund", "tax_credit", "unknown")
QUALIFIERS = ("approx", "up_to", "at_least")
FISCAL_YEAR_BASES = ("stated", "inferred")


@dataclass
class Table:
    """A table found in a document, with the unit its header declares applied to the cells."""

    index: int
    header: list[str]
    rows: list[list[str]]
    unit: str | None = None  # as written in the header, e.g. "億円", "百万円", "千円"
    multiplier: int | None = None  # 10**8 for 億円
    currency: str | None = None  # "JPY"
    page: int | None = None  # PDF page number (1-based)
    caption: str | None = None


@dataclass
class ParsedDocument:
    """Clean text and metadata of one stored body. `text` is what facts' offsets point into."""

    text: str
    title: str | None = None
    published: date | None = None
    language: str | None = None  # ISO 639-1: "en", "ja", ...
    author: str | None = None
    tables: list[Table] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # absolute links found (feeds, index pages)
    content_kind: str = "text"  # "html", "pdf", "text", "feed"
    error: str | None = None  # set when the body could not be parsed; text is then ""
    url: str | None = None  # the URL the document names for itself (plain-text corpus layout, feeds)


@dataclass
class Mention:
    """One money or percent phrase in a text, as the grammar read it."""

    start: int
    end: int
    as_written: str  # text[start:end]
    amount: int | None  # full units; lower bound of a range; None for a bare percent/ratio
    currency: str | None  # ISO 4217, None for percent/ratio
    amount_max: int | None = None  # upper bound of a range
    percent: float | None = None  # for percent / ratio mentions ("1.5倍" -> 50.0, "13%" -> 13.0)
    qualifier: str | None = None  # approx / up_to / at_least
    negative: bool = False  # a ▲/△ marked figure or "down/cut" ratio
    unit: str = "money"  # "money", "percent", "ratio"
    currency_basis: str = "explicit"  # "explicit" (symbol/word) or "context" (¥/$ resolved by context)


@dataclass
class Fact:
    """One distinct budget figure and its role in a document (the facts contract)."""

    document: str
    fact_id: str
    as_written: str
    start: int
    end: int
    sentence: str
    amount: int | None
    currency: str | None
    percent: float | None
    kind: str
    sector: str
    stage: str
    instrument: str
    qualifier: str | None
    recipient: str | None
    government: str | None
    agency: str | None
    fiscal_year: int | None
    fiscal_year_basis: str | None
    converts: str | None = None
    amount_jpy: int | None = None
    amount_usd: int | None = None
    confidence: float = 0.5
    amount_max: int | None = None
    fx_basis: str | None = None  # how amount_jpy/amount_usd were worked out (warehouse)

    def to_dict(self) -> dict:
        return asdict(self)
