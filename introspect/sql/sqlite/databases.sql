-- Every database of the connection in attach order: main, then attached
-- ones. temp is left out: it holds nothing a user keeps.
SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq
