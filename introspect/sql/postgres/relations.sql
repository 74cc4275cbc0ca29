-- Relations of the schemas in $1 with what the model keeps per relation:
-- kind, estimates, size, comment, view SELECT, partitioning and the
-- foreign server of a foreign table. The oid lets the other queries name
-- a relation by number instead of by schema and name.
SELECT c.oid::int8, n.nspname, c.relname, c.relkind::text,
       c.reltuples::float8,
       CASE WHEN c.relkind IN ('r', 'p', 'm', 'f') THEN pg_catalog.pg_total_relation_size(c.oid) ELSE -1 END,
       coalesce(d.description, ''),
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) ELSE '' END,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) ELSE '' END,
       coalesce(pn.nspname, ''), coalesce(pc.relname, ''),
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) ELSE '' END,
       coalesce(fs.srvname, '')
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description AS d
       ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_catalog.pg_inherits AS i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_catalog.pg_class AS pc ON pc.oid = i.inhparent
LEFT JOIN pg_catalog.pg_namespace AS pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_catalog.pg_foreign_table AS ft ON ft.ftrelid = c.oid
LEFT JOIN pg_catalog.pg_foreign_server AS fs ON fs.oid = ft.ftserver
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY ($1::text[])
