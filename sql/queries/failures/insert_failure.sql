-- Record one failed run, unless its run id is recorded already; returns the run id when a row is added.
insert into raw.run_failures (run_id, job_name, failed_at, failed_steps, error, recorded_at)
values ($1, $2, $3, $4, $5, $6)
on conflict do nothing
returning run_id;
