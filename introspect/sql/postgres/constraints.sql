-- Primary keys, foreign keys, unique and check constraints of the tables
-- of the schemas in $1. Key columns come as attnum arrays (JSON) that the
-- caller names from the columns query; only a foreign key to a table
-- outside $1 gets its referenced names here. The copies PostgreSQL makes
-- of a foreign key for each partition of the referenced table are left
-- out: they repeat the key of the same table. The last column tells a
-- constraint a partition inherits from its parent (a cloned key, or a
-- check not defined on the partition itself).
SELECT con.conrelid::int8, con.conname, con.contype::text, array_to_json(con.conkey),
       coalesce(fn.nspname, ''), coalesce(fc.relname, ''),
       con.confrelid::int8, array_to_json(con.confkey),
       CASE WHEN con.contype = 'f' AND NOT fn.nspname = ANY ($1::text[]) THEN
         (SELECT json_agg(a.attname ORDER BY k.ord)
            FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_catalog.pg_attribute AS a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)
       END,
       con.confdeltype::text, con.confupdtype::text, con.condeferrable, con.condeferred,
       CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) ELSE '' END,
       con.conparentid <> 0 OR NOT con.conislocal
FROM pg_catalog.pg_constraint AS con
JOIN pg_catalog.pg_class AS c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class AS fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace AS fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'f', 'u', 'c')
  AND n.nspname = ANY ($1::text[])
  AND NOT (con.contype = 'f' AND con.conparentid <> 0 AND EXISTS (
        SELECT 1 FROM pg_catalog.pg_constraint AS p
        WHERE p.oid = con.conparentid AND p.conrelid = con.conrelid))
