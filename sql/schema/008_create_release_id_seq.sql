-- Release ids are assigned in load order; vintages are ordered by publication date, not by id.
create sequence if not exists release_id_seq start 1;
