-- Any view as the warehouse stood at the end of a day: `from as_of('iip_headline', date '2024-02-01')`.
-- Grain: that of the view named. Calls the view's derived macro `<view>_as_of(as_of_day)`.
create or replace macro as_of(view_name, as_of_day) as table
from query(
    'from "' || replace(view_name, '"', '""') || '_as_of"(date '''
    || strftime(cast(as_of_day as date), '%Y-%m-%d') || ''')'
);
