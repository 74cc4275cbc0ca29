-- Domains of the schemas in $1: base type (with its modifier), NOT NULL,
-- default as stored, collation when it differs from the base type's, and
-- the CHECK constraints as a JSON array of [name, definition] pairs in
-- name order (NULL when there are none). Extension members are left out:
-- they come with their extension.
SELECT n.nspname, t.typname,
       pg_catalog.format_type(t.typbasetype, t.typtypmod),
       t.typnotnull, t.typdefault,
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN co.collname ELSE '' END,
       (SELECT json_agg(json_build_array(c.conname, pg_catalog.pg_get_constraintdef(c.oid)) ORDER BY c.conname)
          FROM pg_catalog.pg_constraint AS c
         WHERE c.contypid = t.oid AND c.contype = 'c')
FROM pg_catalog.pg_type AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type AS bt ON bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = t.typcollation
WHERE t.typtype = 'd'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS d
                  WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
