-- Keep what a reader rejected (staged frame `staged_rejections`), once per file bytes, place and reason.
insert or ignore into quarantine (sha256, source_file, location, raw_label, raw_value, reason)
select distinct on (location, reason) $sha256, $source_file, location, raw_label, raw_value, reason
from staged_rejections;
