-- Every table shaped like a Drizzle history: it has hash and created_at,
-- and no column Drizzle does not write (id, hash, created_at, name,
-- applied_at). One row per table: schema (none), table, columns.
SELECT '',
       m.name,
       group_concat(p.name, ',')
FROM sqlite_master AS m
JOIN pragma_table_info(m.name) AS p
WHERE m.type = 'table'
GROUP BY m.name
HAVING sum(p.name = 'hash') > 0
   AND sum(p.name = 'created_at') > 0
   AND sum(p.name NOT IN ('id', 'hash', 'created_at', 'name', 'applied_at')) = 0
ORDER BY m.name
