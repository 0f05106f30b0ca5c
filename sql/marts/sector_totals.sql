-- Public money by government x agency x fiscal year x stage x sector, in JPY and USD.
-- Allocation and bond lines count; a line nested inside another counted line ("of which", うち) is
-- shown apart (nested_*) and never added to the totals, so no money is added twice; a line that
-- loses a conflict (another value for the same item, `alternative_to`) is left out too. Figures
-- that fund several sectors stay in `mixed`: no split is invented.
create or replace table marts.sector_totals as
with money_lines as (
    select
        l.*,
        case
            when l.alternative_to is not null then 'alternative'
            when p.kind in ('allocation', 'bond') then 'nested'
            else 'counted'
        end as line_role
    from core.budget_lines as l
    left join core.budget_lines as p on l.parent_line_id = p.line_id
    where l.kind in ('allocation', 'bond')
),

line_reports as (
    select
        m.government,
        m.agency,
        m.fiscal_year,
        m.stage,
        m.sector,
        count(distinct coalesce(s.source_id, s.document)) as n_sources,
        count(distinct s.document) as n_documents
    from money_lines as m
    inner join core.budget_line_sources as s on m.line_id = s.line_id
    group by m.government, m.agency, m.fiscal_year, m.stage, m.sector
),

grouped as (
    select
        government,
        agency,
        fiscal_year,
        stage,
        sector,
        coalesce(sum(amount_jpy) filter (where line_role = 'counted'), 0)::decimal(38, 0) as total_jpy,
        coalesce(sum(amount_usd) filter (where line_role = 'counted'), 0)::decimal(38, 0) as total_usd,
        case
            when count(distinct currency) filter (where line_role = 'counted') = 1
                then any_value(currency) filter (where line_role = 'counted')
        end as currency,
        coalesce(sum(amount_jpy) filter (where line_role = 'nested'), 0)::decimal(38, 0) as nested_jpy,
        coalesce(sum(amount_usd) filter (where line_role = 'nested'), 0)::decimal(38, 0) as nested_usd,
        count(*) filter (where line_role = 'counted') as n_lines,
        count(*) filter (where line_role = 'nested') as n_nested_lines,
        count(*) filter (where line_role = 'counted' and amount_jpy is null) as n_lines_unconverted,
        count(*) filter (where line_role = 'alternative') as n_disputed_lines,
        sum(amount) filter (where line_role = 'counted') as local_sum
    from money_lines
    group by government, agency, fiscal_year, stage, sector
),

final as (
    select
        g.government,
        g.agency,
        g.fiscal_year,
        g.stage,
        g.sector,
        g.total_jpy,
        g.total_usd,
        g.currency,
        g.nested_jpy,
        g.nested_usd,
        g.n_lines::integer as n_lines,
        g.n_nested_lines::integer as n_nested_lines,
        g.n_lines_unconverted::integer as n_lines_unconverted,
        g.n_disputed_lines::integer as n_disputed_lines,
        r.n_sources::integer as n_sources,
        r.n_documents::integer as n_documents,
        (case when g.currency is not null then g.local_sum end)::decimal(38, 0) as total_local
    from grouped as g
    left join line_reports as r
        on
            g.government is not distinct from r.government
            and g.agency is not distinct from r.agency
            and g.fiscal_year is not distinct from r.fiscal_year
            and g.stage = r.stage
            and g.sector = r.sector
)

select * from final
order by government nulls last, agency nulls last, fiscal_year nulls last, stage, sector;
