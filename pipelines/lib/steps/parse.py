"""Documents: parse each stored body that has not been parsed by the current parser version."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from pipelines.lib.documents import parse_document
from pipelines.lib.steps.tables import insert_rows
from pipelines.lib.versions import stage_version
from pipelines.lib.warehouse import transaction

BATCH = 200


@dataclass
class ParseSummary:
    parsed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (document_id, error)


_PENDING = """
with first_url as (
    select content_hash, arg_min(source_id, source_id || url) as source_id, min(url) as url
    from raw.source_urls
    group by content_hash
)
select d.content_hash, d.body, d.content_type, d.charset, coalesce(f.source_id, d.first_source_id),
    coalesce(f.url, d.first_url), s.language
from raw.documents as d
left join first_url as f on d.content_hash = f.content_hash
left join raw.sources as s on s.source_id = coalesce(f.source_id, d.first_source_id)
left join staging.documents as p on p.document_id = d.content_hash
where p.document_id is null or p.parser_version <> ?
order by d.content_hash
limit ?
"""

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
        batch = con.execute(_PENDING, [version, BATCH]).fetchall()
        if not batch:
            break
        now = datetime.now(UTC).replace(tzinfo=None)
        doc_rows, table_rows = [], []
        for chash, body, ctype, charset, source_id, url, source_language in batch:
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
            con.execute("delete from staging.documents where list_contains(?, document_id)", [ids])
            con.execute("delete from staging.document_tables where list_contains(?, document_id)", [ids])
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
