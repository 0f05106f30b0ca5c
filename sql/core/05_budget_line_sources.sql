-- Every fact behind each budget line, with its reported value and wording.
create table if not exists core.budget_line_sources (
    line_id varchar not null,
    fact_id varchar not null,
    document varchar not null,
    source_id varchar,
    url varchar,
    publisher_type varchar,
    reported_amount decimal(38, 0),
    currency varchar,
    as_written varchar,
    sentence varchar,
    published date,
    is_best boolean not null,
    primary key (line_id, fact_id)
);
