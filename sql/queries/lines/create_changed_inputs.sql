-- `_bw_changed`: the facts added (`added`) or removed since the last update; a fact whose columns
-- changed is both, its stored row removed and its current row added. Both halves take the columns of
-- `core.line_inputs` in its order (`_bw_current` holds them all but `nested_in` and `component`).
create or replace temp table _bw_changed as
select
    c.*,  -- noqa: AM04
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
    s.* exclude (s.nested_in),  -- noqa: AM04
    false as added
from core.line_inputs as s
where not exists (
    select 1 from _bw_current as c
    where s.fact_id = c.fact_id and s.input_hash = c.input_hash
);
