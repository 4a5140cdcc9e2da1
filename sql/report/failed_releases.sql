-- Releases held back by a critical check, with the reason, for a report rebuilt from the warehouse.
select release_id, source_file || coalesce(' ' || nullif(source_document, ''), '') || ': ' || state_reason
from release
where state = 'failed'
order by release_id;
