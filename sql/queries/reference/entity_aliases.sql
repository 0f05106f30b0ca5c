-- Every alias of the loaded alias table, with its canonical name and entity type.
select
    canonical,
    entity_type,
    alias
from core.entities;
