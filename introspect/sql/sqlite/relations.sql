-- Tables, views, virtual and shadow tables of the schemas in the JSON
-- array ?1, without SQLite's internal tables (sqlite_schema,
-- sqlite_sequence, sqlite_stat1, ...).
SELECT t.schema, t.name, t.type, t.wr
FROM pragma_table_list AS t
WHERE t.schema IN (SELECT value FROM json_each(?1))
  AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
