-- Public money by government x agency x fiscal year x stage x sector, in JPY and USD.
-- Only allocation and bond lines count; a line nested inside another (parent_line_id) is left out
-- so that no money is added twice; 'mixed' figures stay 'mixed'.
create or replace table marts.sector_totals as
with countable_lines as (
    select *
    from core.budget_lines
    where kind in ('allocation', 'bond') and parent_line_id is null
),

line_sources as (
    select
        s.line_id,
        count(distinct s.source_id) as n_sources
    from core.budget_line_sources as s
    group by s.line_id
),

final as (
    select
        l.government,
        l.agency,
        l.fiscal_year,
        l.stage,
        l.sector,
        sum(l.amount_jpy)::decimal(38, 0) as total_jpy,
        sum(l.amount_usd)::decimal(38, 0) as total_usd,
        count(*) as n_lines,
        count(*) filter (where l.amount_jpy is null) as n_lines_unconverted,
        sum(ls.n_sources) as n_source_reports
    from countable_lines as l
    left join line_sources as ls on l.line_id = ls.line_id
    group by l.government, l.agency, l.fiscal_year, l.stage, l.sector
)

select * from final
order by government, agency nulls last, fiscal_year nulls last, stage, sector;
