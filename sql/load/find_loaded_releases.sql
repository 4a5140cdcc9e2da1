-- Which of these file contents were loaded before, as which documents: loading the same bytes is a no-op.
select sha256, source_document, release_id
from release
where list_contains($sha256s, sha256);
