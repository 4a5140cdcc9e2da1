-- fact_next takes the name fact. Grain: one figure of one release.
alter table fact_next rename to fact;
