-- Key, best value and size of every stored line (`bw_line_values`: `line_units.LineValue` columns,
-- then n_facts). A temporary view of the connection; the queries that read it take all its columns.
create or replace temp view bw_line_values as
select
    l.line_id,
    l.government,
    l.agency,
    l.fiscal_year,
    l.stage,
    l.kind,
    l.sector,
    l.instrument,
    l.recipient,
    l.currency,
    l.amount::hugeint as amount,
    l.amount_jpy::hugeint as amount_jpy,
    l.n_facts
from core.budget_lines as l;
