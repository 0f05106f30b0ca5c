-- Year on year by government, agency, sector and stage: this year's total beside the prior year's,
-- the change computed from them, and the change that sources state ("nearly triple", "1.5倍").
--
-- Measures: `allocations` (allocation and bond lines not nested in another counted line, as in
-- sector_totals), `nested_allocations` ("of which" figures), `total_budget` (whole budgets). A line
-- that loses a conflict (`alternative_to`) is left out, as in every total.
-- The prior year is compared at the same stage where it exists; a request or a draft is compared
-- with the prior year's initial budget first, as ministries do (概算要求 / 予算案 vs 前年度当初).
-- The percentage is computed in the lines' own currency when both years share one, else in USD.
create or replace table marts.budget_changes as
with measured_lines as (
    select
        l.government,
        l.agency,
        l.sector,
        l.stage,
        l.fiscal_year,
        l.currency,
        l.amount,
        l.amount_jpy,
        l.amount_usd,
        case
            when l.kind = 'total_budget' then 'total_budget'
            when p.kind in ('allocation', 'bond') then 'nested_allocations'
            else 'allocations'
        end as measure
    from core.budget_lines as l
    left join core.budget_lines as p on l.parent_line_id = p.line_id
    where
        l.kind in ('allocation', 'bond', 'total_budget')
        and l.fiscal_year is not null
        and l.alternative_to is null
),

yearly as (
    select
        government,
        agency,
        sector,
        stage,
        measure,
        fiscal_year,
        sum(amount_jpy)::decimal(38, 0) as total_jpy,
        sum(amount_usd)::decimal(38, 0) as total_usd,
        case when count(distinct currency) = 1 then any_value(currency) end as currency,
        sum(amount)::decimal(38, 0) as local_sum,
        count(*)::integer as n_lines
    from measured_lines
    group by government, agency, sector, stage, measure, fiscal_year
),

prior_preference as (
    select
        preferences.stage,
        preferences.prior_stage,
        preferences.preference
    from (
        values
        ('request', 'initial', 1), ('request', 'request', 2), ('request', 'draft', 3),
        ('draft', 'initial', 1), ('draft', 'draft', 2), ('draft', 'request', 3),
        ('initial', 'initial', 1), ('initial', 'draft', 2),
        ('supplementary', 'supplementary', 1),
        ('executed', 'executed', 1), ('executed', 'initial', 2),
        ('announced', 'announced', 1),
        ('unknown', 'unknown', 1)
    ) as preferences (stage, prior_stage, preference)
),

prior_candidates as (
    select
        cur.government,
        cur.agency,
        cur.sector,
        cur.stage,
        cur.measure,
        cur.fiscal_year,
        prev.stage as prior_stage,
        prev.total_jpy as prior_total_jpy,
        prev.total_usd as prior_total_usd,
        prev.currency as prior_currency,
        prev.local_sum as prior_local_sum,
        row_number() over (
            partition by cur.government, cur.agency, cur.sector, cur.stage, cur.measure, cur.fiscal_year
            order by pp.preference
        ) as choice
    from yearly as cur
    inner join prior_preference as pp on cur.stage = pp.stage
    inner join yearly as prev
        on
            cur.government is not distinct from prev.government
            and cur.agency is not distinct from prev.agency
            and cur.sector = prev.sector
            and cur.measure = prev.measure
            and cur.fiscal_year = prev.fiscal_year + 1
            and pp.prior_stage = prev.stage
),

stated_ranked as (
    select
        *,
        row_number() over (
            partition by government, agency, sector, stage, measure, fiscal_year
            order by
                coalesce(publisher_type, '') = 'ministry' desc,
                percent is null asc,
                published asc nulls last,
                fact_id asc
        ) as authority
    from core.stated_changes
    where fiscal_year is not null
),

stated as (
    select
        government,
        agency,
        sector,
        stage,
        measure,
        fiscal_year,
        any_value(percent) filter (where authority = 1) as stated_change_pct,
        min(percent) as stated_change_pct_min,
        max(percent) as stated_change_pct_max,
        any_value(change_amount_jpy) filter (where authority = 1) as stated_change_jpy,
        count(*)::integer as n_stated,
        string_agg(distinct as_written, ' | ' order by as_written) as stated_as_written,
        string_agg(distinct coalesce(source_id, document), ', ' order by coalesce(source_id, document))
            as stated_sources
    from stated_ranked
    group by government, agency, sector, stage, measure, fiscal_year
),

keys as (
    select
        government,
        agency,
        sector,
        stage,
        measure,
        fiscal_year
    from yearly
    union
    select
        government,
        agency,
        sector,
        stage,
        measure,
        fiscal_year
    from stated
),

joined as (
    select
        k.*,
        y.total_jpy,
        y.total_usd,
        y.currency,
        y.local_sum,
        y.n_lines,
        p.prior_stage,
        p.prior_total_jpy,
        p.prior_total_usd,
        p.prior_currency,
        p.prior_local_sum,
        s.stated_change_pct,
        s.stated_change_pct_min,
        s.stated_change_pct_max,
        s.stated_change_jpy,
        s.n_stated,
        s.stated_as_written,
        s.stated_sources
    from keys as k
    left join yearly as y
        on
            k.government is not distinct from y.government
            and k.agency is not distinct from y.agency
            and k.sector = y.sector
            and k.stage = y.stage
            and k.measure = y.measure
            and k.fiscal_year = y.fiscal_year
    left join prior_candidates as p
        on
            k.government is not distinct from p.government
            and k.agency is not distinct from p.agency
            and k.sector = p.sector
            and k.stage = p.stage
            and k.measure = p.measure
            and k.fiscal_year = p.fiscal_year
            and p.choice = 1
    left join stated as s
        on
            k.government is not distinct from s.government
            and k.agency is not distinct from s.agency
            and k.sector = s.sector
            and k.stage = s.stage
            and k.measure = s.measure
            and k.fiscal_year = s.fiscal_year
),

computed as (
    select
        *,
        case
            when currency is not null and currency = prior_currency and prior_local_sum <> 0
                then (local_sum - prior_local_sum) * 100.0 / prior_local_sum
            when prior_total_usd <> 0
                then (total_usd - prior_total_usd) * 100.0 / prior_total_usd
        end as change_pct
    from joined
),

final as (
    select
        government,
        agency,
        sector,
        stage,
        measure,
        fiscal_year,
        total_jpy,
        total_usd,
        n_lines,
        prior_stage,
        prior_total_jpy,
        prior_total_usd,
        (total_jpy - prior_total_jpy)::decimal(38, 0) as change_jpy,
        change_pct::decimal(12, 2) as computed_change_pct,
        stated_change_pct::decimal(12, 2) as stated_change_pct,
        stated_change_pct_min::decimal(12, 2) as stated_change_pct_min,
        stated_change_pct_max::decimal(12, 2) as stated_change_pct_max,
        stated_change_jpy::decimal(38, 0) as stated_change_jpy,
        coalesce(n_stated, 0)::integer as n_stated,
        stated_as_written,
        stated_sources,
        (change_pct - stated_change_pct)::decimal(12, 2) as difference_pct_points,
        fiscal_year - 1 as prior_fiscal_year
    from computed
)

select * from final
order by government nulls last, agency nulls last, measure, sector, stage, fiscal_year;
