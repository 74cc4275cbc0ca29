-- Narrowing integers and numerics fails on rows out of range; the
-- counts show how many; nothing is changed.
-- @live
CREATE TABLE t (id integer PRIMARY KEY, big bigint, amount numeric(12, 2), label text);
-- @rows
INSERT INTO t VALUES (1, 3000000000, 123456.78, 'x'), (2, 5, 1.5, 'y');
-- @fails
-- @desired
CREATE TABLE t (id integer PRIMARY KEY, big integer, amount numeric(6, 2), label text);
