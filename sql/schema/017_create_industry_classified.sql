-- Industries the IIP is published for, in the classification each table was printed in: VSIC 2018 (the whole
-- industry, sections B-E, divisions 05-39; VSIC 2007 tables share these sections), and the VSIC 2007 and
-- VSIC 1993 classes (and VSIC 1993 sections) that tables of 2011-06 to 2013-02 print.
-- Grain: one row per code. Loaded from warehouse/reference/industries.csv.
create table if not exists industry (
    code varchar primary key,
    level varchar not null check (level in ('total', 'section', 'division', 'class')),
    parent_code varchar,
    name_vi varchar not null,
    name_en varchar not null,
    classification varchar not null check (classification in ('VSIC2018', 'VSIC2007', 'VSIC1993'))
);
