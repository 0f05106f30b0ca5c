-- The latest recorded failed runs, newest first, at most as many as the parameter.
select
    run_id,
    job_name,
    failed_at,
    failed_steps,
    error
from raw.run_failures
order by failed_at desc
limit $1;
