-- What the readers rejected from the given files, for the data-quality report.
select source_file, location, raw_label, raw_value, reason
from quarantine
where list_contains($sha256s, sha256)
order by source_file, location;
