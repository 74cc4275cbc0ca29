-- Every index of every table of the schemas in the JSON array ?1 with its
-- key parts in order (cid -2 = expression, -1 = rowid). origin: c = CREATE
-- INDEX, u = UNIQUE constraint, pk = PRIMARY KEY.
SELECT t.schema, t.name, i.name, i."unique", i.origin, i.partial, x.seqno, x.cid, x.name
FROM pragma_table_list AS t
JOIN pragma_index_list(t.name, t.schema) AS i
JOIN pragma_index_xinfo(i.name, t.schema) AS x
WHERE t.schema IN (SELECT value FROM json_each(?1))
  AND t.type = 'table'
  AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND x.key = 1
ORDER BY t.schema, t.name, i.name, x.seqno
