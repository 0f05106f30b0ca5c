"""Figure mentions and budget facts for every document the current extractor has not yet seen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from pipelines.lib.extract import extract_facts
from pipelines.lib.extract.grammar import find_mentions
from pipelines.lib.normalise import normalise_facts
from pipelines.lib.sql_files import query
from pipelines.lib.steps.tables import insert_rows
from pipelines.lib.versions import stage_version
from pipelines.lib.warehouse import transaction

BATCH = 500
# Amounts are stored as DECIMAL(38, 0): one figure beyond it would abort its whole batch, so a
# mention that large (a misreading: "９９…９兆円") is skipped and noted in the extraction log.
MAX_STORED_AMOUNT = 10**38 - 1
# Facts beyond 10**24 units of any currency (public budgets stay below 10**17)
# are misreadings too; dropping them before normalising keeps the FX arithmetic within Decimal's
# 28 significant digits, which otherwise raises and costs the document all its facts.
MAX_FACT_AMOUNT = 10**24


def _beyond(limit: int, *values: int | None) -> bool:
    return any(v is not None and abs(v) > limit for v in values)


@dataclass
class ExtractSummary:
    documents: int = 0
    rows: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (document_id, error)


MENTION_COLUMNS = [
    "document_id",
    "mention_no",
    "start_offset",
    "end_offset",
    "as_written",
    "amount",
    "amount_max",
    "currency",
    "percent",
    "qualifier",
    "negative",
    "unit",
    "extractor_version",
]
MENTION_CASTS = {
    "mention_no": "integer",
    "start_offset": "integer",
    "end_offset": "integer",
    "amount": "decimal(38, 0)",
    "amount_max": "decimal(38, 0)",
    "percent": "decimal(12, 2)",
    "negative": "boolean",
}
FACT_COLUMNS = [
    "fact_id",
    "document",
    "source_id",
    "url",
    "published",
    "as_written",
    "start",
    "end",
    "sentence",
    "amount",
    "amount_max",
    "currency",
    "percent",
    "kind",
    "sector",
    "stage",
    "instrument",
    "qualifier",
    "recipient",
    "government",
    "agency",
    "fiscal_year",
    "fiscal_year_basis",
    "converts",
    "amount_jpy",
    "amount_usd",
    "fx_basis",
    "confidence",
    "extractor_version",
]
FACT_CASTS = {
    "published": "date",
    "start": "integer",
    "end": "integer",
    "amount": "decimal(38, 0)",
    "amount_max": "decimal(38, 0)",
    "percent": "decimal(12, 2)",
    "fiscal_year": "integer",
    "amount_jpy": "decimal(38, 0)",
    "amount_usd": "decimal(38, 0)",
    "confidence": "decimal(4, 3)",
}


def fact_row(f, document: str, source_id, url, published, version: str) -> tuple:
    """The values of one fact in the order of FACT_COLUMNS (the facts contract plus provenance)."""
    return (
        f.fact_id, document, source_id, url, published, f.as_written, f.start, f.end, f.sentence,
        f.amount, f.amount_max, f.currency, f.percent, f.kind, f.sector, f.stage, f.instrument,
        f.qualifier, f.recipient, f.government, f.agency, f.fiscal_year, f.fiscal_year_basis,
        f.converts, f.amount_jpy, f.amount_usd, f.fx_basis, round(f.confidence, 3), version,
    )  # fmt: skip


def _log_rows(stage, version, counts, errors, now):
    return [(doc_id, stage, version, n, errors.get(doc_id), now) for doc_id, n in counts.items()]


def _write(con, stage, version, table, delete_sql, columns, casts, rows, counts, errors):
    """Replace the rows of `table` and the stage's log rows of the documents in `counts` (`delete_sql`
    forgets the table's rows of the documents in its list parameter)."""
    ids = list(counts)
    now = datetime.now(UTC).replace(tzinfo=None)
    with transaction(con):
        con.execute(delete_sql, [ids])
        con.execute(query("extract/delete_log_of_documents"), [stage, ids])
        insert_rows(con, table, columns, rows, casts)
        insert_rows(
            con,
            "staging.extraction_log",
            ["document_id", "stage", "version", "n_rows", "error", "processed_at"],
            _log_rows(stage, version, counts, errors, now),
            {"n_rows": "integer", "processed_at": "timestamp"},
        )


def extract_pending_mentions(con: duckdb.DuckDBPyConnection) -> ExtractSummary:
    """Run the grammar over documents not yet processed by this grammar version."""
    version = stage_version("mentions")
    summary = ExtractSummary()
    while True:
        batch = con.execute(query("extract/pending_documents"), ["mentions", version, BATCH]).fetchall()
        if not batch:
            return summary
        rows, counts, errors = [], {}, {}
        for doc_id, text, *_ in batch:
            try:
                mentions = find_mentions(text)
            except Exception as exc:  # one bad document must not stop the run
                mentions, errors[doc_id] = [], f"{type(exc).__name__}: {exc}"
                summary.errors.append((doc_id, errors[doc_id]))
            kept = [m for m in mentions if not _beyond(MAX_STORED_AMOUNT, m.amount, m.amount_max)]
            if len(kept) < len(mentions):
                errors[doc_id] = f"skipped {len(mentions) - len(kept)} figure(s) beyond DECIMAL(38, 0)"
                summary.errors.append((doc_id, errors[doc_id]))
                mentions = kept
            counts[doc_id] = len(mentions)
            for n, m in enumerate(mentions):
                rows.append(
                    (
                        doc_id,
                        n,
                        m.start,
                        m.end,
                        m.as_written,
                        m.amount,
                        m.amount_max,
                        m.currency,
                        m.percent,
                        m.qualifier,
                        m.negative,
                        m.unit,
                        version,
                    )
                )
        _write(
            con,
            "mentions",
            version,
            "staging.figure_mentions",
            query("extract/delete_mentions_of_documents"),
            MENTION_COLUMNS,
            MENTION_CASTS,
            rows,
            counts,
            errors,
        )
        summary.documents += len(batch)
        summary.rows += len(rows)


def extract_pending_facts(con: duckdb.DuckDBPyConnection) -> ExtractSummary:
    """Type the figures of documents not yet processed by this extractor version."""
    version = stage_version("facts")
    summary = ExtractSummary()
    while True:
        batch = con.execute(query("extract/pending_documents"), ["facts", version, BATCH]).fetchall()
        if not batch:
            return summary
        rows, counts, errors = [], {}, {}
        for doc_id, text, title, published, url, language, government, agency, source_id in batch:
            try:
                facts = extract_facts(
                    text,
                    document=doc_id,
                    published=published,
                    url=url,
                    title=title,
                    language=language,
                    default_government=government,
                    default_agency=agency,
                )
                kept = [f for f in facts if not _beyond(MAX_FACT_AMOUNT, f.amount, f.amount_max)]
                if len(kept) < len(facts):
                    errors[doc_id] = f"dropped {len(facts) - len(kept)} fact(s) beyond 10**24"
                    summary.errors.append((doc_id, errors[doc_id]))
                    facts = kept
                normalise_facts(facts, published.year if published else None)
            except Exception as exc:  # one bad document must not stop the run
                facts, errors[doc_id] = [], f"{type(exc).__name__}: {exc}"
                summary.errors.append((doc_id, errors[doc_id]))
            counts[doc_id] = len(facts)
            rows.extend(fact_row(f, doc_id, source_id, url, published, version) for f in facts)
        _write(
            con,
            "facts",
            version,
            "core.budget_facts",
            query("extract/delete_facts_of_documents"),
            FACT_COLUMNS,
            FACT_CASTS,
            rows,
            counts,
            errors,
        )
        summary.documents += len(batch)
        summary.rows += len(rows)
