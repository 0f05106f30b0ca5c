-- Runs that failed, recorded by the run-failure sensor: one row per Dagster run id.
create table if not exists raw.run_failures (
    run_id varchar primary key,
    job_name varchar not null,
    failed_at timestamp not null,
    failed_steps varchar,
    error varchar,
    recorded_at timestamp not null
);
