-- The reports of every stored line (`bw_line_reports`): the fact's `reconcile.FactRow` columns (of
-- `bw_line_facts`), then the line's id, key and recipient, then the report's rank in its line (best
-- first). A temporary view of the connection, read without `report_rank`.
create or replace temp view bw_line_reports as
select
    f.*,  -- noqa: AM04
    l.line_id,
    l.government as line_government,
    l.agency as line_agency,
    l.fiscal_year as line_fiscal_year,
    l.stage as line_stage,
    l.kind as line_kind,
    l.sector as line_sector,
    l.instrument as line_instrument,
    l.recipient as line_recipient,
    ls.report_rank
from core.budget_lines as l
inner join core.budget_line_sources as ls on l.line_id = ls.line_id
inner join bw_line_facts as f on ls.fact_id = f.fact_id;
