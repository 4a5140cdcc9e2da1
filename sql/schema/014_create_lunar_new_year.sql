-- The first day of the lunar year (Tết Nguyên Đán) by the Vietnamese calendar: it falls in January or February
-- and takes a week or more of production with it, which is why analysts compare January and February combined.
-- Grain: one row per calendar year. Loaded from warehouse/reference/lunar_new_year.csv.
create table if not exists lunar_new_year (
    year integer primary key,
    tet_on date not null check (month(tet_on) in (1, 2) and year(tet_on) = year)
);
