-- Enum types of the schemas in $1 with their labels in sort order (a JSON
-- array; NULL for an enum without labels).
SELECT n.nspname, t.typname,
       json_agg(e.enumlabel ORDER BY e.enumsortorder) FILTER (WHERE e.oid IS NOT NULL)
FROM pg_catalog.pg_type AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_enum AS e ON e.enumtypid = t.oid
WHERE t.typtype = 'e'
  AND n.nspname = ANY ($1::text[])
GROUP BY n.nspname, t.typname
