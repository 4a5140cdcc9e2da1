-- The digest each code-defined object was last installed from.
select kind, name, sha256 from installed_definition;
