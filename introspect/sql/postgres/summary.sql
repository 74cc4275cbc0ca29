-- Relations of the schemas in $1 for the overview: kind, planner row
-- estimate (-1 = never analyzed) and on-disk size including indexes and
-- TOAST (-1 for views, which have no storage).
SELECT n.nspname, c.relname, c.relkind::text,
       c.reltuples::float8,
       CASE WHEN c.relkind IN ('r', 'p', 'm', 'f') THEN pg_catalog.pg_total_relation_size(c.oid) ELSE -1 END
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY ($1::text[])
