-- Every file content the warehouse has seen, loaded or quarantined: a fetch skips these bytes.
select sha256 from release
union
select sha256 from quarantine;
