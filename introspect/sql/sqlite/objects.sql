-- One schema's sqlite_schema rows; {{schema}} is the quoted schema name and
-- the query is repeated with UNION ALL for every schema read, so every
-- schema's statements come back in one round trip.
SELECT ? AS schema_name, type, name, tbl_name, coalesce(sql, '') AS sql
FROM {{schema}}.sqlite_schema
WHERE type IN ('table', 'view', 'index', 'trigger')
