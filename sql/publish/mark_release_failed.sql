-- A release that failed a critical check is kept, with the reason, and never shown in the views.
update release set state = 'failed', state_reason = $reason
where release_id = $release_id;
