-- Where a figure came from: every vintage of it, in every release (published, failed or pending), oldest
-- first, with the file, its sha256 (the raw copy is raw/<sha256>.<suffix>) and the sheet and cell or line.
-- Grain: one figure of one release.
select
    f.measure,
    f.base,
    r.published_on,
    r.publisher,
    r.source_kind,
    r.source_file || coalesce(' (' || nullif(r.source_document, '') || ')', '') as source_file,
    f.source_location,
    f.value,
    f.value_high,
    f.decimals,
    f.unit,
    f.status,
    r.state as release_state,
    r.sha256
from fact as f
join release as r using (release_id)
where f.period_type = $period_type
    and f.period = $period
    and f.subject_code = $subject
    and f.geo_code = $geo
    and ($measure is null or f.measure = $measure)
    and ($base is null or f.base = $base)
order by f.measure, f.base, r.published_on, r.release_id;
