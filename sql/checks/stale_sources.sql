-- Stale sources: catalog sources fetched on a schedule (not manual, not local folders) with no
-- successful fetch (a body or a 304) within the last getvariable('stale_days') days.
-- A warning: the source may be down, moved or blocking us. Returns the stale sources.
with last_success as (
    select
        source_id,
        max(fetched_at) as last_success_at
    from raw.fetch_log
    where error is null
    group by source_id
),

last_attempt as (
    select
        source_id,
        max(fetched_at) as last_attempt_at,
        arg_max(error, fetched_at) as last_error
    from raw.fetch_log
    group by source_id
),

final as (
    select
        s.source_id,
        s.catalog,
        s.kind,
        s.schedule,
        s.url,
        ls.last_success_at,
        la.last_attempt_at,
        la.last_error
    from raw.sources as s
    left join last_success as ls on s.source_id = ls.source_id
    left join last_attempt as la on s.source_id = la.source_id
    where
        s.kind <> 'folder'
        and s.schedule <> 'manual'
        and (
            ls.last_success_at is null
            or ls.last_success_at < now()::timestamp - to_days(getvariable('stale_days')::integer)
        )
)

select * from final
order by source_id
