-- Documents parsed without error.
select count(*) as n_documents
from staging.documents
where error is null;
