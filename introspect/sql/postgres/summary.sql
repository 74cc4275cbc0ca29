-- Relations of the schemas in $1 for the overview: kind, planner row
-- estimate (-1 = never analyzed) and an estimated on-disk size including
-- indexes and TOAST, from the page counts VACUUM/ANALYZE keep in pg_class
-- (-1 for views, and for tables never vacuumed or analyzed). Summing
-- relpages costs nothing; pg_total_relation_size stats every file of every
-- relation and took ~200 ms on 5,000 tables. The structure page shows the
-- exact size.
SELECT n.nspname, c.relname, c.relkind::text,
       c.reltuples::float8,
       CASE
         WHEN c.relkind NOT IN ('r', 'p', 'm', 'f') OR c.reltuples < 0 THEN -1
         ELSE (c.relpages::bigint
               + coalesce((SELECT t.relpages FROM pg_catalog.pg_class AS t WHERE t.oid = c.reltoastrelid), 0)
               + coalesce((SELECT sum(i.relpages) FROM pg_catalog.pg_index AS x
                           JOIN pg_catalog.pg_class AS i ON i.oid = x.indexrelid
                           WHERE x.indrelid = c.oid), 0)
              )::bigint * current_setting('block_size')::bigint
       END
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY ($1::text[])
