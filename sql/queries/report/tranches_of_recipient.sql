-- The tranches with a yen amount of the recipient named by the parameter (any case), with the running
-- total of each instrument.
select
    instrument,
    fiscal_year,
    stage,
    amount_jpy,
    counted_in_cumulative as counted,
    computed_cumulative_jpy as running_total_jpy,
    sources
from marts.investment_tracking
where lower(recipient) = lower($1) and amount_jpy is not null
order by instrument, computed_cumulative_jpy, fiscal_year nulls first, line_id;
