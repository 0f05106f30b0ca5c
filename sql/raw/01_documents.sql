-- Every body ever fetched or read, stored once by content hash. Never deleted.
create table if not exists raw.documents (
    content_hash varchar primary key,
    body blob not null,
    content_type varchar,
    charset varchar,
    n_bytes bigint not null,
    first_source_id varchar,
    first_url varchar,
    first_seen_at timestamp not null
);
