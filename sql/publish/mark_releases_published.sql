-- Releases that passed the critical checks become visible in every view.
update release set state = 'published', state_reason = null
where list_contains($release_ids, release_id);
