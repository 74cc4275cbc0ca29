-- Every foreign key of every table of the schemas in the JSON array ?1.
-- Rows of one key share an id and come in seq order; "to" is NULL when the
-- key names only the parent table (its primary key is meant).
SELECT t.schema, t.name, f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete
FROM pragma_table_list AS t
JOIN pragma_foreign_key_list(t.name, t.schema) AS f
WHERE t.schema IN (SELECT value FROM json_each(?1))
  AND t.type = 'table'
  AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY t.schema, t.name, f.id, f.seq
