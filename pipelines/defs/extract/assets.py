import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import WarehouseResource


@dg.asset(group_name="extract", kinds={"duckdb", "python"}, pool="warehouse", deps=["raw_documents"])
def documents(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Clean text, title, published date, language, author and tables of every stored body
    (`staging.documents`, `staging.document_tables`). HTML through trafilatura and BeautifulSoup,
    PDFs through pdfplumber under a time limit; tables carry the unit of their header (単位：億円).
    Only bodies new since the last parse (or parsed by an older parser) are parsed; a body that
    cannot be parsed is kept with its error and the run goes on."""
    from pipelines.lib.steps.parse import parse_pending  # parsers load slowly: only when a run needs them

    with warehouse.connect() as con:
        summary = parse_pending(con)
        for doc_id, error in summary.errors:
            context.log.warning(f"document {doc_id}: {error}")
        metadata = table_metadata(
            con,
            "staging.documents",
            "select document_id, language, published, title, n_chars, n_tables, error "
            "from staging.documents order by published desc nulls last, document_id",
            parsed_this_run=summary.parsed,
            parse_errors=len(summary.errors),
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(group_name="extract", kinds={"duckdb", "python"}, pool="warehouse", deps=[documents])
def figure_mentions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every money, percent and ratio phrase in every document, with its exact span, amount in full
    units, currency and qualifier (`staging.figure_mentions`): English and Japanese grammar
    (兆/億/万, kanji numerals, lakh/crore, ranges, ▲ negatives)."""
    from pipelines.lib.steps.extract import extract_pending_mentions

    with warehouse.connect() as con:
        summary = extract_pending_mentions(con)
        metadata = table_metadata(
            con,
            "staging.figure_mentions",
            "select as_written, amount, currency, percent, qualifier, unit from staging.figure_mentions "
            "order by document_id, mention_no",
            documents_processed=summary.documents,
            errors=len(summary.errors),
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(group_name="extract", kinds={"duckdb", "python"}, pool="warehouse", deps=[documents])
def budget_facts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Typed budget facts, one per distinct figure and role per document (`core.budget_facts`, the
    facts contract of DESIGN.md): kind, sector, stage, instrument, qualifier, recipient, government,
    agency, fiscal year with its basis, conversions linked to the figure they convert, and amounts
    normalised to JPY and USD (the document's own conversion first, else reference FX rates)."""
    from pipelines.lib.steps.extract import extract_pending_facts

    with warehouse.connect() as con:
        summary = extract_pending_facts(con)
        for doc_id, error in summary.errors:
            context.log.warning(f"facts {doc_id}: {error}")
        metadata = table_metadata(
            con,
            "core.budget_facts",
            "select as_written, kind, sector, stage, instrument, recipient, government, fiscal_year "
            "from core.budget_facts where kind <> 'other' order by amount_jpy desc nulls last limit 20",
            documents_processed=summary.documents,
            errors=len(summary.errors),
        )
    return dg.MaterializeResult(metadata=metadata)
