"""Documents: parse each stored body that has not been parsed by the current parser version."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from pipelines.lib.documents import parse_document
from pipelines.lib.sql_files import query
from pipelines.lib.steps.tables import insert_rows
from pipelines.lib.versions import stage_version
from pipelines.lib.warehouse import transaction

BATCH = 200


@dataclass
class ParseSummary:
    parsed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (document_id, error)


_DOC_COLUMNS = [
    "document_id",
    "source_id",
    "url",
    "title",
    "published",
    "language",
    "author",
    "content_kind",
    "text",
    "n_chars",
    "n_tables",
    "error",
    "parser_version",
    "parsed_at",
]
_TABLE_COLUMNS = [
    "document_id",
    "table_index",
    "page",
    "caption",
    "unit",
    "multiplier",
    "currency",
    "header",
    "rows",
]


def parse_pending(con: duckdb.DuckDBPyConnection, *, limit: int | None = None) -> ParseSummary:
    """Parse every body that has no document yet (or an outdated one), in batches of BATCH."""
    version = stage_version("documents")
    summary = ParseSummary()
    while limit is None or summary.parsed < limit:
        batch = con.execute(query("parse/pending_bodies"), [version, BATCH]).fetchall()
        if not batch:
            break
        now = datetime.now(UTC).replace(tzinfo=None)
        doc_rows, table_rows = [], []
        for chash, body, ctype, charset, source_language, source_id, url in batch:
            doc = parse_document(bytes(body), content_type=ctype, url=url, declared_charset=charset)
            if doc.error:
                summary.errors.append((chash, doc.error))
            language = doc.language or source_language
            doc_rows.append(
                (
                    chash,
                    source_id,
                    url,
                    doc.title,
                    doc.published,
                    language,
                    doc.author,
                    doc.content_kind,
                    doc.text,
                    len(doc.text),
                    len(doc.tables),
                    doc.error,
                    version,
                    now,
                )
            )
            for t in doc.tables:
                table_rows.append(
                    (
                        chash,
                        t.index,
                        t.page,
                        t.caption,
                        t.unit,
                        t.multiplier,
                        t.currency,
                        json.dumps(t.header, ensure_ascii=False),
                        json.dumps(t.rows, ensure_ascii=False),
                    )
                )
        ids = [row[0] for row in batch]
        with transaction(con):
            con.execute(query("parse/delete_documents"), [ids])
            con.execute(query("parse/delete_document_tables"), [ids])
            insert_rows(
                con,
                "staging.documents",
                _DOC_COLUMNS,
                doc_rows,
                {"published": "date", "n_chars": "integer", "n_tables": "integer", "parsed_at": "timestamp"},
            )
            insert_rows(
                con,
                "staging.document_tables",
                _TABLE_COLUMNS,
                table_rows,
                {
                    "table_index": "integer",
                    "page": "integer",
                    "multiplier": "bigint",
                    "header": """from_json({}, '["VARCHAR"]')""",
                    "rows": """from_json({}, '[["VARCHAR"]]')""",
                },
            )
        summary.parsed += len(batch)
    return summary
