-- Total pages of the schemas in the JSON array ?1 and the page size, to
-- decide whether a dbstat scan (which reads every page) is cheap enough.
SELECT coalesce(sum(p.page_count), 0), (SELECT page_size FROM pragma_page_size)
FROM pragma_database_list AS d
JOIN pragma_page_count(d.name) AS p
WHERE d.name IN (SELECT value FROM json_each(?1))
