-- Relations of the schemas in $1 for the overview: kind, planner row
-- estimate (-1 = never analyzed) and an estimated on-disk size including
-- indexes and TOAST, from the page counts VACUUM/ANALYZE keep in pg_class
-- (-1 for views, and for tables never vacuumed or analyzed). Summing
-- relpages costs nothing; pg_total_relation_size stats every file of every
-- relation and took ~200 ms on 5,000 tables. The structure page shows the
-- exact size. A partitioned table has no storage of its own (relpages is
-- -1 once analyzed: counted as 0). A partition comes with its parent, so
-- the overview can fold it under the partitioned table.
SELECT n.nspname, c.relname, c.relkind::text,
       c.reltuples::float8,
       CASE
         WHEN c.relkind NOT IN ('r', 'p', 'm', 'f') OR c.reltuples < 0 THEN -1
         ELSE (greatest(c.relpages, 0)::bigint
               + coalesce((SELECT t.relpages FROM pg_catalog.pg_class AS t WHERE t.oid = c.reltoastrelid), 0)
               + coalesce((SELECT sum(i.relpages) FROM pg_catalog.pg_index AS x
                           JOIN pg_catalog.pg_class AS i ON i.oid = x.indexrelid
                           WHERE x.indrelid = c.oid), 0)
              )::bigint * current_setting('block_size')::bigint
       END,
       coalesce(pn.nspname, ''), coalesce(pc.relname, '')
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_inherits AS i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_catalog.pg_class AS pc ON pc.oid = i.inhparent
LEFT JOIN pg_catalog.pg_namespace AS pn ON pn.oid = pc.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY ($1::text[])
