-- Make way for industry_alias keyed by classification (017): one name stands for different codes in
-- different classifications ("Sản xuất bia" is VSIC 1993 class 1553 and VSIC 2007 class 1103).
-- Grain: none. Reference data only, reloaded from warehouse/reference/ after every migration.
drop table if exists industry_alias;
