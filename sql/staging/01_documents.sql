-- Parsed documents: clean text and metadata of each stored body (document_id = content hash).
create table if not exists staging.documents (
    document_id varchar primary key,
    source_id varchar,
    url varchar,
    title varchar,
    published date,
    language varchar,
    author varchar,
    content_kind varchar,
    text varchar not null,
    n_chars integer not null,
    n_tables integer not null,
    error varchar,
    parser_version varchar not null,
    parsed_at timestamp not null
);
