-- The catalog entries as last loaded: one row per source id.
create table if not exists raw.sources (
    source_id varchar primary key,
    catalog varchar not null,
    name varchar,
    kind varchar not null,
    url varchar,
    language varchar,
    government varchar,
    agency varchar,
    publisher_type varchar,
    schedule varchar,
    loaded_at timestamp not null
);
