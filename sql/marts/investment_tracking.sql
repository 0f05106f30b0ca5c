-- Public money per recipient: each tranche (recipient x instrument x fiscal year) with its sources,
-- the running total computed from tranches beside the cumulative total that sources report.
create or replace table marts.investment_tracking as
with tranches as (
    select
        l.line_id,
        l.recipient,
        l.government,
        l.instrument,
        l.fiscal_year,
        l.stage,
        l.sector,
        l.currency,
        l.amount,
        l.amount_jpy,
        l.amount_usd,
        l.n_sources,
        l.first_reported,
        l.last_reported
    from core.budget_lines as l
    where l.kind in ('allocation', 'bond') and l.recipient is not null and l.parent_line_id is null
),

tranche_sources as (
    select
        s.line_id,
        string_agg(distinct coalesce(s.source_id, s.document), ', ' order by coalesce(s.source_id, s.document))
            as sources
    from core.budget_line_sources as s
    group by s.line_id
),

reported_cumulative as (
    select
        l.recipient,
        l.instrument,
        max(l.amount_jpy) filter (where l.last_reported = latest.last_date) as reported_cumulative_jpy,
        max(latest.last_date) as reported_cumulative_as_of
    from core.budget_lines as l
    inner join (
        select
            recipient,
            instrument,
            max(last_reported) as last_date
        from core.budget_lines
        where kind = 'cumulative_total' and recipient is not null
        group by recipient, instrument
    ) as latest on l.recipient = latest.recipient and l.instrument = latest.instrument
    where l.kind = 'cumulative_total'
    group by l.recipient, l.instrument
),

running as (
    select
        t.*,
        sum(t.amount_jpy) over (
            partition by t.recipient, t.instrument
            order by t.fiscal_year nulls first, t.first_reported, t.line_id
            rows between unbounded preceding and current row
        ) as computed_cumulative_jpy,
        min(t.first_reported) over (partition by t.recipient) as recipient_first_reported,
        max(t.last_reported) over (partition by t.recipient) as recipient_last_reported
    from tranches as t
),

final as (
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
        r.computed_cumulative_jpy::decimal(38, 0) as computed_cumulative_jpy,
        c.reported_cumulative_jpy,
        c.reported_cumulative_as_of,
        (c.reported_cumulative_jpy - r.computed_cumulative_jpy)::decimal(38, 0) as cumulative_gap_jpy,
        r.n_sources,
        ts.sources,
        r.recipient_first_reported as first_reported,
        r.recipient_last_reported as last_reported,
        r.line_id
    from running as r
    left join tranche_sources as ts on r.line_id = ts.line_id
    left join reported_cumulative as c on r.recipient = c.recipient and r.instrument = c.instrument
)

select * from final
order by recipient, instrument, fiscal_year nulls first, line_id;
