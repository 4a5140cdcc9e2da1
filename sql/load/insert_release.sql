-- Record one publication; its figures follow in the same transaction.
insert into release (
    publisher, published_on, reference_period, source_kind, source_file, source_document, sha256, status
)
values (
    $publisher, $published_on, $reference_period, $source_kind, $source_file, $source_document, $sha256, $status
)
returning release_id;
