-- Every figure loaded so far, into the widened table of 018. Grain: one figure of one release.
insert into fact_next by name select * from fact;
