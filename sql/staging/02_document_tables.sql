-- Tables found in documents, with the unit from their header.
create table if not exists staging.document_tables (
    document_id varchar not null,
    table_index integer not null,
    page integer,
    caption varchar,
    unit varchar,
    multiplier bigint,
    currency varchar,
    header varchar[],
    rows varchar[][],
    primary key (document_id, table_index)
);
