-- Releases loaded but not yet validated: this run's, and any an interrupted run left behind.
select release_id from release where state = 'loaded' order by published_on, release_id;
