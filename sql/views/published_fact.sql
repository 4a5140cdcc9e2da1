-- Every figure of every published release, with where it came from.
-- Grain: one figure of one release (fact's natural key). Failed and not-yet-validated releases are absent.
-- By period: a row of a period comes from figures of that period alone.
create or replace view published_fact as
select
    f.*,
    r.publisher,
    r.published_on,
    r.source_kind,
    r.source_file,
    r.source_file || coalesce(' ' || nullif(r.source_document, ''), '') || ' ' || f.source_location as source
from fact as f
join release as r using (release_id)
where r.state = 'published';
