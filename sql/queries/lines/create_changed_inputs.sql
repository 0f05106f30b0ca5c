-- `_bw_changed`: the facts added (`added`) or removed since the last update; a fact whose columns
-- changed is both, its stored row removed and its current row added.
create or replace temp table _bw_changed as
select
    c.fact_id,
    c.document,
    c.input_hash,
    c.kind,
    c.sector,
    c.government,
    c.fiscal_year,
    c.agency,
    c.stage,
    c.instrument,
    c.recipient,
    c.currency,
    c.amount,
    c.amount_jpy,
    c.in_lines,
    null::varchar as component,
    true as added
from _bw_current as c
where
    not exists (
        select 1 from core.line_inputs as s
        where s.fact_id = c.fact_id and s.input_hash = c.input_hash
    )
union all
select
    s.fact_id,
    s.document,
    s.input_hash,
    s.kind,
    s.sector,
    s.government,
    s.fiscal_year,
    s.agency,
    s.stage,
    s.instrument,
    s.recipient,
    s.currency,
    s.amount,
    s.amount_jpy,
    s.in_lines,
    s.component,
    false as added
from core.line_inputs as s
where not exists (
    select 1 from _bw_current as c
    where s.fact_id = c.fact_id and s.input_hash = c.input_hash
);
