-- Every table shaped like a Drizzle history: it has hash and created_at,
-- and no column Drizzle does not write (id, hash, created_at, name,
-- applied_at). One row per table: schema, table, columns in order.
SELECT n.nspname::text,
       c.relname::text,
       string_agg(a.attname::text, ',' ORDER BY a.attnum)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
GROUP BY n.nspname, c.relname
HAVING bool_or(a.attname = 'hash')
   AND bool_or(a.attname = 'created_at')
   AND bool_and(a.attname IN ('id', 'hash', 'created_at', 'name', 'applied_at'))
ORDER BY 1, 2
