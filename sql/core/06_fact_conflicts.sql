-- Budget lines that report the same item (same key) with amounts that disagree beyond rounding.
create table if not exists core.fact_conflicts (
    line_id_a varchar not null,
    line_id_b varchar not null,
    government varchar,
    agency varchar,
    fiscal_year integer,
    stage varchar,
    kind varchar,
    sector varchar,
    instrument varchar,
    recipient varchar,
    currency varchar,
    amount_a decimal(38, 0),
    amount_b decimal(38, 0),
    sources_a varchar,
    sources_b varchar,
    as_written_a varchar,
    as_written_b varchar,
    primary key (line_id_a, line_id_b)
);
