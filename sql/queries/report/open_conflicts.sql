-- Every open conflict between two budget lines.
select
    government,
    fiscal_year,
    stage,
    sector,
    recipient,
    as_written_a,
    sources_a,
    as_written_b,
    sources_b,
    difference_pct
from core.fact_conflicts
order by government, fiscal_year, line_id_a;
