-- The releases the checks ran over (published or held back), in the order of the periods they report.
-- Grain: one release. For the report's grid of check outcomes per release.
select release_id, reference_period, source_file, state
from release
where state in ('published', 'failed')
order by reference_period, published_on, release_id;
