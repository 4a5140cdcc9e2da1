-- How much the views show: published releases and their figures.
select
    (select count(*) from release where state = 'published') as releases,
    (select count(*) from fact join release using (release_id) where state = 'published') as facts;
