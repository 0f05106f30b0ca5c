-- Which of the content hashes in the list parameter have a stored body.
with wanted as (
    select unnest($1) as content_hash
)

select d.content_hash
from raw.documents as d
inner join wanted as w on d.content_hash = w.content_hash;
