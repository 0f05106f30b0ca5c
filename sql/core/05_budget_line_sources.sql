-- Every report behind each budget line, with its reported value and wording.
create table if not exists core.budget_line_sources (
    line_id varchar not null,
    fact_id varchar not null,
    document varchar not null,
    source_id varchar,
    url varchar,
    publisher_type varchar,
    reported_amount decimal(38, 0) not null,
    currency varchar not null,
    reported_amount_jpy decimal(38, 0),
    qualifier varchar,
    as_written varchar not null,
    sentence varchar,
    published date,
    report_rank integer not null,
    is_best boolean not null,
    primary key (line_id, fact_id)
);
