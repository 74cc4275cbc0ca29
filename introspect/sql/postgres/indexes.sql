-- Indexes of the relations of the schemas in $1: key parts as attnums
-- (JSON; 0 = expression, INCLUDE columns after the first indnkeyatts)
-- that the caller names from the columns query, and for expression
-- indexes the text of every key part; predicate, access method, whether it
-- backs a UNIQUE constraint, the CREATE INDEX statement, and whether it
-- is a partition's copy of an index of its parent (attached to it).
SELECT i.indrelid::int8, ic.relname, i.indisunique, i.indisprimary, am.amname,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true),
       array_to_json(i.indkey::int2[]), i.indnkeyatts,
       CASE WHEN i.indexprs IS NOT NULL THEN
         (SELECT json_agg(pg_catalog.pg_get_indexdef(i.indexrelid, k, true) ORDER BY k)
            FROM generate_series(1, i.indnkeyatts) AS k)
       END,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint AS con
               WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype = 'u'),
       pg_catalog.pg_get_indexdef(i.indexrelid),
       EXISTS (SELECT 1 FROM pg_catalog.pg_inherits AS inh WHERE inh.inhrelid = i.indexrelid)
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class AS c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam
WHERE c.relkind IN ('r', 'p', 'm', 'f')
  AND n.nspname = ANY ($1::text[])
