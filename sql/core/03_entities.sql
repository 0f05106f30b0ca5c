-- The alias table that ships with the product (pipelines/data/entities.csv), one row per alias:
-- canonical recipients, agencies and governments with the names sources write them under.
create table if not exists core.entities (
    canonical varchar not null,
    entity_type varchar not null,
    country varchar,
    sector varchar,
    alias varchar not null,
    primary key (entity_type, alias)
);
