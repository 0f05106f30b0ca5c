-- The latest known state of each (source, url): what it served last and its validators.
create table if not exists raw.source_urls (
    source_id varchar not null,
    url varchar not null,
    content_hash varchar,
    content_type varchar,
    charset varchar,
    etag varchar,
    last_modified varchar,
    first_seen_at timestamp not null,
    last_fetched_at timestamp not null,
    primary key (source_id, url)
);
