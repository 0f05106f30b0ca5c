-- Groups of marts.sector_totals whose total_jpy, total_usd or n_lines differ from the sum over the
-- lines they aggregate: allocation and bond lines, minus those nested in another allocation or bond
-- line (an "of which" figure is inside its parent and must not be added again) and those that lost
-- a conflict (alternative_to: another value for the same item). Also groups present on one side
-- only. Keep in step with sql/marts/sector_totals.sql. Returns the offending groups; empty = pass.
with money_lines as (
    select
        l.government,
        l.agency,
        l.fiscal_year,
        l.stage,
        l.sector,
        l.amount_jpy,
        l.amount_usd,
        l.alternative_to is not null or coalesce(p.kind in ('allocation', 'bond'), false) as is_left_out
    from core.budget_lines as l
    left join core.budget_lines as p on l.parent_line_id = p.line_id
    where l.kind in ('allocation', 'bond')
),

line_sums as (
    select
        government,
        agency,
        fiscal_year,
        stage,
        sector,
        coalesce(sum(amount_jpy) filter (where not is_left_out), 0) as total_jpy,
        coalesce(sum(amount_usd) filter (where not is_left_out), 0) as total_usd,
        count(*) filter (where not is_left_out) as n_lines
    from money_lines
    group by government, agency, fiscal_year, stage, sector
),

final as (
    select
        m.total_jpy as mart_total_jpy,
        l.total_jpy as lines_total_jpy,
        m.total_usd as mart_total_usd,
        l.total_usd as lines_total_usd,
        m.n_lines as mart_n_lines,
        l.n_lines as lines_n_lines,
        coalesce(m.government, l.government) as government,
        coalesce(m.agency, l.agency) as agency,
        coalesce(m.fiscal_year, l.fiscal_year) as fiscal_year,
        coalesce(m.stage, l.stage) as budget_stage,
        coalesce(m.sector, l.sector) as sector
    from marts.sector_totals as m
    full outer join line_sums as l
        on
            m.government is not distinct from l.government
            and m.agency is not distinct from l.agency
            and m.fiscal_year is not distinct from l.fiscal_year
            and m.stage is not distinct from l.stage
            and m.sector is not distinct from l.sector
    where
        coalesce(m.total_jpy, 0) is distinct from l.total_jpy
        or coalesce(m.total_usd, 0) is distinct from l.total_usd
        or m.n_lines is distinct from l.n_lines
)

select * from final
order by government, agency, fiscal_year, budget_stage, sector
