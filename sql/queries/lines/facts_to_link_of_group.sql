-- The facts of `_bw_link` of one sector and kind (`line_units.LinkFact` columns).
select
    fact_id,
    kind,
    sector,
    government,
    fiscal_year,
    agency,
    stage,
    instrument,
    recipient,
    currency,
    amount,
    amount_jpy
from _bw_link
where sector = $1 and kind = $2;
