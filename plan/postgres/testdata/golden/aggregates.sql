-- Aggregates: one without arguments (count(*)-like) dropped, one whose
-- initial state changes replaced in place (CREATE OR REPLACE AGGREGATE),
-- one whose state function's argument changes dropped and created after
-- its new state function; a view calling one is created after it.
-- @live
CREATE AGGREGATE tally(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');
CREATE FUNCTION cat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce($1 || ',' || $2, $1, $2) $$;
CREATE AGGREGATE joined(text) (SFUNC = cat, STYPE = text);
CREATE AGGREGATE summed(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0', PARALLEL = SAFE);
-- @desired
CREATE FUNCTION cat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce($1 || ',' || $2, $1, $2) $$;
CREATE AGGREGATE joined(text) (SFUNC = cat, STYPE = text, INITCOND = '');
CREATE FUNCTION add_big(bigint, bigint) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT $1 + $2 $$;
CREATE AGGREGATE summed(bigint) (SFUNC = add_big, STYPE = bigint, INITCOND = '0');
CREATE TABLE t (name text, n bigint);
CREATE VIEW totals AS SELECT joined(name) AS names, summed(n) AS total FROM t;
