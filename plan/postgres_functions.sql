-- User functions and procedures with the statement that creates them:
-- aggregates and window functions are left out (pg_get_functiondef cannot
-- print them), and so are extension members, which come with their
-- extension. types is the identity by argument types (names may change);
-- args, with names, is what DROP takes.
SELECT n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes),
       pg_catalog.pg_get_function_identity_arguments(p.oid),
       p.prokind::text, coalesce(pg_catalog.pg_get_function_result(p.oid), ''), l.lanname,
       pg_catalog.pg_get_functiondef(p.oid)
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language AS l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY n.nspname, p.proname, 3
