-- One schema's ANALYZE results; {{schema}} is the quoted schema name,
-- repeated with UNION ALL for every schema that has sqlite_stat1. The
-- first number of stat is the rows the entry covers (fewer for a partial
-- index: take the largest).
SELECT ? AS schema_name, tbl, stat FROM {{schema}}.sqlite_stat1
