-- The published figures as the warehouse stood at the end of a day: those of releases published on or before it.
-- Grain: as published_fact. Every derived `<view>_as_of(as_of_day)` macro stands on this one.
-- A release is dated by its publication day (release.published_on), not by when it was loaded.
create or replace macro published_fact_as_of(as_of_day) as table
select *
from published_fact
where published_on <= cast(as_of_day as date);
