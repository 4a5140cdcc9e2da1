-- Keep what the readers rejected (staged frame `staged_rejections`: warehouse.facts.REJECTION_SCHEMA plus
-- sha256 and source_file), once per file bytes, place and reason.
insert or ignore into quarantine (sha256, source_file, location, raw_label, raw_value, reason)
select distinct on (sha256, location, reason) sha256, source_file, location, raw_label, raw_value, reason
from staged_rejections;
