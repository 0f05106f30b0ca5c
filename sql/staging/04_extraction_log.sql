-- Which document each stage has processed, with which code version, and any error it recorded.
create table if not exists staging.extraction_log (
    document_id varchar not null,
    stage varchar not null,
    version varchar not null,
    n_rows integer not null,
    error varchar,
    processed_at timestamp not null,
    primary key (document_id, stage)
);
