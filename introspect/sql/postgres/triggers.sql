-- User triggers (not the internal ones behind foreign keys) of the
-- relations of the schemas in $1.
SELECT t.tgrelid::int8, t.tgname, pg_catalog.pg_get_triggerdef(t.oid)
FROM pg_catalog.pg_trigger AS t
JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal
  AND n.nspname = ANY ($1::text[])
