-- The periods the figures of these releases are about: what a materialized view refreshed by period recomputes.
select distinct period from fact where list_contains($release_ids, release_id) order by period;
