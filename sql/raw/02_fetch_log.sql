-- One row per fetch attempt (success, 304, or error). Append-only.
create table if not exists raw.fetch_log (
    fetch_id varchar primary key,
    run_id varchar,
    source_id varchar not null,
    url varchar not null,
    final_url varchar,
    status integer,
    n_bytes bigint,
    duration_ms integer,
    error varchar,
    etag varchar,
    last_modified varchar,
    not_modified boolean not null default false,
    content_hash varchar,
    fetched_at timestamp not null
);
