-- Every money, percent and ratio phrase the grammar found, with its span in the document text.
create table if not exists staging.figure_mentions (
    document_id varchar not null,
    mention_no integer not null,
    start_offset integer not null,
    end_offset integer not null,
    as_written varchar not null,
    amount decimal(38, 0),
    amount_max decimal(38, 0),
    currency varchar,
    percent decimal(12, 2),
    qualifier varchar,
    negative boolean not null,
    unit varchar not null,
    extractor_version varchar not null,
    primary key (document_id, mention_no)
);
