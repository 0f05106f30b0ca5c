-- The stored body with this content hash.
select body
from raw.documents
where content_hash = $1;
