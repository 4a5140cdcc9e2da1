-- Has this exact publication (same bytes, same document) been loaded before? Makes loading idempotent.
select release_id, state
from release
where sha256 = $sha256 and source_document = $source_document;
