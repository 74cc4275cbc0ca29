-- The columns of one relation; used only when the all-tables query fails
-- because a single view or virtual table is broken (a view over a dropped
-- table, a module this build lacks), so the rest can still be read.
SELECT ?2, ?1, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
FROM pragma_table_xinfo(?1, ?2) AS c
ORDER BY c.cid
