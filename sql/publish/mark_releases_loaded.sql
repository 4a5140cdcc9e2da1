-- Take releases back out of view (used while deciding, inside a transaction that is rolled back).
update release set state = 'loaded'
where list_contains($release_ids, release_id);
