-- Changes that sources state ("nearly triple", "1.5倍", "+50%"), each tied to the budget line of
-- the figure it describes (the nearest line figure of its sentence) when there is one.
create table if not exists core.stated_changes (
    fact_id varchar primary key,
    line_id varchar,
    measure varchar not null,
    government varchar,
    agency varchar,
    fiscal_year integer,
    stage varchar not null,
    sector varchar not null,
    percent decimal(12, 2),
    change_amount decimal(38, 0),
    currency varchar,
    change_amount_jpy decimal(38, 0),
    qualifier varchar,
    as_written varchar not null,
    sentence varchar,
    document varchar not null,
    source_id varchar,
    publisher_type varchar,
    published date
);
