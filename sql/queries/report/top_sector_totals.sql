-- The 25 largest sector totals (in US dollars) that count at least one budget line.
select
    government,
    agency,
    fiscal_year,
    stage,
    sector,
    total_jpy,
    total_usd,
    n_lines
from marts.sector_totals
where n_lines > 0
order by total_usd desc nulls last
limit 25;
