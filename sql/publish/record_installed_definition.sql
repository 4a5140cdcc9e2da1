-- An object of the warehouse was (re)installed from a definition with this digest.
insert or replace into installed_definition (kind, name, sha256, installed_at)
values ($kind, $name, $sha256, current_timestamp);
