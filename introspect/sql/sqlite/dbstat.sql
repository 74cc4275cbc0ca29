-- Pages and cells per b-tree of the schemas in the JSON array ?1, split by
-- page type: a rowid table's rows are its leaf cells; an index or WITHOUT
-- ROWID b-tree keeps entries in interior cells too.
SELECT d.name, s.name, s.pagetype, sum(s.ncell), sum(s.pgsize)
FROM pragma_database_list AS d
JOIN dbstat(d.name) AS s
WHERE d.name IN (SELECT value FROM json_each(?1))
GROUP BY d.name, s.name, s.pagetype
