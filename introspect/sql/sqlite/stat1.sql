-- One schema's ANALYZE results; {{schema}} is the quoted schema name,
-- repeated with UNION ALL for every schema that has sqlite_stat1. The
-- first number of stat is the table's row count.
SELECT ? AS schema_name, tbl, stat FROM {{schema}}.sqlite_stat1
