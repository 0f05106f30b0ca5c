-- The facts the last budget-lines update read, with what the next update needs to redo only the
-- components that changed facts reach: the hash of each fact as read, the key fields and amounts
-- that decide which facts can share a line, its component and the fact it is nested in.
create table if not exists core.line_inputs (
    fact_id varchar primary key,
    document varchar not null,
    input_hash ubigint not null,
    kind varchar not null,
    sector varchar not null,
    government varchar,
    fiscal_year integer,
    agency varchar,
    stage varchar not null,
    instrument varchar not null,
    recipient varchar,
    currency varchar,
    amount hugeint,
    amount_jpy hugeint,
    in_lines boolean not null,
    nested_in varchar,
    component varchar
);
