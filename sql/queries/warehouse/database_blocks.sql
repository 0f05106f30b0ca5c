-- The blocks of the attached database named by the parameter: all of them, and the free ones.
select
    total_blocks,
    free_blocks
from pragma_database_size()
where database_name = $1;
