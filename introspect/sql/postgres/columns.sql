-- Columns of every relation of the schemas in $1 (unordered: the caller
-- sorts by attnum, which spares the server a sort of wide rows).
-- attgenerated 's' = STORED generated (the expression is in pg_attrdef);
-- attidentity 'a' = ALWAYS, 'd' = BY DEFAULT. The collation is reported
-- only when it differs from the type's. A default cannot refer to columns,
-- so it is printed without the table's context, which is cheaper. attrelid and attnum also let the
-- caller name the columns of keys and indexes without joining
-- pg_attribute again.
SELECT a.attrelid::int8, a.attnum, a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod),
       a.attnotnull,
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, 0)
            ELSE pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
       a.attgenerated::text, a.attidentity::text,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname ELSE '' END,
       coalesce(d.description, '')
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef AS ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_description AS d
       ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY ($1::text[])
  AND a.attnum > 0
  AND NOT a.attisdropped
