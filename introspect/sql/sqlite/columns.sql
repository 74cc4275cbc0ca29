-- Every column of every table, view and virtual table of the schemas in
-- the JSON array ?1, in one query: the table-valued pragma is joined to
-- the table list. hidden: 1 = hidden virtual-table column, 2 = VIRTUAL
-- generated, 3 = STORED generated.
SELECT t.schema, t.name, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
FROM pragma_table_list AS t
JOIN pragma_table_xinfo(t.name, t.schema) AS c
WHERE t.schema IN (SELECT value FROM json_each(?1))
  AND t.type IN ('table', 'view', 'virtual')
  AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY t.schema, t.name, c.cid
