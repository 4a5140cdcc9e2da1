-- Each release with what its readers quarantined: partial = some cells or lines of its file were set aside
-- (kept in `quarantine` with the reason) while the rest loaded.
-- Grain: one release. Columns: release.*, quarantined_rows (of its file), partial.
create or replace view release_status as
select
    r.*,
    coalesce(q.quarantined_rows, 0) as quarantined_rows,
    coalesce(q.quarantined_rows, 0) > 0 as partial
from release as r
left join (select sha256, count(*) as quarantined_rows from quarantine group by sha256) as q using (sha256)
order by r.published_on, r.release_id;
