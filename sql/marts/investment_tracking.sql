-- Public money per recipient: one row per tranche (recipient x instrument x fiscal year x stage) with
-- its amount and sources; the running total computed from tranches beside the cumulative total
-- that sources report, and the gap between them; first and last reported dates.
--
-- A tranche counts towards the computed total unless it is the same money seen elsewhere: a line
-- superseded by a later stage reporting the same amount, a line nested inside a larger figure of
-- the same recipient, a line that loses a conflict (another value for the same tranche), or a
-- request / draft figure once a later stage of the same recipient, instrument and fiscal year is
-- reported. Initial and supplementary budgets are separate money.
create or replace table marts.investment_tracking as
with tranche_lines as (
    select
        l.*,
        case l.stage
            when 'request' then 1
            when 'draft' then 2
            when 'initial' then 3
            when 'supplementary' then 3
            when 'announced' then 4
            when 'executed' then 5
            else 0
        end as stage_rank,
        coalesce(p.recipient is not distinct from l.recipient, false) as inside_same_recipient
    from core.budget_lines as l
    left join core.budget_lines as p on l.parent_line_id = p.line_id
    where l.kind in ('allocation', 'bond') and l.recipient is not null
),

tranches as (
    select
        t.*,
        t.superseded_by is null
        and t.alternative_to is null
        and not t.inside_same_recipient
        and not (
            t.stage in ('request', 'draft')
            and t.stage_rank < max(t.stage_rank) over (
                partition by t.recipient, t.instrument, t.fiscal_year
            )
        ) as counted_in_cumulative
    from tranche_lines as t
),

tranche_sources as (
    select
        s.line_id,
        string_agg(distinct coalesce(s.source_id, s.document), ', ' order by coalesce(s.source_id, s.document))
            as sources
    from core.budget_line_sources as s
    group by s.line_id
),

reported_ranked as (
    select
        line_id,
        recipient,
        government,
        sector,
        instrument,
        amount_jpy,
        n_sources,
        first_reported,
        last_reported,
        row_number() over (
            partition by recipient, instrument
            order by last_reported desc nulls last, n_sources desc, amount_jpy desc nulls last, line_id asc
        ) as recency
    from core.budget_lines
    where kind = 'cumulative_total' and recipient is not null and alternative_to is null
),

reported as (
    select
        line_id,
        recipient,
        government,
        sector,
        instrument,
        n_sources,
        first_reported,
        last_reported,
        amount_jpy as reported_cumulative_jpy,
        last_reported as reported_cumulative_as_of
    from reported_ranked
    where recency = 1
),

running as (
    select
        t.*,
        sum(case when t.counted_in_cumulative then t.amount_jpy else 0 end) over (
            partition by t.recipient, t.instrument
            order by t.fiscal_year nulls first, t.first_reported nulls first, t.line_id
            rows between unbounded preceding and current row
        ) as computed_cumulative_jpy,
        sum(case when t.counted_in_cumulative then t.amount_jpy else 0 end) over (
            partition by t.recipient, t.instrument
        ) as computed_total_jpy,
        sum(case when t.counted_in_cumulative then t.amount_jpy else 0 end) over (
            partition by t.recipient
        ) as recipient_total_jpy
    from tranches as t
),

recipient_dates as (
    select
        recipient,
        min(first_reported) as recipient_first_reported,
        max(last_reported) as recipient_last_reported
    from core.budget_lines
    where recipient is not null and kind in ('allocation', 'bond', 'cumulative_total')
    group by recipient
),

tranche_rows as (
    select
        r.recipient,
        r.government,
        r.instrument,
        r.fiscal_year,
        r.stage,
        r.sector,
        r.currency,
        r.amount,
        r.amount_jpy,
        r.amount_usd,
        r.qualifier,
        r.counted_in_cumulative,
        r.computed_cumulative_jpy,
        r.computed_total_jpy,
        r.recipient_total_jpy,
        coalesce(by_instrument.reported_cumulative_jpy, all_instruments.reported_cumulative_jpy)
            as reported_cumulative_jpy,
        coalesce(by_instrument.reported_cumulative_as_of, all_instruments.reported_cumulative_as_of)
            as reported_cumulative_as_of,
        case
            when by_instrument.recipient is not null then 'instrument'
            when all_instruments.recipient is not null then 'all_instruments'
        end as reported_cumulative_scope,
        case
            when by_instrument.recipient is not null
                then by_instrument.reported_cumulative_jpy - r.computed_total_jpy
            else all_instruments.reported_cumulative_jpy - r.recipient_total_jpy
        end as cumulative_gap_jpy,
        r.n_sources,
        ts.sources,
        r.first_reported,
        r.last_reported,
        r.line_id,
        r.superseded_by
    from running as r
    left join tranche_sources as ts on r.line_id = ts.line_id
    left join reported as by_instrument
        on
            r.recipient = by_instrument.recipient
            and r.instrument = by_instrument.instrument
            and by_instrument.instrument <> 'unknown'
    left join reported as all_instruments
        on r.recipient = all_instruments.recipient and all_instruments.instrument = 'unknown'
),

untracked_totals as (
    -- a cumulative total that sources report for a recipient and instrument with no tranche found
    select
        c.recipient,
        c.government,
        c.instrument,
        null::integer as fiscal_year,
        null::varchar as stage,
        c.sector,
        null::varchar as currency,
        null::decimal(38, 0) as amount,
        null::decimal(38, 0) as amount_jpy,
        null::decimal(38, 0) as amount_usd,
        null::varchar as qualifier,
        false as counted_in_cumulative,
        0 as computed_cumulative_jpy,
        0 as computed_total_jpy,
        0 as recipient_total_jpy,
        c.reported_cumulative_jpy,
        c.reported_cumulative_as_of,
        case when c.instrument = 'unknown' then 'all_instruments' else 'instrument' end
            as reported_cumulative_scope,
        c.reported_cumulative_jpy as cumulative_gap_jpy,
        c.n_sources,
        ts.sources,
        c.first_reported,
        c.last_reported,
        c.line_id,
        null::varchar as superseded_by
    from reported as c
    left join tranche_sources as ts on c.line_id = ts.line_id
    where not exists (
        select 1 from tranches as t
        where
            t.recipient = c.recipient
            and (t.instrument = c.instrument or c.instrument = 'unknown')
    )
),

final as (
    select
        u.recipient,
        u.government,
        u.instrument,
        u.fiscal_year,
        u.stage,
        u.sector,
        u.currency,
        u.amount,
        u.amount_jpy,
        u.amount_usd,
        u.qualifier,
        u.counted_in_cumulative,
        u.computed_cumulative_jpy::decimal(38, 0) as computed_cumulative_jpy,
        u.computed_total_jpy::decimal(38, 0) as computed_total_jpy,
        u.recipient_total_jpy::decimal(38, 0) as recipient_total_jpy,
        u.reported_cumulative_jpy::decimal(38, 0) as reported_cumulative_jpy,
        u.reported_cumulative_as_of,
        u.reported_cumulative_scope,
        u.cumulative_gap_jpy::decimal(38, 0) as cumulative_gap_jpy,
        u.n_sources,
        u.sources,
        u.first_reported,
        u.last_reported,
        d.recipient_first_reported,
        d.recipient_last_reported,
        u.line_id,
        u.superseded_by
    from (
        select * from tranche_rows
        union all
        select * from untracked_totals
    ) as u
    left join recipient_dates as d on u.recipient = d.recipient
)

select * from final
order by recipient, instrument, fiscal_year nulls first, stage nulls first, line_id;
